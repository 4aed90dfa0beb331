import { EntityProvider } from '@backstage/plugin-catalog-react';
import { registerMswTestHooks } from '@backstage/test-utils';
import {
  forgetPeer,
  makeUnreachable,
  markNotReady,
  seed,
} from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { meshFixture, MeshFixture } from '../../__testUtils__/meshFixtures';
import { mockClusterMeshBackend } from '../../__testUtils__/mswBackend';
import { renderWithClient } from '../../__testUtils__/testApis';
import { clusterEntity, meshEntity, unrelatedEntity } from '../../testEntities';
import { EntityClusterMeshContent } from './EntityClusterMeshContent';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);
// A test that listens to requests stops listening with it, even when it fails.
afterEach(() => server.events.removeAllListeners());

function serve(fixture: MeshFixture, options = {}) {
  server.use(...mockClusterMeshBackend({ 'lab-mesh': fixture }, options));
}

async function renderTab(entity = meshEntity, options = {}) {
  await renderWithClient(
    <EntityProvider entity={entity}>
      <EntityClusterMeshContent />
    </EntityProvider>,
    options,
  );
}

/**
 * How the graph labels its edge from → to: the accessible name states the
 * condition in words. (Queried by attribute: role queries over the whole
 * tab take seconds in jsdom.)
 */
async function edge(from: string, to: string) {
  const selector = `svg [role="button"][aria-label^="${from} to ${to}:"]`;
  const found = await waitFor(() => {
    const element = document.querySelector(selector);
    expect(element).not.toBeNull();
    return element!;
  });
  return found.getAttribute('aria-label') ?? '';
}

const degradedEdge = () =>
  seed({
    cluster3: (_, cilium) =>
      markNotReady(cilium.agentViews, 'cluster1', ['cilium-cluster3-0']),
  });

