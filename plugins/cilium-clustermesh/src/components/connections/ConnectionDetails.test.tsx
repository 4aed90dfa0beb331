import { registerMswTestHooks } from '@backstage/test-utils';
import {
  markNotReady,
  seed,
} from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { MeshFixture, meshFixture } from '../../__testUtils__/meshFixtures';
import { mockClusterMeshBackend } from '../../__testUtils__/mswBackend';
import { renderWithClient } from '../../__testUtils__/testApis';
import { ConnectionDetails } from './ConnectionDetails';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

function degradedMesh() {
  return meshFixture(
    'lab-mesh',
    seed({
      cluster3: (_, c) =>
        markNotReady(c.agentViews, 'cluster1', ['cilium-cluster3-0']),
    }),
    {
      history: [
        {
          from: 'cluster3',
          to: 'cluster1',
          state: 'connected',
          at: '2026-06-01T10:00:00.000Z',
        },
        {
          from: 'cluster3',
          to: 'cluster1',
          state: 'degraded',
          previousState: 'disconnected',
          detail: '2/3 agents ready',
          at: '2026-06-01T11:59:00.000Z',
        },
        {
          from: 'cluster3',
          to: 'cluster1',
          state: 'disconnected',
          previousState: 'connected',
          at: '2026-06-01T11:30:00.000Z',
        },
        {
          from: 'cluster1',
          to: 'cluster3',
          state: 'disconnected',
          previousState: 'connected',
          at: '2026-06-01T11:45:00.000Z',
        },
      ],
    },
  );
}

async function renderDetails(
  fixture: MeshFixture,
  from: string,
  to: string,
  options: { forbidden?: boolean } = {},
) {
  server.use(...mockClusterMeshBackend({ 'lab-mesh': fixture }, options));
  const connection = fixture.connections.find(
    c => c.from === from && c.to === to,
  )!;
  await renderWithClient(
    <ConnectionDetails
      mesh="lab-mesh"
      connection={connection}
      problems={fixture.detail.problems}
    />,
  );
}

function codeBlock(text: string) {
  return screen.getByText(
    (_, element) => element?.tagName === 'CODE' && element.textContent === text,
  );
}

describe('ConnectionDetails', () => {
  it('shows both layers, the problem with its command and the history of the direction', async () => {
    await renderDetails(degradedMesh(), 'cluster3', 'cluster1');

    expect(
      screen.getByRole('heading', { name: 'cluster3 → cluster1' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Degraded')).toBeInTheDocument();
    expect(
      screen.getByText(
        /How cluster3 sees cluster1\. cluster3's Cilium configuration names cluster1\./,
      ),
    ).toBeInTheDocument();

    const agents = screen.getByRole('region', {
      name: 'Cilium agents of cluster3',
    });
    const agentRows = within(agents)
      .getAllByRole('row')
      .map(row => row.textContent);
    expect(agentRows).toEqual(
      expect.arrayContaining([
        'Ready2/3',
        'Know the target3/3',
        'Failures4',
        'Last failure1 Jun 2026, 11:58:00 UTC',
        'Not readycilium-cluster3-0',
        'Remote nodes3',
      ]),
    );
    const kvstoremesh = screen.getByRole('region', {
      name: 'KVStoreMesh of cluster3',
    });
    expect(
      within(kvstoremesh)
        .getAllByRole('row')
        .map(row => row.textContent),
    ).toEqual(expect.arrayContaining(['Ready1/1', 'Not readyNone']));

    const problems = screen.getByRole('region', { name: 'Problems' });
    expect(
      within(problems).getByText(
        'cluster3 → cluster1: 2/3 agents, 1/1 KVStoreMesh ready',
      ),
    ).toBeInTheDocument();
    expect(
      codeBlock(
        'kubectl --context cluster3 exec -n kube-system cilium-cluster3-0 -c cilium-agent -- cilium-dbg troubleshoot clustermesh cluster1',
      ),
    ).toBeInTheDocument();
    expect(within(problems).getByRole('button')).toBeInTheDocument();

    const history = await screen.findByRole('list', {
      name: 'Changes of cluster3 to cluster1',
    });
    expect(
      within(history)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      '!cluster3 → cluster1: Down → Degraded1 Jun 2026, 11:59:00 UTC · 2/3 agents ready',
      '✕cluster3 → cluster1: Ready → Down1 Jun 2026, 11:30:00 UTC',
      '✓cluster3 → cluster1: first seen Ready1 Jun 2026, 10:00:00 UTC',
    ]);
  });

  it('says so when a healthy direction has no problems and no recorded changes', async () => {
    await renderDetails(degradedMesh(), 'cluster1', 'cluster2');

    expect(
      screen.getByText('No problems found between cluster1 and cluster2.'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No changes of this connection recorded yet.'),
    ).toBeInTheDocument();
  });

  it('keeps the details when the history cannot be loaded', async () => {
    await renderDetails(degradedMesh(), 'cluster3', 'cluster1', {
      forbidden: true,
    });

    expect(
      await screen.findByText(
        /The history of this connection could not be loaded: .*403/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Cilium agents of cluster3' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'cluster3 → cluster1: 2/3 agents, 1/1 KVStoreMesh ready',
      ),
    ).toBeInTheDocument();
  });
});
