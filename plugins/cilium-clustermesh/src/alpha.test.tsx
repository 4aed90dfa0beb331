import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import plugin, { entityClusterMeshContent } from './alpha';
import { clusterEntity, meshEntity, unrelatedEntity } from './testEntities';

describe('cilium-clustermesh new frontend system plugin', () => {
  it('is the cilium-clustermesh plugin and provides the entity tab', () => {
    expect(plugin.id).toBe('cilium-clustermesh');
    const tester = createExtensionTester(entityClusterMeshContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'ClusterMesh',
    );
  });

  it('shows the tab only on entities that name a mesh', () => {
    const tester = createExtensionTester(entityClusterMeshContent);
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(meshEntity)).toBe(true);
    expect(filter?.(clusterEntity)).toBe(true);
    expect(filter?.(unrelatedEntity)).toBe(false);
  });

  it('renders the mesh and the role of a cluster on its entity page', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: clusterEntity }),
        entityClusterMeshContent,
      ],
    });
    // The app loads its pages lazily, which takes a while on a busy CI machine.
    expect(
      await screen.findByText('prod-mesh', {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('A cluster of the mesh')).toBeInTheDocument();
  }, 60_000);
});