describe('the ClusterMesh tab', () => {
  it('shows a healthy mesh: three clusters, six ready links, the routing preview', async () => {
    serve(meshFixture('lab-mesh', seed()));
    await renderTab();
    const summary = await screen.findByRole('region', { name: 'Mesh summary' });
    expect(within(summary).getByText('Healthy')).toBeInTheDocument();
    expect(
      within(summary).getByText('3 clusters (3 healthy)'),
    ).toBeInTheDocument();
    expect(within(summary).getByText('6 links: 6 Ready')).toBeInTheDocument();
    expect(within(summary).getByText('No problems')).toBeInTheDocument();
    expect(within(summary).getByText('Read 12 s ago')).toBeInTheDocument();
    for (const [from, to] of [
      ['cluster1', 'cluster2'],
      ['cluster2', 'cluster3'],
      ['cluster3', 'cluster1'],
    ]) {
      expect(await edge(from, to)).toMatch(/Ready/);
    }
    expect(
      (await screen.findAllByText(/clients in cluster2 → cluster3/)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByText(/clusters could not be read/),
    ).not.toBeInTheDocument();
  });

  it('makes a degraded edge stand out with its problem', async () => {
    serve(meshFixture('lab-mesh', degradedEdge()));
    await renderTab();
    const summary = await screen.findByRole('region', { name: 'Mesh summary' });
    expect(within(summary).getByText('Degraded')).toBeInTheDocument();
    expect(
      within(summary).getByText('6 links: 1 Degraded, 5 Ready'),
    ).toBeInTheDocument();
    expect(await edge('cluster3', 'cluster1')).toMatch(/Degraded.*2\/3/);
    expect(await edge('cluster1', 'cluster3')).toMatch(/Ready/);
    expect(
      (await screen.findAllByText(/^cluster3 → cluster1: /)).length,
    ).toBeGreaterThan(0);
  });

  it('opens the direction picked in the graph: a Ready one read from the backend, a degraded one from the mesh', async () => {
    const fixture = meshFixture('lab-mesh', degradedEdge());
    serve(fixture);
    const connectionReads: string[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname.endsWith('/connections')) {
        connectionReads.push(url.search);
      }
    });
    await renderTab();
    const pick = async (from: string, to: string) => {
      await edge(from, to);
      fireEvent.click(
        document.querySelector(
          `svg [role="button"][aria-label^="${from} to ${to}:"]`,
        )!,
      );
      return waitFor(() => {
        const details = document.querySelector(
          `section[aria-label="Connection ${from} to ${to}"]`,
        );
        expect(details).not.toBeNull();
        return details as HTMLElement;
      });
    };

    // The graph holds only summaries: a Ready direction's facts are read.
    const ready = await pick('cluster1', 'cluster2');
    const agents = within(ready).getByRole('region', {
      name: 'Cilium agents of cluster1',
    });
    expect(within(agents).getAllByText('3/3')).toHaveLength(2);
    expect(within(agents).getByText('Never')).toBeInTheDocument();
    expect(connectionReads).toEqual(['?from=cluster1&to=cluster2&limit=1']);

    // The degraded one came with the mesh, not-ready pod and all.
    const degraded = await pick('cluster3', 'cluster1');
    expect(
      within(degraded).getAllByText('cilium-cluster3-0').length,
    ).toBeGreaterThan(0);
    expect(connectionReads).toHaveLength(1);
  });

  it('shows a one-way link', async () => {
    serve(
      meshFixture(
        'lab-mesh',
        seed({ cluster3: (_, cilium) => forgetPeer(cilium, 'cluster1') }),
      ),
    );
    await renderTab();
    await screen.findByRole('region', { name: 'Mesh summary' });
    // cluster1 still reaches cluster3, which no longer connects back.
    expect(await edge('cluster1', 'cluster3')).toMatch(/Ready/);
    expect(await edge('cluster3', 'cluster1')).not.toMatch(/Ready/);
    expect((await screen.findAllByText(/One-way/)).length).toBeGreaterThan(0);
  });

  it('renders the rest of the mesh when a cluster is unreachable', async () => {
    serve(meshFixture('lab-mesh', seed({ cluster2: makeUnreachable })));
    await renderTab();
    expect(
      await screen.findByText(/1 of 3 clusters could not be read/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/dial tcp 10\.0\.0\.1:443: i\/o timeout/).length,
    ).toBeGreaterThan(0);
    expect(await edge('cluster1', 'cluster3')).toMatch(/Ready/);
    expect(await edge('cluster2', 'cluster1')).toMatch(/Unknown/);
  });

  it('names the missing permission', async () => {
    serve(meshFixture('lab-mesh', seed()), { forbidden: true });
    await renderTab();
    expect(await screen.findByText(/Missing permission/)).toBeInTheDocument();
    expect(
      screen.getByText('cilium-clustermesh.mesh.read'),
    ).toBeInTheDocument();
  });

  it('names the missing annotation', async () => {
    await renderTab(unrelatedEntity);
    expect(
      (await screen.findAllByText(/cilium\.io\/clustermesh/)).length,
    ).toBeGreaterThan(0);
  });

  it('offers to join a cluster to an empty mesh', async () => {
    serve(meshFixture('lab-mesh', []));
    await renderTab();
    expect(
      await screen.findByText('Mesh lab-mesh has no clusters yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Join a cluster' }),
    ).toHaveAttribute(
      'href',
      '/create/templates/default/cilium-clustermesh-join',
    );
  });

  it('says when the backend does not know the mesh', async () => {
    server.use(...mockClusterMeshBackend({}));
    await renderTab();
    expect(
      await screen.findByText('Mesh lab-mesh is not known to the portal'),
    ).toBeInTheDocument();
  });

  it('focuses a cluster entity on its cluster', async () => {
    serve(meshFixture('lab-mesh', degradedEdge()));
    await renderTab(clusterEntity);
    await screen.findByRole('region', { name: 'Mesh summary' });
    // The details panel opens on the entity's own cluster, and the clusters
    // table marks its row; the mesh entity gets neither.
    expect(
      document.querySelector(
        'section[aria-label="Cluster cluster3 of mesh lab-mesh"]',
      ),
    ).not.toBeNull();
    // Tagged in the graph and in the clusters table.
    expect(await screen.findAllByText('This cluster')).toHaveLength(2);
    expect(
      screen.getByText(/Connections from cluster3 only/),
    ).toBeInTheDocument();
  });

  it('refreshes: reads the mesh again and shows the change', async () => {
    let broken = false;
    serve(meshFixture('lab-mesh', seed()), {
      onRefresh: () => {
        broken = true;
        return meshFixture('lab-mesh', degradedEdge(), {
          history: [
            {
              from: 'cluster3',
              to: 'cluster1',
              state: 'degraded',
              previousState: 'connected',
              at: '2026-06-01T11:59:30.000Z',
            },
          ],
        });
      },
    });
    await renderTab();
    expect(await edge('cluster3', 'cluster1')).toMatch(/Ready/);
    const refresh = screen.getByRole('button', { name: /^Refresh/ });
    // Enabled once the refresh permission is known.
    await waitFor(() => expect(refresh).toBeEnabled());
    fireEvent.click(refresh);
    await waitFor(() =>
      expect(
        document
          .querySelector('svg [aria-label^="cluster3 to cluster1:"]')
          ?.getAttribute('aria-label'),
      ).toMatch(/Degraded/),
    );
    expect(broken).toBe(true);
    expect(
      (await screen.findAllByText(/cluster3 → cluster1/)).length,
    ).toBeGreaterThan(0);
  });
});
