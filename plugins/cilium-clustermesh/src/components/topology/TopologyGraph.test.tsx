import { renderInTestApp } from '@backstage/test-utils';
import type { ClusterObservation } from '@meshportal/plugin-cilium-clustermesh-common';
import {
  forgetPeer,
  largeMesh,
  makeUnreachable,
  markNotReady,
  seed,
} from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { fireEvent, screen, within } from '@testing-library/react';
import { meshFixture } from '../../__testUtils__/meshFixtures';
import type { MeshSelection } from '../mesh/selection';
import { TopologyGraph } from './TopologyGraph';

jest.setTimeout(30_000);

async function renderGraph(
  observations: ClusterObservation[],
  props: { focus?: string; selected?: MeshSelection } = {},
) {
  const fixture = meshFixture('lab-mesh', observations);
  const onSelect = jest.fn();
  await renderInTestApp(
    <TopologyGraph
      clusters={fixture.detail.clusters}
      connections={fixture.connections}
      onSelect={onSelect}
      {...props}
    />,
  );
  return onSelect;
}

function edge(from: string, to: string) {
  return screen.getByRole('button', { name: new RegExp(`^${from} to ${to}:`) });
}

function node(cluster: string) {
  return screen.getByRole('button', { name: new RegExp(`^${cluster}:`) });
}

const directions = [
  ['cluster1', 'cluster2'],
  ['cluster1', 'cluster3'],
  ['cluster2', 'cluster1'],
  ['cluster2', 'cluster3'],
  ['cluster3', 'cluster1'],
  ['cluster3', 'cluster2'],
];

