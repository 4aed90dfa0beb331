/**
 * Backend plugin for Cilium ClusterMesh status, problems and global services.
 *
 * @packageDocumentation
 */
export { ciliumClusterMeshPlugin as default } from './plugin';
