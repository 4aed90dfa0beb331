import type {
  ClusterStatus,
  ConnectionState,
  Health,
  ConnectionSummary,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { CONNECTION_STATE_ORDER, HEALTH_ORDER } from '../shared/states';
import type { BoxSize, Point } from './geometry';
import { emptyLinkCounts, LinkCounts } from './labels';
import { effectiveState, PairLink, pairLinks, worseState } from './links';

/** Above this many clusters the graph draws the ones that need attention and groups the rest. */
export const GRAPH_DETAIL_LIMIT = 24;

export const NODE_SIZE: BoxSize = { width: 200, height: 84 };
/** Keeps room for the labels of a pair's two curves between neighbouring boxes. */
const MIN_RADIUS = 280;
const NODE_SPACING = 96;
/** Room outside the ring for the labels of the outer curves and the focus tag. */
const MARGIN = 120;

export interface ClusterNode extends Point {
  kind: 'cluster';
  cluster: ClusterStatus;
  /** The cluster whose entity page shows the graph. */
  focus: boolean;
}

/** Every cluster that is not drawn on its own, drawn as one box. */
export interface GroupNode extends Point {
  kind: 'group';
  clusterCount: number;
  health: Record<Health, number>;
  /** Directions between two grouped clusters. */
  links: LinkCounts;
}

/** One direction between a drawn cluster and the group, counted per state. */
export interface GroupLink {
  cluster: string;
  /** From `cluster` to the grouped clusters, or from them to `cluster`. */
  toGroup: boolean;
  counts: LinkCounts;
}

export interface GraphLayout {
  /** The drawing spans 0..width, 0..height. */
  width: number;
  height: number;
  clusters: ClusterNode[];
  group?: GroupNode;
  /** Pairs of drawn clusters. */
  pairs: PairLink[];
  groupLinks: GroupLink[];
  totals: { clusters: number; links: LinkCounts };
}

export interface LayoutOptions {
  focus?: string;
  limit?: number;
}

interface ClusterTally {
  /** Worst direction charged to this cluster; missing directions count as not configured. */
  worst: ConnectionState;
  /** Directions charged to this cluster that are not connected. */
  troubled: number;
  /** Directions from or to this cluster, to spot missing ones. */
  links: number;
}

function validConnections(
  clusters: ClusterStatus[],
  connections: ConnectionSummary[],
): ConnectionSummary[] {
  const names = new Set(clusters.map(c => c.name));
  return connections.filter(
    c => c.from !== c.to && names.has(c.from) && names.has(c.to),
  );
}

/**
 * What each cluster contributes to trouble. A direction whose source could
 * not be read is charged to the source only: otherwise one unreachable
 * cluster would make every healthy peer look involved.
 */
function tallyClusters(
  clusters: ClusterStatus[],
  connections: ConnectionSummary[],
): Map<string, ClusterTally> {
  const tallies = new Map<string, ClusterTally>(
    clusters.map(c => [c.name, { worst: 'connected', troubled: 0, links: 0 }]),
  );
  const charge = (name: string, state: ConnectionState) => {
    const tally = tallies.get(name)!;
    tally.worst = worseState(tally.worst, state);
    if (state !== 'connected') tally.troubled += 1;
  };
  for (const connection of connections) {
    tallies.get(connection.from)!.links += 1;
    tallies.get(connection.to)!.links += 1;
    charge(connection.from, connection.state);
    if (connection.state !== 'unknown') {
      charge(connection.to, connection.state);
    }
  }
  const expected = 2 * (clusters.length - 1);
  for (const tally of tallies.values()) {
    if (tally.links < expected) {
      tally.worst = worseState(tally.worst, effectiveState(undefined));
      tally.troubled += expected - tally.links;
    }
  }
  return tallies;
}

/**
 * The clusters to draw on their own when there are more than `limit`: the
 * focus cluster, then those that are not healthy or take part in a
 * direction that is not connected, worst first, up to `limit`.
 */
export function pickDetailedClusters(
  clusters: ClusterStatus[],
  connections: ConnectionSummary[],
  options: LayoutOptions = {},
): ClusterStatus[] {
  const limit = options.limit ?? GRAPH_DETAIL_LIMIT;
  if (clusters.length <= limit) return clusters;
  const tallies = tallyClusters(
    clusters,
    validConnections(clusters, connections),
  );
  const needsAttention = (c: ClusterStatus) =>
    c.health !== 'healthy' || tallies.get(c.name)!.worst !== 'connected';
  const worstFirst = (a: ClusterStatus, b: ClusterStatus) => {
    const ta = tallies.get(a.name)!;
    const tb = tallies.get(b.name)!;
    return (
      HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] ||
      CONNECTION_STATE_ORDER[ta.worst] - CONNECTION_STATE_ORDER[tb.worst] ||
      tb.troubled - ta.troubled ||
      (a.name < b.name ? -1 : Number(a.name > b.name))
    );
  };
  const focus = clusters.find(c => c.name === options.focus);
  const others = clusters
    .filter(c => c !== focus && needsAttention(c))
    .sort(worstFirst);
  return [...(focus ? [focus] : []), ...others].slice(0, limit);
}

