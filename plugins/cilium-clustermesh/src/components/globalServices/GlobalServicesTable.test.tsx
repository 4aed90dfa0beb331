import { registerMswTestHooks } from '@backstage/test-utils';
import {
  largeMesh,
  makeUnreachable,
  markNotReady,
  seed,
} from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { useState } from 'react';
import { meshFixture, MeshFixture } from '../../__testUtils__/meshFixtures';
import { mockClusterMeshBackend } from '../../__testUtils__/mswBackend';
import { renderWithClient } from '../../__testUtils__/testApis';
import { GlobalServicesTable } from './GlobalServicesTable';

jest.setTimeout(60_000);

const server = setupServer();
registerMswTestHooks(server);

const SEED_CLUSTERS = ['cluster1', 'cluster2', 'cluster3'];

function serve(mesh: string, fixture: MeshFixture, options = {}) {
  server.use(...mockClusterMeshBackend({ [mesh]: fixture }, options));
}

function serviceRows() {
  return within(screen.getByRole('list', { name: 'Global services' }))
    .getAllByRole('listitem')
    .filter(item => item.getAttribute('aria-label')?.includes('/'));
}

function routingOf(key: string) {
  return within(
    screen.getByRole('list', { name: `Routing of ${key}` }),
  ).getAllByRole('listitem');
}

const SEED_KEY = 'meshtest/aks-helloworld-one';

