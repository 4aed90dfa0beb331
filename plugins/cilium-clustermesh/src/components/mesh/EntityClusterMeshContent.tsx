import { Content, WarningPanel } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import {
  CLUSTER_NAME_ANNOTATION,
  CLUSTERMESH_ANNOTATION,
  getClusterMeshClusterName,
  getClusterMeshEntityRole,
  getClusterMeshName,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { GlobalServiceCard } from '../globalServices';
import { MeshView } from './MeshView';

/**
 * The ClusterMesh tab: the whole mesh on the mesh's entity page, the mesh
 * focused on one cluster on a cluster's page, the global service on a
 * workload's page.
 */
export function EntityClusterMeshContent() {
  const { entity } = useEntity();
  const mesh = getClusterMeshName(entity);
  const role = getClusterMeshEntityRole(entity);
  if (!mesh || !role) {
    return <MissingAnnotationEmptyState annotation={CLUSTERMESH_ANNOTATION} />;
  }
  if (role === 'workload') {
    return (
      <Content>
        <GlobalServiceCard />
      </Content>
    );
  }
  const focus =
    role === 'cluster' ? getClusterMeshClusterName(entity) : undefined;
  return (
    <Content>
      {role === 'cluster' && !focus && (
        <Box mb={3}>
          <WarningPanel
            severity="info"
            title="Showing the whole mesh"
            message={`Add the annotation ${CLUSTER_NAME_ANNOTATION}: <Cilium cluster name> to this entity to focus the tab on its cluster.`}
          />
        </Box>
      )}
      <MeshView mesh={mesh} focus={focus} />
    </Content>
  );
}