describe('TopologyGraph', () => {
  it('draws the healthy seed mesh: three clusters and six Ready arrows', async () => {
    await renderGraph(seed());

    const graph = screen.getByRole('group', { name: 'Mesh topology' });
    expect(graph).toHaveAccessibleDescription(
      '3 clusters, 6 connections: 6 Ready',
    );
    for (const [from, to] of directions) {
      const arrow = edge(from, to);
      expect(arrow).toHaveAccessibleName(
        `${from} to ${to}: Ready, agents 3/3 ready, KVStoreMesh 1/1 ready`,
      );
      expect(
        within(arrow).getByText('✓ Ready · agents 3/3'),
      ).toBeInTheDocument();
    }
    expect(screen.queryByText('One-way')).not.toBeInTheDocument();

    for (const [cluster, id] of [
      ['cluster1', 1],
      ['cluster2', 2],
      ['cluster3', 3],
    ]) {
      const box = node(String(cluster));
      expect(box).toHaveAccessibleName(
        `${cluster}: Healthy, cluster ID ${id}, Cilium 1.20.0, agents 3/3 ready`,
      );
      expect(within(box).getByText(String(cluster))).toBeInTheDocument();
      expect(
        within(box).getByText(`ID ${id} · Cilium 1.20.0`),
      ).toBeInTheDocument();
      expect(within(box).getByText('Agents 3/3 ready')).toBeInTheDocument();
      expect(within(box).getByText('✓ Healthy')).toBeInTheDocument();
    }
  });

  it('names a degraded direction and its agent count; the reverse stays Ready', async () => {
    await renderGraph(
      seed({
        cluster3: (_, c) =>
          markNotReady(c.agentViews, 'cluster1', ['cilium-cluster3-0']),
      }),
    );
    const degraded = edge('cluster3', 'cluster1');
    expect(degraded).toHaveAccessibleName(
      expect.stringMatching(
        /^cluster3 to cluster1: Degraded, agents 2\/3 ready/,
      ),
    );
    expect(
      within(degraded).getByText('! Degraded · agents 2/3'),
    ).toBeInTheDocument();
    expect(edge('cluster1', 'cluster3')).toHaveAccessibleName(
      expect.stringMatching(/: Ready, agents 3\/3 ready/),
    );
    expect(screen.queryByText('One-way')).not.toBeInTheDocument();
    expect(
      screen.getByRole('group', { name: 'Mesh topology' }),
    ).toHaveAccessibleDescription(
      '3 clusters, 6 connections: 1 Degraded, 5 Ready',
    );
  });

  it('marks a pair one-way when one side forgot its peer', async () => {
    await renderGraph(seed({ cluster3: (_, c) => forgetPeer(c, 'cluster1') }));
    expect(screen.getByText('One-way')).toBeInTheDocument();
    expect(edge('cluster3', 'cluster1')).toHaveAccessibleName(
      expect.stringMatching(
        /^cluster3 to cluster1: Not configured, .*not in cluster3's configuration, one-way link$/,
      ),
    );
    expect(
      within(edge('cluster3', 'cluster1')).getByText(/^– Not configured/),
    ).toBeInTheDocument();
    expect(edge('cluster1', 'cluster3')).toHaveAccessibleName(
      expect.stringMatching(/^cluster1 to cluster3: Ready, .*one-way link$/),
    );
    expect(edge('cluster1', 'cluster2')).toHaveAccessibleName(
      expect.not.stringMatching(/one-way/),
    );
  });

  it('says a cluster that cannot be read is Down and its own view Unknown', async () => {
    await renderGraph(seed({ cluster2: makeUnreachable }));
    const box = node('cluster2');
    expect(box).toHaveAccessibleName(
      'cluster2: Down, unreachable: dial tcp 10.0.0.1:443: i/o timeout',
    );
    expect(within(box).getByText('✕ Down')).toBeInTheDocument();
    expect(within(box).getByText('Unreachable')).toBeInTheDocument();
    expect(edge('cluster2', 'cluster1')).toHaveAccessibleName(
      expect.stringMatching(/^cluster2 to cluster1: Unknown/),
    );
    expect(
      within(edge('cluster2', 'cluster1')).getByText(/^\? Unknown/),
    ).toBeInTheDocument();
    expect(edge('cluster1', 'cluster2')).toHaveAccessibleName(
      expect.stringMatching(/: Ready/),
    );
    expect(screen.queryByText('One-way')).not.toBeInTheDocument();
  });

  it('draws a direction nobody set up as "No link", not as a button', async () => {
    const fixture = meshFixture('lab-mesh', seed());
    await renderInTestApp(
      <TopologyGraph
        clusters={fixture.detail.clusters}
        connections={fixture.connections.filter(
          c => !(c.from === 'cluster2' && c.to === 'cluster3'),
        )}
        onSelect={jest.fn()}
      />,
    );
    const missing = screen.getByRole('img', {
      name: /^cluster2 to cluster3: No link/,
    });
    expect(within(missing).getByText('· No link')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^cluster2 to cluster3:/ }),
    ).not.toBeInTheDocument();
    expect(screen.getByText('One-way')).toBeInTheDocument();
  });

  it('groups a large mesh, drawing the clusters that need attention and the focus cluster', async () => {
    const observations = largeMesh(255, 50);
    makeUnreachable(observations[9]);
    await renderGraph(observations, { focus: 'aks-200' });

    const clusterButtons = screen
      .getAllByRole('button')
      .filter(button => button.hasAttribute('data-cluster'));
    expect(clusterButtons.length).toBeLessThanOrEqual(25);
    expect(clusterButtons.map(b => b.getAttribute('data-cluster'))).toEqual([
      'aks-200',
      'aks-010',
    ]);
    expect(node('aks-200')).toHaveAccessibleName(
      expect.stringMatching(/\(this cluster\)$/),
    );
    expect(screen.getByText('This cluster')).toBeInTheDocument();

    const group = screen.getByRole('img', {
      name: /^253 more clusters \(grouped\)/,
    });
    expect(within(group).getByText('253 more clusters')).toBeInTheDocument();
    expect(within(group).getByText('all links Ready')).toBeInTheDocument();
    expect(within(group).getByText('all Healthy')).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: 'aks-010 to the grouped clusters: 253 Unknown',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: 'the grouped clusters to aks-010: 253 Ready',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^Showing 2 of 255 clusters: this cluster and those that need attention/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/connection matrix lists every pair/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('group', { name: 'Mesh topology' }),
    ).toHaveAccessibleDescription(
      expect.stringMatching(
        /^255 clusters, 64,770 connections: 254 Unknown, 64,516 Ready\./,
      ),
    );
  });

  it('draws a healthy large mesh as one box saying all links are Ready', async () => {
    await renderGraph(largeMesh(255, 50));
    expect(
      screen
        .queryAllByRole('button')
        .filter(b => b.hasAttribute('data-cluster')),
    ).toEqual([]);
    const group = screen.getByRole('img', {
      name: /^255 clusters \(grouped\)/,
    });
    expect(within(group).getByText('255 clusters')).toBeInTheDocument();
    expect(within(group).getByText('all links Ready')).toBeInTheDocument();
    expect(
      screen.getByText(/^All 255 clusters are healthy and every link is Ready/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('group', { name: 'Mesh topology' }),
    ).toHaveAccessibleDescription(
      expect.stringMatching(
        /^255 clusters, 64,770 connections: 64,770 Ready\./,
      ),
    );
  });

  it('selects a direction on click or Enter, and a cluster on click or Space', async () => {
    const onSelect = await renderGraph(seed(), {
      selected: { kind: 'connection', from: 'cluster3', to: 'cluster1' },
    });
    expect(edge('cluster3', 'cluster1')).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(edge('cluster1', 'cluster3')).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    expect(edge('cluster3', 'cluster1')).toHaveAttribute('tabindex', '0');

    fireEvent.click(edge('cluster1', 'cluster2'));
    expect(onSelect).toHaveBeenLastCalledWith({
      kind: 'connection',
      from: 'cluster1',
      to: 'cluster2',
    });
    fireEvent.keyDown(edge('cluster3', 'cluster2'), { key: 'Enter' });
    expect(onSelect).toHaveBeenLastCalledWith({
      kind: 'connection',
      from: 'cluster3',
      to: 'cluster2',
    });
    fireEvent.click(node('cluster2'));
    expect(onSelect).toHaveBeenLastCalledWith({
      kind: 'cluster',
      cluster: 'cluster2',
    });
    fireEvent.keyDown(node('cluster3'), { key: ' ' });
    expect(onSelect).toHaveBeenLastCalledWith({
      kind: 'cluster',
      cluster: 'cluster3',
    });
    fireEvent.keyDown(node('cluster1'), { key: 'a' });
    expect(onSelect).toHaveBeenCalledTimes(4);
  });
});
