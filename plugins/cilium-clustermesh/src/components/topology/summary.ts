import type { GraphLayout } from './layout';
import { describeLinkCounts, LinkCounts, plural } from './labels';

/** Above this many drawn clusters, Ready arrows show their label only when pointed at or focused. */
export const LABEL_ALL_EDGES_LIMIT = 8;

function presentLinks(counts: LinkCounts): LinkCounts {
  return { ...counts, missing: 0 };
}

/** "3 clusters, 6 connections: 6 Ready": what a screen reader hears first about the graph. */
export function describeGraph(layout: GraphLayout): string {
  const { totals, group } = layout;
  const connections = totals.links;
  const present =
    connections.connected +
    connections.degraded +
    connections.disconnected +
    connections.unconfigured +
    connections.unknown;
  let text = `${plural(totals.clusters, 'cluster')}, ${plural(
    present,
    'connection',
  )}`;
  const counts = describeLinkCounts(presentLinks(connections));
  if (counts) text += `: ${counts}`;
  if (connections.missing > 0) {
    text += `; ${plural(connections.missing, 'direction')} with no link`;
  }
  if (group) {
    text += `. Drawn on their own: ${plural(
      layout.clusters.length,
      'cluster',
    )}; the other ${plural(group.clusterCount, 'cluster')} are grouped.`;
  }
  return text;
}

/** The notes under the graph: why some clusters are grouped and where to find every pair. */
export function graphNotes(layout: GraphLayout): string[] {
  const notes: string[] = [];
  const { group } = layout;
  if (group) {
    const drawn = layout.clusters.length;
    notes.push(
      drawn
        ? `Showing ${drawn} of ${layout.totals.clusters} clusters: ${
            layout.clusters.some(c => c.focus) ? 'this cluster and ' : ''
          }those that need attention, worst first. The other ${
            group.clusterCount
          } are drawn as one box. The connection matrix lists every pair.`
        : `All ${group.clusterCount} clusters are healthy and every link is Ready, so they are drawn as one box. The connection matrix lists every pair.`,
    );
  }
  if (layout.clusters.length > LABEL_ALL_EDGES_LIMIT) {
    notes.push(
      'Ready arrows are labelled only when pointed at or focused, so the others stay readable.',
    );
  }
  return notes;
}
