import type { MeshConnection } from '@meshportal/plugin-cilium-clustermesh-common';

export type ConnectionLookup = ReadonlyMap<string, MeshConnection>;

/** NUL cannot occur in a cluster name, so the key cannot be ambiguous. */
export function connectionKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

/** One pass over the connections, so each pair is a map lookup even at 255 × 255. */
export function indexConnections(
  connections: readonly MeshConnection[],
): ConnectionLookup {
  const lookup = new Map<string, MeshConnection>();
  for (const connection of connections) {
    lookup.set(connectionKey(connection.from, connection.to), connection);
  }
  return lookup;
}

export function findConnection(
  lookup: ConnectionLookup,
  from: string,
  to: string,
): MeshConnection | undefined {
  return lookup.get(connectionKey(from, to));
}
