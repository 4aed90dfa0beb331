import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import ciliumClusterMeshPlugin from '@meshportal/plugin-cilium-clustermesh/alpha';

export default createApp({
  features: [catalogPlugin, scaffolderPlugin, ciliumClusterMeshPlugin],
});
