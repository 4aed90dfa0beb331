import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  CILIUM_CLUSTERMESH_PLUGIN_ID,
  isClusterMeshEntity,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { rootRouteRef } from './routes';

/** The ClusterMesh tab, shown only on entities that name a mesh. */
export const entityClusterMeshContent = EntityContentBlueprint.make({
  name: 'clustermesh',
  params: {
    path: '/clustermesh',
    title: 'ClusterMesh',
    group: 'deployment',
    routeRef: rootRouteRef,
    filter: isClusterMeshEntity,
    loader: () =>
      import('./components/EntityClusterMeshContent').then(m => (
        <m.EntityClusterMeshContent />
      )),
  },
});

export default createFrontendPlugin({
  pluginId: CILIUM_CLUSTERMESH_PLUGIN_ID,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [entityClusterMeshContent],
});
