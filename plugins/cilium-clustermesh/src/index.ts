/**
 * Frontend plugin for Cilium ClusterMesh: the mesh tab on entity pages.
 * The new frontend system plugin is the default export of `/alpha`.
 *
 * @packageDocumentation
 */
export {
  ciliumClusterMeshPlugin,
  EntityCiliumClusterMeshContent,
} from './plugin';
export { rootRouteRef } from './routes';
export { isClusterMeshEntity as isCiliumClusterMeshAvailable } from '@meshportal/plugin-cilium-clustermesh-common';
