import type { Entity } from '@backstage/catalog-model';
import {
  getClusterMeshEntityRole,
  isGlobalServiceEntity,
} from '@meshportal/plugin-cilium-clustermesh-common';

/** A mesh or one of its clusters: the ClusterMesh tab has the mesh to show. */
export function isCiliumClusterMeshAvailable(entity: Entity): boolean {
  const role = getClusterMeshEntityRole(entity);
  return role === 'mesh' || role === 'cluster';
}

/** An entity declaring a global service of a mesh: the global-service card applies. */
export function isCiliumGlobalServiceAvailable(entity: Entity): boolean {
  return isGlobalServiceEntity(entity);
}
