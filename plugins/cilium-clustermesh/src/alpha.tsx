import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import { CILIUM_CLUSTERMESH_PLUGIN_ID } from '@meshportal/plugin-cilium-clustermesh-common';
import { clusterMeshApiRef } from './api/ClusterMeshApi';
import { ClusterMeshClient } from './api/ClusterMeshClient';
import {
  isCiliumClusterMeshAvailable,
  isCiliumGlobalServiceAvailable,
} from './predicates';
import { entityContentRouteRef, rootRouteRef } from './routes';

export const clusterMeshApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: clusterMeshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ClusterMeshClient({ discoveryApi, fetchApi }),
    }),
});

/** The ClusterMesh tab, on mesh and cluster entities. */
export const entityClusterMeshContent = EntityContentBlueprint.make({
  name: 'clustermesh',
  params: {
    path: '/clustermesh',
    title: 'ClusterMesh',
    group: 'deployment',
    routeRef: entityContentRouteRef,
    filter: isCiliumClusterMeshAvailable,
    loader: () =>
      import('./components/mesh/EntityClusterMeshContent').then(m => (
        <m.EntityClusterMeshContent />
      )),
  },
});

/** The global-service card, on entities that declare one. */
export const entityGlobalServiceCard = EntityCardBlueprint.make({
  name: 'global-service',
  params: {
    type: 'content',
    filter: isCiliumGlobalServiceAvailable,
    loader: () =>
      import('./components/globalServices').then(m => <m.GlobalServiceCard />),
  },
});

/** Every mesh the portal knows, at `/cilium-clustermesh`. */
export const clusterMeshPage = PageBlueprint.make({
  params: {
    path: '/cilium-clustermesh',
    title: 'ClusterMesh',
    icon: <DeviceHubIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/admin').then(m => <m.ClusterMeshAdminContent />),
  },
});

export default createFrontendPlugin({
  pluginId: CILIUM_CLUSTERMESH_PLUGIN_ID,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef, entityContent: entityContentRouteRef },
  extensions: [
    clusterMeshApi,
    entityClusterMeshContent,
    entityGlobalServiceCard,
    clusterMeshPage,
  ],
});
