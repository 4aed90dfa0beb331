import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { CILIUM_CLUSTERMESH_PLUGIN_ID } from '@meshportal/plugin-cilium-clustermesh-common';
import { clusterMeshApiRef } from './api/ClusterMeshApi';
import { ClusterMeshClient } from './api/ClusterMeshClient';
import { entityContentRouteRef, rootRouteRef } from './routes';

export const ciliumClusterMeshPlugin = createPlugin({
  id: CILIUM_CLUSTERMESH_PLUGIN_ID,
  apis: [
    createApiFactory({
      api: clusterMeshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ClusterMeshClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef, entityContent: entityContentRouteRef },
});

/**
 * The ClusterMesh tab of an entity page (legacy frontend system); show it
 * `if={isCiliumClusterMeshAvailable}`.
 */
export const EntityCiliumClusterMeshContent = ciliumClusterMeshPlugin.provide(
  createRoutableExtension({
    name: 'EntityCiliumClusterMeshContent',
    component: () =>
      import('./components/mesh/EntityClusterMeshContent').then(
        m => m.EntityClusterMeshContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);

/**
 * Where a Component's global service runs and how clients are routed; show it
 * `if={isCiliumGlobalServiceAvailable}`.
 */
export const EntityCiliumGlobalServiceCard = ciliumClusterMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityCiliumGlobalServiceCard',
    component: {
      lazy: () =>
        import('./components/globalServices').then(m => m.GlobalServiceCard),
    },
  }),
);

/** Every mesh the portal knows, for platform admins: mount at `/cilium-clustermesh`. */
export const CiliumClusterMeshPage = ciliumClusterMeshPlugin.provide(
  createRoutableExtension({
    name: 'CiliumClusterMeshPage',
    component: () =>
      import('./components/admin').then(m => m.ClusterMeshAdminPage),
    mountPoint: rootRouteRef,
  }),
);
