import type {
  ClusterStatus,
  Health,
  MeshConnection,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { seed } from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { meshFixture } from '../../__testUtils__/meshFixtures';
import {
  GRAPH_DETAIL_LIMIT,
  layoutGraph,
  NODE_SIZE,
  pickDetailedClusters,
  ringPositions,
} from './layout';

function name(i: number) {
  return `c${String(i).padStart(3, '0')}`;
}

interface MeshChanges {
  health?: Record<string, Health>;
  /** Changes or (returning undefined) removes a direction. */
  connection?: (c: MeshConnection) => MeshConnection | undefined;
}

/** A full mesh of `count` clusters, every direction Ready unless changed. */
function fullMesh(count: number, changes: MeshChanges = {}) {
  const names = Array.from({ length: count }, (_, i) => name(i + 1));
  const clusters: ClusterStatus[] = names.map(n => ({
    name: n,
    health: changes.health?.[n] ?? 'healthy',
    observedAt: '2026-06-01T11:59:30.000Z',
    warnings: [],
    configuredPeers: names.filter(peer => peer !== n),
  }));
  const connections: MeshConnection[] = [];
  for (const from of names) {
    for (const to of names) {
      if (from === to) continue;
      const connection: MeshConnection = {
        from,
        to,
        configured: true,
        state: 'connected',
      };
      const changed = changes.connection
        ? changes.connection(connection)
        : connection;
      if (changed) connections.push(changed);
    }
  }
  return { clusters, connections };
}

const drawnNames = (layout: ReturnType<typeof layoutGraph>) =>
  layout.clusters.map(node => node.cluster.name);

describe('ringPositions', () => {
  it.each([
    { count: 0, expected: [] },
    { count: 1, expected: [{ x: 0, y: 0 }] },
    {
      count: 2,
      expected: [
        { x: -280, y: 0 },
        { x: 280, y: 0 },
      ],
    },
    {
      count: 4,
      expected: [
        { x: 0, y: -280 },
        { x: 280, y: 0 },
        { x: 0, y: 280 },
        { x: -280, y: 0 },
      ],
    },
  ])('places $count boxes', ({ count, expected }) => {
    const points = ringPositions(count).map(p => ({
      x: p.x + 0,
      y: p.y + 0,
    }));
    expect(points).toEqual(expected);
  });

  it('widens the ring so neighbouring boxes do not overlap', () => {
    const [first, second] = ringPositions(GRAPH_DETAIL_LIMIT + 1);
    expect(Math.abs(second.x - first.x)).toBeGreaterThan(NODE_SIZE.width);
  });
});

describe('layoutGraph', () => {
  it('lays out the seed mesh the same way every time, inside the drawing', () => {
    const fixture = meshFixture('lab-mesh', seed());
    const first = layoutGraph(fixture.detail.clusters, fixture.connections);
    const second = layoutGraph(fixture.detail.clusters, fixture.connections);
    expect(second).toEqual(first);

    expect(drawnNames(first)).toEqual(['cluster1', 'cluster2', 'cluster3']);
    expect(first.group).toBeUndefined();
    expect(first.groupLinks).toEqual([]);
    expect(first.pairs).toHaveLength(3);
    const [top, right, left] = first.clusters;
    expect(top.x).toBeCloseTo(first.width / 2);
    expect(right.y).toBeCloseTo(left.y);
    expect(right.x - first.width / 2).toBeCloseTo(first.width / 2 - left.x);
    for (const node of first.clusters) {
      expect(node.x - NODE_SIZE.width / 2).toBeGreaterThan(0);
      expect(node.x + NODE_SIZE.width / 2).toBeLessThan(first.width);
      expect(node.y - NODE_SIZE.height / 2).toBeGreaterThan(0);
      expect(node.y + NODE_SIZE.height / 2).toBeLessThan(first.height);
    }
    expect(first.totals).toEqual({
      clusters: 3,
      links: {
        connected: 6,
        degraded: 0,
        disconnected: 0,
        unconfigured: 0,
        unknown: 0,
        missing: 0,
      },
    });
  });

  it(`draws every cluster up to ${GRAPH_DETAIL_LIMIT}, healthy or not`, () => {
    const { clusters, connections } = fullMesh(GRAPH_DETAIL_LIMIT);
    const layout = layoutGraph(clusters, connections);
    expect(layout.clusters).toHaveLength(GRAPH_DETAIL_LIMIT);
    expect(layout.group).toBeUndefined();
    expect(layout.pairs).toHaveLength((24 * 23) / 2);
  });

  it('groups a healthy mesh above the limit into one box with every link counted', () => {
    const { clusters, connections } = fullMesh(GRAPH_DETAIL_LIMIT + 1);
    const layout = layoutGraph(clusters, connections);
    expect(layout.clusters).toEqual([]);
    expect(layout.pairs).toEqual([]);
    expect(layout.group).toMatchObject({
      clusterCount: 25,
      health: { healthy: 25, degraded: 0, down: 0, unknown: 0 },
      links: { connected: 600, missing: 0, disconnected: 0 },
    });
  });

  it('draws the clusters that need attention worst first and groups the rest', () => {
    const { clusters, connections } = fullMesh(40, {
      health: { c020: 'degraded', c007: 'down' },
      connection: c => {
        // c007 cannot be read: its own view is unknown, which is its problem only.
        if (c.from === 'c007') return { ...c, state: 'unknown' };
        if (c.from === 'c030' && c.to === 'c031') {
          return { ...c, state: 'disconnected' };
        }
        if (c.from === 'c013' && c.to === 'c012') return undefined;
        return c;
      },
    });
    const layout = layoutGraph(clusters, connections);
    expect(drawnNames(layout)).toEqual([
      'c007',
      'c020',
      'c030',
      'c031',
      'c012',
      'c013',
    ]);
    expect(layout.group).toMatchObject({
      clusterCount: 34,
      health: { healthy: 34, degraded: 0, down: 0, unknown: 0 },
      links: { connected: 34 * 33, missing: 0 },
    });
    expect(layout.pairs).toHaveLength(15);
    const c007 = layout.groupLinks.filter(link => link.cluster === 'c007');
    expect(c007).toEqual([
      {
        cluster: 'c007',
        toGroup: true,
        counts: expect.objectContaining({
          unknown: 34,
          connected: 0,
          missing: 0,
        }),
      },
      {
        cluster: 'c007',
        toGroup: false,
        counts: expect.objectContaining({ connected: 34, missing: 0 }),
      },
    ]);
    expect(layout.totals.links).toMatchObject({
      connected: 40 * 39 - 39 - 1 - 1,
      unknown: 39,
      disconnected: 1,
      missing: 1,
    });
  });

  it('always draws the focus cluster, first, even when it is healthy', () => {
    const { clusters, connections } = fullMesh(40, {
      health: { c002: 'down' },
    });
    const layout = layoutGraph(clusters, connections, { focus: 'c033' });
    expect(drawnNames(layout)).toEqual(['c033', 'c002']);
    expect(layout.clusters.map(node => node.focus)).toEqual([true, false]);
    expect(
      layout.groupLinks.map(l => [l.cluster, l.toGroup, l.counts.connected]),
    ).toEqual([
      ['c033', true, 38],
      ['c033', false, 38],
      ['c002', true, 38],
      ['c002', false, 38],
    ]);
  });

  it('never draws more clusters on their own than the limit, focus included', () => {
    const down = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [name(i + 1), 'down' as Health]),
    );
    const { clusters, connections } = fullMesh(60, { health: down });
    const layout = layoutGraph(clusters, connections, { focus: 'c059' });
    expect(layout.clusters).toHaveLength(GRAPH_DETAIL_LIMIT);
    expect(drawnNames(layout)[0]).toBe('c059');
    expect(drawnNames(layout).slice(1)).toEqual(
      Array.from({ length: 23 }, (_, i) => name(i + 1)),
    );
    expect(layout.group?.clusterCount).toBe(36);
    expect(layout.group?.health).toEqual({
      healthy: 19,
      degraded: 0,
      down: 17,
      unknown: 0,
    });

    expect(
      pickDetailedClusters(clusters, connections, { limit: 5 }).map(
        c => c.name,
      ),
    ).toEqual(['c001', 'c002', 'c003', 'c004', 'c005']);
  });

  it('stays linear for a full mesh of 255 clusters', () => {
    const { clusters, connections } = fullMesh(255, {
      connection: c =>
        c.from === 'c100' && c.to === 'c200' ? { ...c, state: 'degraded' } : c,
    });
    expect(connections).toHaveLength(64_770);
    const started = performance.now();
    const layout = layoutGraph(clusters, connections);
    const elapsed = performance.now() - started;
    expect(drawnNames(layout)).toEqual(['c100', 'c200']);
    expect(layout.group?.links.connected).toBe(253 * 252);
    expect(elapsed).toBeLessThan(1000);
  });
});