/** `count` points on a circle around 0,0 wide enough for the boxes; the first at the top (left for two). */
export function ringPositions(count: number): Point[] {
  if (count <= 0) return [];
  if (count === 1) return [{ x: 0, y: 0 }];
  const radius = Math.max(
    MIN_RADIUS,
    (NODE_SIZE.width + NODE_SPACING) / (2 * Math.sin(Math.PI / count)),
  );
  const start = count === 2 ? Math.PI : -Math.PI / 2;
  return Array.from({ length: count }, (_, i) => {
    const angle = start + (2 * Math.PI * i) / count;
    return {
      x: Math.round(radius * Math.cos(angle) * 10) / 10,
      y: Math.round(radius * Math.sin(angle) * 10) / 10,
    };
  });
}

function countInto(counts: LinkCounts, state: ConnectionState) {
  counts[state] += 1;
}

function presentLinks(counts: LinkCounts): number {
  return (
    counts.connected +
    counts.degraded +
    counts.disconnected +
    counts.unconfigured +
    counts.unknown
  );
}

/**
 * Where everything goes, from the mesh's clusters and every connection.
 * Linear in the connections (plus the pairs of at most `limit` drawn
 * clusters), so a full mesh of 255 clusters stays cheap.
 */
export function layoutGraph(
  clusters: ClusterStatus[],
  connections: ConnectionSummary[],
  options: LayoutOptions = {},
): GraphLayout {
  const valid = validConnections(clusters, connections);
  const detailed = pickDetailedClusters(clusters, valid, options);
  const grouping = detailed.length < clusters.length;
  const drawn = new Set(detailed.map(c => c.name));
  const groupSize = clusters.length - detailed.length;

  const totals = { clusters: clusters.length, links: emptyLinkCounts() };
  const groupLinks = new Map<string, { out: LinkCounts; in: LinkCounts }>(
    detailed.map(c => [
      c.name,
      { out: emptyLinkCounts(), in: emptyLinkCounts() },
    ]),
  );
  const withinGroup = emptyLinkCounts();
  const betweenDrawn: ConnectionSummary[] = [];
  for (const connection of valid) {
    countInto(totals.links, connection.state);
    const fromDrawn = drawn.has(connection.from);
    const toDrawn = drawn.has(connection.to);
    if (fromDrawn && toDrawn) betweenDrawn.push(connection);
    else if (fromDrawn)
      countInto(groupLinks.get(connection.from)!.out, connection.state);
    else if (toDrawn)
      countInto(groupLinks.get(connection.to)!.in, connection.state);
    else countInto(withinGroup, connection.state);
  }
  const n = clusters.length;
  totals.links.missing = n * (n - 1) - valid.length;
  withinGroup.missing = groupSize * (groupSize - 1) - presentLinks(withinGroup);

  const points = ringPositions(detailed.length + (grouping ? 1 : 0));
  if (!points.length) points.push({ x: 0, y: 0 });
  const minX = Math.min(...points.map(p => p.x));
  const maxX = Math.max(...points.map(p => p.x));
  const minY = Math.min(...points.map(p => p.y));
  const maxY = Math.max(...points.map(p => p.y));
  const offsetX = NODE_SIZE.width / 2 + MARGIN - minX;
  const offsetY = NODE_SIZE.height / 2 + MARGIN - minY;
  const place = (i: number): Point => ({
    x: points[i].x + offsetX,
    y: points[i].y + offsetY,
  });

  const clusterNodes: ClusterNode[] = detailed.map((cluster, i) => ({
    kind: 'cluster',
    cluster,
    focus: cluster.name === options.focus,
    ...place(i),
  }));

  let group: GroupNode | undefined;
  const drawnGroupLinks: GroupLink[] = [];
  if (grouping) {
    const health: Record<Health, number> = {
      healthy: 0,
      degraded: 0,
      down: 0,
      unknown: 0,
    };
    for (const cluster of clusters) {
      if (!drawn.has(cluster.name)) health[cluster.health] += 1;
    }
    group = {
      kind: 'group',
      clusterCount: groupSize,
      health,
      links: withinGroup,
      ...place(detailed.length),
    };
    for (const [cluster, counts] of groupLinks) {
      counts.out.missing = groupSize - presentLinks(counts.out);
      counts.in.missing = groupSize - presentLinks(counts.in);
      drawnGroupLinks.push(
        { cluster, toGroup: true, counts: counts.out },
        { cluster, toGroup: false, counts: counts.in },
      );
    }
  }

  return {
    width: Math.round(maxX - minX + NODE_SIZE.width + 2 * MARGIN),
    height: Math.round(maxY - minY + NODE_SIZE.height + 2 * MARGIN),
    clusters: clusterNodes,
    ...(group && { group }),
    pairs: pairLinks(
      detailed.map(c => c.name),
      betweenDrawn,
    ),
    groupLinks: drawnGroupLinks,
    totals,
  };
}
