import type {
  ConnectionState,
  ConnectionSummary,
  LayerReadiness,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { readyOfTotal } from '../shared/format';
import { CONNECTION_STATE_TEXT } from '../shared/states';
import {
  connectionKey,
  ConnectionLookup,
  findConnection,
  indexConnections,
} from '../shared/connectionIndex';
import { CONNECTION_STATE_GLYPH, NO_LINK_TEXT } from '../shared/states';

/** Up to this many clusters the matrix is a plain table; above it, a virtualized grid. */
export const MATRIX_TABLE_LIMIT = 24;

export const STATE_GLYPH = CONNECTION_STATE_GLYPH;

export const SELF_TEXT = '—';
export { NO_LINK_TEXT };

export { connectionKey, findConnection, indexConnections };
export type { ConnectionLookup };

/** "agents 2/3", "KVStoreMesh 1/1": the cilium-cli way of counting ready observers. */
export function layerCount(
  name: 'agents' | 'KVStoreMesh',
  layer: LayerReadiness | undefined,
): string | undefined {
  return layer
    ? `${name} ${readyOfTotal(layer.ready, layer.total)}`
    : undefined;
}

export type MatrixCell =
  | { kind: 'self'; text: string; label: string }
  | { kind: 'missing'; text: string; label: string }
  | {
      kind: 'connection';
      state: ConnectionState;
      glyph: string;
      word: string;
      agents?: string;
      kvstoremesh?: string;
      /** The accessible name: everything the cell shows, in one sentence. */
      label: string;
    };

export function matrixCell(
  from: string,
  to: string,
  connection: ConnectionSummary | undefined,
): MatrixCell {
  if (from === to) {
    return { kind: 'self', text: SELF_TEXT, label: `${from} to itself` };
  }
  if (!connection) {
    return {
      kind: 'missing',
      text: NO_LINK_TEXT,
      label: `${from} to ${to}: ${NO_LINK_TEXT}`,
    };
  }
  const word = CONNECTION_STATE_TEXT[connection.state];
  const agents = layerCount('agents', connection.agents);
  const kvstoremesh = layerCount('KVStoreMesh', connection.kvstoremesh);
  const counts = [agents, kvstoremesh]
    .filter((count): count is string => count !== undefined)
    .map(count => `, ${count} ready`)
    .join('');
  return {
    kind: 'connection',
    state: connection.state,
    glyph: STATE_GLYPH[connection.state],
    word,
    ...(agents !== undefined && { agents }),
    ...(kvstoremesh !== undefined && { kvstoremesh }),
    label: `${from} to ${to}: ${word}${counts}`,
  };
}

/**
 * Sources with at least one connection that is not Ready. A pair without any
 * connection is not counted: the mesh model does not call it a problem either.
 */
export function sourcesWithProblems(
  connections: readonly ConnectionSummary[],
): ReadonlySet<string> {
  const sources = new Set<string>();
  for (const connection of connections) {
    if (connection.state !== 'connected') {
      sources.add(connection.from);
    }
  }
  return sources;
}

export interface RowFilter {
  /** Part of a source cluster name, any case. */
  text: string;
  onlyProblems: boolean;
}

export function filterRows(
  clusters: readonly string[],
  filter: RowFilter,
  problemSources: ReadonlySet<string>,
): string[] {
  const text = filter.text.trim().toLocaleLowerCase('en');
  return clusters.filter(
    cluster =>
      (!text || cluster.toLocaleLowerCase('en').includes(text)) &&
      (!filter.onlyProblems || problemSources.has(cluster)),
  );
}
