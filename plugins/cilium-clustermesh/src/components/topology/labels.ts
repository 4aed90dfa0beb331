import type {
  ClusterStatus,
  ConnectionState,
  Health,
  ConnectionSummary,
  ObservationErrorKind,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { readyOfTotal } from '../shared/format';
import {
  CONNECTION_STATE_GLYPH,
  CONNECTION_STATE_ORDER,
  CONNECTION_STATE_TEXT,
  HEALTH_ORDER,
  HEALTH_TEXT,
  NO_LINK_TEXT,
} from '../shared/states';

export const CONNECTION_GLYPH = CONNECTION_STATE_GLYPH;

export const HEALTH_GLYPH: Record<Health, string> = {
  healthy: '✓',
  degraded: '!',
  down: '✕',
  unknown: '?',
};

export { NO_LINK_TEXT };
export const NO_LINK_GLYPH = '·';
export const ONE_WAY_TEXT = 'One-way';

const ERROR_KIND_TEXT: Record<ObservationErrorKind, string> = {
  unreachable: 'Unreachable',
  timeout: 'Timed out',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  notFound: 'Not found',
  invalid: 'Unreadable data',
  failed: 'Read failed',
};

/** Connection counts by state, plus directions that have no connection at all. */
export type LinkCounts = Record<ConnectionState, number> & { missing: number };

export function emptyLinkCounts(): LinkCounts {
  return {
    connected: 0,
    degraded: 0,
    disconnected: 0,
    unconfigured: 0,
    unknown: 0,
    missing: 0,
  };
}

const numberFormat = new Intl.NumberFormat('en-GB');

export function formatCount(count: number): string {
  return numberFormat.format(count);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

const STATES_WORST_FIRST = (
  Object.keys(CONNECTION_STATE_ORDER) as ConnectionState[]
).sort((a, b) => CONNECTION_STATE_ORDER[a] - CONNECTION_STATE_ORDER[b]);

/** "229 Ready, 2 Down" with the states that need attention first; "No link" last. */
export function describeLinkCounts(counts: LinkCounts): string {
  const parts = STATES_WORST_FIRST.filter(state => counts[state] > 0).map(
    state => `${formatCount(counts[state])} ${CONNECTION_STATE_TEXT[state]}`,
  );
  if (counts.missing > 0) {
    parts.push(`${formatCount(counts.missing)} ${NO_LINK_TEXT}`);
  }
  return parts.join(', ');
}

/** The worst state present in `counts`; `undefined` when every direction is missing. */
export function worstCountedState(
  counts: LinkCounts,
): ConnectionState | undefined {
  return STATES_WORST_FIRST.find(state => counts[state] > 0);
}

export function describeHealthCounts(counts: Record<Health, number>): string {
  return (Object.keys(HEALTH_ORDER) as Health[])
    .sort((a, b) => HEALTH_ORDER[a] - HEALTH_ORDER[b])
    .filter(health => counts[health] > 0)
    .map(health => `${formatCount(counts[health])} ${HEALTH_TEXT[health]}`)
    .join(', ');
}

function agentsOf(connection: ConnectionSummary): string | undefined {
  return connection.agents
    ? `agents ${readyOfTotal(connection.agents.ready, connection.agents.total)}`
    : undefined;
}

/** What an edge says on the graph: "! Degraded · agents 2/3". */
export function edgeLabel(connection: ConnectionSummary | undefined): string {
  if (!connection) return `${NO_LINK_GLYPH} ${NO_LINK_TEXT}`;
  const agents = agentsOf(connection);
  const state = `${CONNECTION_GLYPH[connection.state]} ${
    CONNECTION_STATE_TEXT[connection.state]
  }`;
  return agents ? `${state} · ${agents}` : state;
}

/** "cluster3 to cluster1: Degraded, agents 2/3 ready, KVStoreMesh 1/1 ready". */
export function edgeDescription(
  from: string,
  to: string,
  connection: ConnectionSummary | undefined,
  oneWay: boolean,
): string {
  if (!connection) {
    return `${from} to ${to}: ${NO_LINK_TEXT} (${from} neither configures nor observes ${to})`;
  }
  const parts = [CONNECTION_STATE_TEXT[connection.state]];
  const agents = agentsOf(connection);
  if (agents) parts.push(`${agents} ready`);
  if (connection.kvstoremesh) {
    const { ready, total } = connection.kvstoremesh;
    parts.push(`KVStoreMesh ${readyOfTotal(ready, total)} ready`);
  }
  if (!connection.configured) parts.push(`not in ${from}'s configuration`);
  if (oneWay) parts.push('one-way link');
  return `${from} to ${to}: ${parts.join(', ')}`;
}

/** The lines a cluster's box shows, top to bottom. */
export function clusterLines(cluster: ClusterStatus): string[] {
  const health = `${HEALTH_GLYPH[cluster.health]} ${
    HEALTH_TEXT[cluster.health]
  }`;
  const { cilium } = cluster;
  if (!cilium) {
    return [
      cluster.name,
      cluster.error ? ERROR_KIND_TEXT[cluster.error.kind] : 'No Cilium found',
      health,
    ];
  }
  return [
    cluster.name,
    `ID ${cilium.clusterId ?? '?'} · Cilium ${cilium.version ?? '?'}`,
    `Agents ${readyOfTotal(cilium.agents.ready, cilium.agents.desired)} ready`,
    health,
  ];
}

/** "cluster1: Healthy, cluster ID 1, Cilium 1.20.0, agents 3/3 ready". */
export function clusterDescription(cluster: ClusterStatus): string {
  const parts = [HEALTH_TEXT[cluster.health]];
  const { cilium, error } = cluster;
  if (error) {
    parts.push(
      `${ERROR_KIND_TEXT[error.kind].toLowerCase()}: ${error.message}`,
    );
  }
  if (cilium) {
    parts.push(`cluster ID ${cilium.clusterId ?? 'unknown'}`);
    parts.push(`Cilium ${cilium.version ?? 'version unknown'}`);
    parts.push(
      `agents ${readyOfTotal(
        cilium.agents.ready,
        cilium.agents.desired,
      )} ready`,
    );
  } else if (!error) {
    parts.push('no Cilium found');
  }
  return `${cluster.name}: ${parts.join(', ')}`;
}
