/**
 * Frontend plugin for Cilium ClusterMesh: the mesh tab on entity pages, the
 * global-service card and the admin page. The new frontend system plugin is
 * the default export of `/alpha`.
 *
 * @packageDocumentation
 */
export {
  ciliumClusterMeshPlugin,
  CiliumClusterMeshPage,
  EntityCiliumClusterMeshContent,
  EntityCiliumGlobalServiceCard,
} from './plugin';
export { entityContentRouteRef, rootRouteRef } from './routes';
export {
  isCiliumClusterMeshAvailable,
  isCiliumGlobalServiceAvailable,
} from './predicates';
export { clusterMeshApiRef } from './api/ClusterMeshApi';
export type {
  ClusterMeshApi,
  ConnectionQuery,
  HistoryQuery,
  PageQuery,
} from './api/ClusterMeshApi';
export { ClusterMeshClient } from './api/ClusterMeshClient';
