import { Header, Page } from '@backstage/core-components';
import { ClusterMeshAdminContent } from './ClusterMeshAdminContent';

/**
 * The admin page of the legacy frontend system: its page and header around
 * the content, which brings its own `Content`.
 */
export function ClusterMeshAdminPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Cilium ClusterMesh"
        subtitle="Every mesh the portal knows"
      />
      <ClusterMeshAdminContent />
    </Page>
  );
}