describe('GlobalServicesTable', () => {
  it('shows the seed service: presence, chips in words and the real routing', async () => {
    serve('lab-mesh', meshFixture('lab-mesh', seed()));
    await renderWithClient(
      <GlobalServicesTable mesh="lab-mesh" clusters={SEED_CLUSTERS} />,
    );
    expect(
      await screen.findByText('Showing 1 of 1 services'),
    ).toBeInTheDocument();
    const [row] = serviceRows();
    expect(row).toHaveAccessibleName(SEED_KEY);
    expect(within(row).getByText('in 3/3 clusters')).toBeInTheDocument();
    for (const chip of [
      'cluster1: 2 ready · not shared · no affinity',
      'cluster2: 2 ready · shared · affinity remote',
      'cluster3: 2 ready · shared · no affinity',
    ]) {
      expect(within(row).getByText(chip)).toBeInTheDocument();
    }
    const lines = routingOf(SEED_KEY).map(item => item.firstChild?.textContent);
    expect(lines).toEqual([
      'clients in cluster1 → cluster1 (2 backends), cluster2 (2 backends), cluster3 (2 backends)',
      'clients in cluster2 → cluster3 (2 backends)',
      'clients in cluster3 → cluster2 (2 backends), cluster3 (2 backends)',
    ]);
    expect(
      within(row).getByText(
        /^Affinity remote: clients use the other clusters' backends/,
      ),
    ).toBeInTheDocument();
    expect(within(row).queryByText(/^Needs attention/)).not.toBeInTheDocument();
  });

  it('says when a cluster could not be read', async () => {
    serve(
      'lab-mesh',
      meshFixture('lab-mesh', seed({ cluster2: makeUnreachable })),
    );
    await renderWithClient(
      <GlobalServicesTable mesh="lab-mesh" clusters={SEED_CLUSTERS} />,
    );
    const chip = await screen.findByText('cluster2: unknown (unreachable)');
    expect(chip).toBeInTheDocument();
    expect(
      screen.getByText('in 2/3 clusters, 1 not readable'),
    ).toBeInTheDocument();
    expect(
      routingOf(SEED_KEY).map(item => item.firstChild?.textContent),
    ).toEqual([
      'clients in cluster1 → cluster1 (2 backends), cluster3 (2 backends)',
      'clients in cluster3 → cluster3 (2 backends)',
    ]);
  });

  it('marks a link that is not ready and opens the details in a dialog', async () => {
    serve(
      'lab-mesh',
      meshFixture(
        'lab-mesh',
        seed({
          cluster2: (_, c) => {
            markNotReady(c.agentViews, 'cluster3');
            markNotReady(c.kvstoremeshViews, 'cluster3');
          },
        }),
      ),
    );
    await renderWithClient(
      <GlobalServicesTable mesh="lab-mesh" clusters={SEED_CLUSTERS} />,
    );
    expect(
      await screen.findByText(
        'Needs attention: link cluster2 → cluster3 not ready',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'clients in cluster2 → cluster3 (2 backends) (link not ready)',
      ),
    ).toBeInTheDocument();

    fireEvent.click(
      screen.getByRole('button', { name: `Details of ${SEED_KEY}` }),
    );
    const dialog = await screen.findByRole('dialog');
    const table = within(dialog).getByRole('table', {
      name: `Clusters of ${SEED_KEY}`,
    });
    const cells = within(table)
      .getAllByRole('row')
      .map(r => [...r.querySelectorAll('th, td')].map(c => c.textContent));
    expect(cells).toEqual([
      ['Cluster', 'Present', 'Global', 'Shared', 'Affinity', 'Ready backends'],
      ['cluster1', 'Yes', 'Yes', 'No', 'none', '2'],
      ['cluster2', 'Yes', 'Yes', 'Yes', 'remote', '2'],
      ['cluster3', 'Yes', 'Yes', 'Yes', 'none', '2'],
    ]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('reloads when refreshKey changes', async () => {
    let fixture = meshFixture('lab-mesh', seed());
    server.use(
      ...mockClusterMeshBackend({
        get 'lab-mesh'() {
          return fixture;
        },
      }),
    );
    function Refreshing() {
      const [version, setVersion] = useState(0);
      return (
        <>
          <button onClick={() => setVersion(v => v + 1)}>Refresh</button>
          <GlobalServicesTable
            mesh="lab-mesh"
            clusters={SEED_CLUSTERS}
            refreshKey={version}
          />
        </>
      );
    }
    await renderWithClient(<Refreshing />);
    await screen.findByText('in 3/3 clusters');
    fixture = meshFixture('lab-mesh', seed({ cluster2: makeUnreachable }));
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(
      await screen.findByText('in 2/3 clusters, 1 not readable'),
    ).toBeInTheDocument();
  });

  it('shows only the focused service', async () => {
    const fixture = meshFixture('lab-mesh', seed());
    fixture.globalServices = [
      ...fixture.globalServices,
      { ...fixture.globalServices[0], name: 'other' },
    ];
    serve('lab-mesh', fixture);
    await renderWithClient(
      <GlobalServicesTable
        mesh="lab-mesh"
        clusters={SEED_CLUSTERS}
        focusService={{ namespace: 'meshtest', name: 'other' }}
      />,
    );
    expect(
      await screen.findByText('Showing 1 of 1 services'),
    ).toBeInTheDocument();
    expect(serviceRows().map(r => r.getAttribute('aria-label'))).toEqual([
      'meshtest/other',
    ]);
    expect(screen.queryByLabelText('Filter')).not.toBeInTheDocument();
  });

  it('sorts services that need attention first', async () => {
    const fixture = meshFixture('lab-mesh', seed());
    const [base] = fixture.globalServices;
    fixture.globalServices = [
      {
        ...base,
        namespace: 'alpha',
        name: 'lonely',
        clusters: [base.clusters[0]],
        routing: [base.routing[0]],
      },
      base,
      { ...base, namespace: 'zulu', name: 'wide' },
    ];
    serve('lab-mesh', fixture);
    await renderWithClient(
      <GlobalServicesTable mesh="lab-mesh" clusters={SEED_CLUSTERS} />,
    );
    await screen.findByText('Showing 3 of 3 services');
    const order = () => serviceRows().map(r => r.getAttribute('aria-label'));
    expect(order()).toEqual(['alpha/lonely', SEED_KEY, 'zulu/wide']);
    fireEvent.change(screen.getByLabelText('Sort by'), {
      target: { value: 'clusters' },
    });
    expect(order()).toEqual([SEED_KEY, 'zulu/wide', 'alpha/lonely']);
    fireEvent.change(screen.getByLabelText('Sort by'), {
      target: { value: 'problems' },
    });
    expect(order()).toEqual(['alpha/lonely', SEED_KEY, 'zulu/wide']);
    expect(
      screen.getByText('Needs attention: only in cluster1'),
    ).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Filter'), {
      target: { value: 'zulu' },
    });
    expect(order()).toEqual(['zulu/wide']);
    expect(screen.getByText('Showing 1 of 3 services')).toBeInTheDocument();
  });

  it('names the missing permission', async () => {
    serve('lab-mesh', meshFixture('lab-mesh', seed()), { forbidden: true });
    await renderWithClient(
      <GlobalServicesTable mesh="lab-mesh" clusters={SEED_CLUSTERS} />,
    );
    expect(
      await screen.findByText(
        'You are not allowed to read mesh status (permission cilium-clustermesh.mesh.read)',
      ),
    ).toBeInTheDocument();
  });

  describe('with 2,000 services in 255 clusters', () => {
    let big: MeshFixture;
    beforeAll(() => {
      big = meshFixture('big', largeMesh(255, 2000));
    });

    it('renders only the rows in view, and filters, narrows and sorts all of them', async () => {
      serve('big', big);
      const clusters = big.detail.clusters.map(c => c.name);
      await renderWithClient(
        <GlobalServicesTable mesh="big" clusters={clusters} />,
      );
      expect(
        await screen.findByText('Showing 2000 of 2000 services'),
      ).toBeInTheDocument();
      const inView = serviceRows();
      expect(inView.length).toBeGreaterThan(0);
      expect(inView.length).toBeLessThan(100);
      expect(inView[0]).toHaveAccessibleName('team-0/svc-0');
      expect(
        within(inView[0]).getByText('in 3/255 clusters'),
      ).toBeInTheDocument();

      // Details open outside the fixed-height rows.
      fireEvent.click(
        within(inView[0]).getByRole('button', {
          name: 'Details of team-0/svc-0',
        }),
      );
      const dialog = await screen.findByRole('dialog');
      expect(
        within(dialog).getByRole('table', { name: 'Clusters of team-0/svc-0' }),
      ).toBeInTheDocument();
      expect(
        within(dialog).getAllByText(
          /^No affinity: clients spread over local and remote/,
        ),
      ).toHaveLength(3);
      fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
      await waitFor(() =>
        expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
      );

      fireEvent.change(screen.getByLabelText('Filter'), {
        target: { value: 'svc-1999' },
      });
      expect(
        screen.getByText('Showing 1 of 2000 services'),
      ).toBeInTheDocument();
      expect(serviceRows().map(r => r.getAttribute('aria-label'))).toEqual([
        'team-49/svc-1999',
      ]);
      expect(
        screen.getByText('aks-217: 2 ready · shared · no affinity'),
      ).toBeInTheDocument();

      fireEvent.change(screen.getByLabelText('Filter'), {
        target: { value: 'aks-255' },
      });
      // svc-s lives in clusters s+1..s+3 (mod 255): seven services each for s ≡ 252, 253, 254.
      expect(
        screen.getByText('Showing 21 of 2000 services'),
      ).toBeInTheDocument();

      fireEvent.change(screen.getByLabelText('Filter'), {
        target: { value: '' },
      });
      fireEvent.change(screen.getByLabelText('Namespace'), {
        target: { value: 'team-7' },
      });
      expect(
        screen.getByText('Showing 40 of 2000 services'),
      ).toBeInTheDocument();
      expect(serviceRows()).toHaveLength(40);

      fireEvent.change(screen.getByLabelText('Namespace'), {
        target: { value: '' },
      });
      fireEvent.change(screen.getByLabelText('Filter'), {
        target: { value: 'no-such-service' },
      });
      expect(
        screen.getByText('No services match the filter.'),
      ).toBeInTheDocument();
    });
  });
});
