import { createPermission } from '@backstage/plugin-permission-common';

/** Read clustermesh status, problems and global-service placement of a mesh. */
export const clusterMeshReadPermission = createPermission({
  name: 'cilium-clustermesh.mesh.read',
  attributes: { action: 'read' },
});

/** Every permission the cilium-clustermesh backend registers. */
export const clusterMeshPermissions = [clusterMeshReadPermission];
