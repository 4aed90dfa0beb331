import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { registerMswTestHooks } from '@backstage/test-utils';
import {
  makeUnreachable,
  seed,
} from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { meshFixture, MeshFixture } from '../../__testUtils__/meshFixtures';
import { mockClusterMeshBackend } from '../../__testUtils__/mswBackend';
import { renderWithClient } from '../../__testUtils__/testApis';
import { serviceEntity } from '../../testEntities';
import { GlobalServiceCard } from './GlobalServiceCard';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

function serve(fixture: MeshFixture, options = {}) {
  server.use(...mockClusterMeshBackend({ 'lab-mesh': fixture }, options));
}

function withAnnotations(annotations: Record<string, string>): Entity {
  return {
    ...serviceEntity,
    metadata: { ...serviceEntity.metadata, annotations },
  };
}

async function renderCard(entity: Entity = serviceEntity) {
  await renderWithClient(
    <EntityProvider entity={entity}>
      <GlobalServiceCard />
    </EntityProvider>,
  );
}

function tableCells(name: string) {
  return within(screen.getByRole('table', { name }))
    .getAllByRole('row')
    .map(row =>
      [...row.querySelectorAll('th, td')].map(cell => cell.textContent),
    );
}

const KEY = 'meshtest/aks-helloworld-one';

describe('GlobalServiceCard', () => {
  it('shows where the service runs, how each copy is set and where clients go', async () => {
    serve(meshFixture('lab-mesh', seed()));
    await renderCard();
    expect(
      await screen.findByText('Present in 3/3 clusters'),
    ).toBeInTheDocument();
    expect(screen.getByText('Global service')).toBeInTheDocument();
    expect(screen.getByText(`${KEY} in lab-mesh`)).toBeInTheDocument();
    expect(tableCells(`Clusters of ${KEY}`)).toEqual([
      ['Cluster', 'Present', 'Global', 'Shared', 'Affinity', 'Ready backends'],
      ['cluster1', 'Yes', 'Yes', 'No', 'none', '2'],
      ['cluster2', 'Yes', 'Yes', 'Yes', 'remote', '2'],
      ['cluster3', 'Yes', 'Yes', 'Yes', 'none', '2'],
    ]);
    const routes = within(
      screen.getByRole('list', { name: `Routing of ${KEY}` }),
    ).getAllByRole('listitem');
    expect(routes.map(route => route.firstChild?.textContent)).toEqual([
      'clients in cluster1 → cluster1 (2 backends), cluster2 (2 backends), cluster3 (2 backends)',
      'clients in cluster2 → cluster3 (2 backends)',
      'clients in cluster3 → cluster2 (2 backends), cluster3 (2 backends)',
    ]);
    expect(
      screen.getByText('No problems found for this service.'),
    ).toBeInTheDocument();
  });

  it('lists the problems about the service with remediation and command', async () => {
    serve(
      meshFixture(
        'lab-mesh',
        seed({
          cluster3: observation => {
            observation.namespaces = [{ name: 'meshtest', global: false }];
          },
          cluster2: makeUnreachable,
        }),
      ),
    );
    await renderCard();
    expect(
      await screen.findByText('Present in 2/3 clusters, 1 not readable'),
    ).toBeInTheDocument();
    expect(tableCells(`Clusters of ${KEY}`).slice(1)).toEqual([
      ['cluster1', 'Yes', 'Yes', 'No', 'none', '2'],
      [
        'cluster2',
        'Unknown (unreachable)',
        'Unknown',
        'Unknown',
        'Unknown',
        'Unknown',
      ],
      ['cluster3', 'Yes', 'Yes (namespace not global)', 'Yes', 'none', '2'],
    ]);
    const problems = within(screen.getByRole('list', { name: 'Problems' }));
    expect(
      problems.getByText(
        `${KEY} is global in cluster3, but namespace meshtest is not`,
      ),
    ).toBeInTheDocument();
    expect(
      problems.getByText(
        'Annotate namespace meshtest in cluster3 with clustermesh.cilium.io/global=true.',
      ),
    ).toBeInTheDocument();
    const command =
      'kubectl --context cluster3 annotate namespace meshtest clustermesh.cilium.io/global=true --overwrite';
    expect(
      problems.getByText(
        (_, element) =>
          element?.tagName === 'CODE' && element.textContent === command,
      ),
    ).toBeInTheDocument();
  });

  it('says when no cluster has the service', async () => {
    serve(meshFixture('lab-mesh', seed()));
    await renderCard(
      withAnnotations({
        'cilium.io/clustermesh': 'lab-mesh',
        'cilium.io/global-service': 'meshtest/x',
      }),
    );
    expect(
      await screen.findByText(
        'meshtest/x is not a global service in lab-mesh (no cluster has it)',
      ),
    ).toBeInTheDocument();
  });

  it('says when the backend does not know the mesh', async () => {
    server.use(...mockClusterMeshBackend({}));
    await renderCard();
    expect(
      await screen.findByText('Mesh lab-mesh is not known to the backend'),
    ).toBeInTheDocument();
  });

  it('names the missing permission', async () => {
    serve(meshFixture('lab-mesh', seed()), { forbidden: true });
    await renderCard();
    expect(
      await screen.findByText(
        'You are not allowed to read mesh status (permission cilium-clustermesh.mesh.read)',
      ),
    ).toBeInTheDocument();
  });

  it('shows why a malformed annotation is rejected', async () => {
    await renderCard(
      withAnnotations({
        'cilium.io/clustermesh': 'lab-mesh',
        'cilium.io/global-service': 'MeshTest/hello/world',
      }),
    );
    expect(
      screen.getByText('Error: Invalid cilium.io/global-service annotation'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'cilium.io/global-service "MeshTest/hello/world" is not <namespace>/<service> of lowercase DNS labels. Fix: write it like meshtest/aks-helloworld',
      ),
    ).toBeInTheDocument();
  });

  it('names the annotation when it is missing', async () => {
    await renderCard(withAnnotations({ 'cilium.io/clustermesh': 'lab-mesh' }));
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getAllByText(/cilium\.io\/global-service/).length,
    ).toBeGreaterThan(0);
  });
});
