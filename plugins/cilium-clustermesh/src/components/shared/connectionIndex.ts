import type { ConnectionSummary } from '@meshportal/plugin-cilium-clustermesh-common';

export type ConnectionLookup = ReadonlyMap<string, ConnectionSummary>;

/** NUL cannot occur in a cluster name, so the key cannot be ambiguous. */
export function connectionKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

/** One pass over the connections, so each pair is a map lookup even at 255 × 255. */
export function indexConnections(
  connections: readonly ConnectionSummary[],
): ConnectionLookup {
  const lookup = new Map<string, ConnectionSummary>();
  for (const connection of connections) {
    lookup.set(connectionKey(connection.from, connection.to), connection);
  }
  return lookup;
}

export function findConnection(
  lookup: ConnectionLookup,
  from: string,
  to: string,
): ConnectionSummary | undefined {
  return lookup.get(connectionKey(from, to));
}
