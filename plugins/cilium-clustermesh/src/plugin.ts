import {
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { CILIUM_CLUSTERMESH_PLUGIN_ID } from '@meshportal/plugin-cilium-clustermesh-common';
import { rootRouteRef } from './routes';

export const ciliumClusterMeshPlugin = createPlugin({
  id: CILIUM_CLUSTERMESH_PLUGIN_ID,
  routes: { root: rootRouteRef },
});

/** The ClusterMesh tab of an entity page (legacy frontend system). */
export const EntityCiliumClusterMeshContent = ciliumClusterMeshPlugin.provide(
  createRoutableExtension({
    name: 'EntityCiliumClusterMeshContent',
    component: () =>
      import('./components/EntityClusterMeshContent').then(
        m => m.EntityClusterMeshContent,
      ),
    mountPoint: rootRouteRef,
  }),
);
