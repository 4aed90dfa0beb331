import type {
  GlobalServiceInCluster,
  ServiceAffinity,
  ServiceRouting,
} from '@meshportal/plugin-cilium-clustermesh-common';

type ServedBy = ServiceRouting['servedBy'][number];

export function backendCount(count: number): string {
  return `${count} ${count === 1 ? 'backend' : 'backends'}`;
}

export const AFFINITY_TEXT: Record<ServiceAffinity, string> = {
  local: 'affinity local',
  remote: 'affinity remote',
  none: 'no affinity',
};

/** "cluster3 (2 backends)", marked when the consumer's link to it is not ready. */
export function servedByText(servedBy: ServedBy): string {
  const marker = servedBy.linkReady === false ? ' (link not ready)' : '';
  return `${servedBy.cluster} (${backendCount(servedBy.backends)})${marker}`;
}

/** "clients in cluster2 → cluster3 (2 backends)": whose backends a cluster's clients reach. */
export function routingLine(routing: ServiceRouting): string {
  const targets = routing.servedBy.length
    ? routing.servedBy.map(servedByText).join(', ')
    : 'no backends';
  return `clients in ${routing.from} → ${targets}`;
}

/** Clients that reach no ready backend at all, or only over a link that is not ready. */
export function routingNeedsAttention(routing: ServiceRouting): boolean {
  return (
    routing.servedBy.every(served => served.backends === 0) ||
    routing.servedBy.some(served => served.linkReady === false)
  );
}

/** How a copy of the Service is judged: the word on its chip carries the same meaning. */
export type ClusterEntryKind = 'exported' | 'local-only' | 'unknown';

export function clusterEntryKind(
  entry: GlobalServiceInCluster,
): ClusterEntryKind {
  if (entry.unknown) return 'unknown';
  return entry.present && entry.global && entry.shared && entry.namespaceGlobal
    ? 'exported'
    : 'local-only';
}

/** "cluster1: 2 ready · shared · affinity local", "cluster3: not global", "cluster2: unknown (unreachable)". */
export function clusterChipText(entry: GlobalServiceInCluster): string {
  const cluster = entry.cluster;
  if (entry.unknown) return `${cluster}: unknown (unreachable)`;
  if (!entry.present) return `${cluster}: not present`;
  if (!entry.global) return `${cluster}: not global`;
  const parts = [
    `${entry.readyBackends} ready`,
    entry.shared ? 'shared' : 'not shared',
    AFFINITY_TEXT[entry.affinity],
  ];
  if (!entry.namespaceGlobal) parts.push('namespace not global');
  return `${cluster}: ${parts.join(' · ')}`;
}
