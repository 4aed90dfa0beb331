import {
  Content,
  InfoCard,
  StructuredMetadataTable,
} from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  CLUSTERMESH_ANNOTATION,
  ClusterMeshEntityRole,
  getClusterMeshEntityRole,
  getClusterMeshName,
} from '@meshportal/plugin-cilium-clustermesh-common';

const ROLE_LABELS: Record<ClusterMeshEntityRole, string> = {
  mesh: 'The mesh itself',
  cluster: 'A cluster of the mesh',
  workload: 'A workload served through the mesh',
};

/** The ClusterMesh tab: which mesh this entity belongs to and in what role. */
export function EntityClusterMeshContent() {
  const { entity } = useEntity();
  const mesh = getClusterMeshName(entity);
  const role = getClusterMeshEntityRole(entity);
  if (!mesh || !role) {
    return <MissingAnnotationEmptyState annotation={CLUSTERMESH_ANNOTATION} />;
  }
  return (
    <Content>
      <InfoCard title="Cilium ClusterMesh">
        <StructuredMetadataTable
          metadata={{ Mesh: mesh, Role: ROLE_LABELS[role] }}
        />
      </InfoCard>
    </Content>
  );
}
