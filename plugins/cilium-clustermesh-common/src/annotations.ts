import type { Entity } from '@backstage/catalog-model';

/**
 * Names the mesh an entity belongs to. Set on the mesh entity itself, on each
 * `kubernetes-cluster` Resource of the mesh and on services made global in it.
 */
export const CLUSTERMESH_ANNOTATION = 'cilium.io/clustermesh';

/** The mesh an entity belongs to, or undefined when it carries no usable annotation. */
export function getClusterMeshName(entity: Entity): string | undefined {
  const value = entity.metadata.annotations?.[CLUSTERMESH_ANNOTATION]?.trim();
  return value ? value : undefined;
}

/** Whether the cilium-clustermesh plugin has something to show for this entity. */
export function isClusterMeshEntity(entity: Entity): boolean {
  return getClusterMeshName(entity) !== undefined;
}

/** `spec.type` of the catalog Resource that stands for a whole mesh. */
export const CLUSTERMESH_RESOURCE_TYPE = 'cilium-clustermesh';
/** `spec.type` Backstage's Kubernetes plugin uses for clusters. */
export const KUBERNETES_CLUSTER_RESOURCE_TYPE = 'kubernetes-cluster';

/** What an entity with the mesh annotation stands for in its mesh. */
export type ClusterMeshEntityRole = 'mesh' | 'cluster' | 'workload';

export function getClusterMeshEntityRole(
  entity: Entity,
): ClusterMeshEntityRole | undefined {
  if (!isClusterMeshEntity(entity)) {
    return undefined;
  }
  if (entity.kind.toLocaleLowerCase('en-US') === 'resource') {
    const type = entity.spec?.type;
    if (type === CLUSTERMESH_RESOURCE_TYPE) return 'mesh';
    if (type === KUBERNETES_CLUSTER_RESOURCE_TYPE) return 'cluster';
  }
  return 'workload';
}
