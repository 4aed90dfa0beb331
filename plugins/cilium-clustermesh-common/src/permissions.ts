import { createPermission } from '@backstage/plugin-permission-common';

/** Read clustermesh status, problems and global-service placement of a mesh. */
export const clusterMeshReadPermission = createPermission({
  name: 'cilium-clustermesh.mesh.read',
  attributes: { action: 'read' },
});

/** Ask the backend to read a mesh's clusters now instead of waiting for the next poll. */
export const clusterMeshRefreshPermission = createPermission({
  name: 'cilium-clustermesh.mesh.refresh',
  attributes: { action: 'update' },
});

/** Every permission the cilium-clustermesh backend registers. */
export const clusterMeshPermissions = [
  clusterMeshReadPermission,
  clusterMeshRefreshPermission,
];
