/**
 * Scaffolder actions that provision AKS clusters, install Cilium and build a ClusterMesh.
 *
 * @packageDocumentation
 */
export { scaffolderModuleCiliumClusterMesh as default } from './module';
export { createMeshPreflightAction } from './actions/meshPreflight';
