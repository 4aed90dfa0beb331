/**
 * Catalog module that provides a Resource for every Cilium ClusterMesh and
 * every cluster in it.
 *
 * @packageDocumentation
 */
export { catalogModuleCiliumClusterMesh as default } from './module';
export { meshEntities } from './entities';
export type { MeshEntitiesOptions, MeshInput } from './entities';
export { CiliumClusterMeshEntityProvider } from './provider';
export type {
  CiliumClusterMeshEntityProviderOptions,
  MeshSource,
} from './provider';
