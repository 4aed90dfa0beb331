import { buildMeshStatus } from '../status/buildMeshStatus';
import type { MeshConnection } from '../status/meshStatus';
import type { ClusterObservation } from '../status/observation';
import {
  forgetPeer,
  largeMesh,
  makeUnreachable,
  markNotReady,
  seed,
} from '../status/__testUtils__/observations';
import {
  ConnectionGridColumns,
  ConnectionSummary,
  decodeConnectionGrid,
  encodeConnectionGrid,
} from './connectionGrid';

const now = new Date('2026-06-01T12:00:00.000Z');

function statusOf(observations: ClusterObservation[]) {
  return buildMeshStatus({ mesh: 'lab-mesh', observations, now });
}

/** What the grid must carry of a full connection, and nothing more. */
function summaryOf(connection: MeshConnection): ConnectionSummary {
  const { from, to, configured, state, agents, kvstoremesh } = connection;
  return {
    from,
    to,
    configured,
    state,
    ...(agents && { agents: { ready: agents.ready, total: agents.total } }),
    ...(kvstoremesh && {
      kvstoremesh: { ready: kvstoremesh.ready, total: kvstoremesh.total },
    }),
  };
}

describe('connection grid', () => {
  it.each<[string, () => ClusterObservation[]]>([
    ['a healthy seed mesh', () => seed()],
    [
      'a degraded direction',
      () =>
        seed({
          cluster3: (_, cilium) => markNotReady(cilium.agentViews, 'cluster1'),
        }),
    ],
    [
      'a one-way link',
      () => seed({ cluster2: (_, cilium) => forgetPeer(cilium, 'cluster3') }),
    ],
    [
      'an unreachable cluster (no layers observed)',
      () => seed({ cluster1: makeUnreachable }),
    ],
    ['a mesh of 30 clusters', () => largeMesh(30, 10)],
  ])('round-trips every direction of %s', (_, observations) => {
    const status = statusOf(observations());
    const grid = encodeConnectionGrid(
      status.clusters.map(c => c.name),
      status.connections,
    );
    expect(decodeConnectionGrid(grid)).toEqual(
      status.connections.map(summaryOf),
    );
    expect(grid.from).toHaveLength(status.connections.length);
  });

  it('writes null for a layer that was not observed and omits it when decoding', () => {
    const connections: ConnectionSummary[] = [
      { from: 'a', to: 'b', configured: true, state: 'unknown' },
      {
        from: 'b',
        to: 'a',
        configured: false,
        state: 'degraded',
        agents: { ready: 2, total: 3 },
      },
    ];
    const grid = encodeConnectionGrid(['a', 'b'], connections);
    expect(grid).toEqual({
      clusters: ['a', 'b'],
      from: [0, 1],
      to: [1, 0],
      state: ['unknown', 'degraded'],
      configured: [true, false],
      agentsReady: [null, 2],
      agentsTotal: [null, 3],
      kvstoremeshReady: [null, null],
      kvstoremeshTotal: [null, null],
    });
    expect(decodeConnectionGrid(grid)).toEqual(connections);
  });

  it('appends a cluster the connections name but the list lacks', () => {
    const grid = encodeConnectionGrid(
      ['a'],
      [{ from: 'a', to: 'gone', configured: true, state: 'disconnected' }],
    );
    expect(grid.clusters).toEqual(['a', 'gone']);
    expect(decodeConnectionGrid(grid)[0].to).toBe('gone');
  });

  const valid: ConnectionGridColumns = encodeConnectionGrid(
    ['a', 'b'],
    [{ from: 'a', to: 'b', configured: true, state: 'connected' }],
  );
  it.each<[string, ConnectionGridColumns, RegExp]>([
    [
      'a short column',
      { ...valid, agentsTotal: [] },
      /column agentsTotal has 0 entries, from has 1; every column must have one entry per connection/,
    ],
    [
      'an index outside the clusters',
      { ...valid, to: [7] },
      /to\[0\] is 7, outside the 2 clusters/,
    ],
  ])('refuses %s, naming the column', (_, grid, message) => {
    expect(() => decodeConnectionGrid(grid)).toThrow(message);
  });
});
