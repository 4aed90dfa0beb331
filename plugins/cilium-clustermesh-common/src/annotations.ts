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

/** On a `kubernetes-cluster` Resource: the cluster's Cilium name in its mesh. */
export const CLUSTER_NAME_ANNOTATION = 'cilium.io/cluster-name';

/** The Cilium cluster name a cluster entity stands for, if it says. */
export function getClusterMeshClusterName(entity: Entity): string | undefined {
  const value = entity.metadata.annotations?.[CLUSTER_NAME_ANNOTATION]?.trim();
  return value ? value : undefined;
}

/**
 * On a Component served through the mesh: `<namespace>/<service>` of its
 * Kubernetes Service, next to `cilium.io/clustermesh` naming the mesh.
 */
export const GLOBAL_SERVICE_ANNOTATION = 'cilium.io/global-service';

export interface GlobalServiceRef {
  mesh: string;
  namespace: string;
  name: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The global service an entity declares. Throws when the annotation is
 * there but malformed, naming the annotation, the rule and the fix.
 */
export function getGlobalServiceRef(
  entity: Entity,
): GlobalServiceRef | undefined {
  const value =
    entity.metadata.annotations?.[GLOBAL_SERVICE_ANNOTATION]?.trim();
  if (!value) return undefined;
  const mesh = getClusterMeshName(entity);
  if (!mesh) {
    throw new Error(
      `${GLOBAL_SERVICE_ANNOTATION} needs ${CLUSTERMESH_ANNOTATION} beside it. Fix: add ${CLUSTERMESH_ANNOTATION}: <mesh name> to the entity's annotations`,
    );
  }
  const [namespace, name, ...rest] = value.split('/');
  if (
    rest.length > 0 ||
    !DNS_LABEL.test(namespace ?? '') ||
    !DNS_LABEL.test(name ?? '')
  ) {
    throw new Error(
      `${GLOBAL_SERVICE_ANNOTATION} "${value}" is not <namespace>/<service> of lowercase DNS labels. Fix: write it like meshtest/aks-helloworld`,
    );
  }
  return { mesh, namespace, name };
}

/** Whether an entity declares a global service (well-formed or not). */
export function isGlobalServiceEntity(entity: Entity): boolean {
  return (
    !!entity.metadata.annotations?.[GLOBAL_SERVICE_ANNOTATION]?.trim() &&
    isClusterMeshEntity(entity)
  );
}
