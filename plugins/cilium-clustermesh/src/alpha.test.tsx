import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { registerMswTestHooks } from '@backstage/test-utils';
import { seed } from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { meshFixture } from './__testUtils__/meshFixtures';
import { mockClusterMeshBackend } from './__testUtils__/mswBackend';
import plugin, {
  clusterMeshApi,
  clusterMeshPage,
  entityClusterMeshContent,
  entityGlobalServiceCard,
} from './alpha';
import {
  clusterEntity,
  meshEntity,
  serviceEntity,
  unrelatedEntity,
} from './testEntities';

const server = setupServer();
registerMswTestHooks(server);

describe('cilium-clustermesh new frontend system plugin', () => {
  it('is the cilium-clustermesh plugin with its API, tab, card and page', () => {
    expect(plugin.id).toBe('cilium-clustermesh');
    const tab = createExtensionTester(entityClusterMeshContent);
    expect(tab.get(EntityContentBlueprint.dataRefs.title)).toBe('ClusterMesh');
    const page = createExtensionTester(clusterMeshPage);
    expect(page.get(coreExtensionData.routePath)).toBe('/cilium-clustermesh');
  });

  it('shows the tab on meshes and clusters, the card on global services', () => {
    const tab = createExtensionTester(entityClusterMeshContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    const card = createExtensionTester(entityGlobalServiceCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(
      [meshEntity, clusterEntity, serviceEntity, unrelatedEntity].map(e => [
        tab?.(e),
        card?.(e),
      ]),
    ).toEqual([
      [true, false],
      [true, false],
      [false, true],
      [false, false],
    ]);
  });

  it('renders the mesh on a cluster entity page through the real client', async () => {
    server.use(
      ...mockClusterMeshBackend(
        { 'lab-mesh': meshFixture('lab-mesh', seed()) },
        // The test app discovers backends under its backend.baseUrl.
        { baseUrl: 'http://localhost:7007/api/cilium-clustermesh' },
      ),
    );
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: clusterEntity }),
        clusterMeshApi,
        entityClusterMeshContent,
      ],
    });
    // The app loads its pages lazily, which takes a while on a busy CI machine.
    expect(
      await screen.findByText(
        '3 clusters (3 healthy)',
        {},
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
  }, 60_000);
});
