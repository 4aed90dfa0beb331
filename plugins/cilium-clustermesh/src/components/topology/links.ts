import type {
  ConnectionState,
  ConnectionSummary,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { CONNECTION_STATE_ORDER } from '../shared/states';
import { connectionKey, indexConnections } from '../shared/connectionIndex';

/** Both directions between two clusters; `a` comes before `b` in the cluster list. */
export interface PairLink {
  a: string;
  b: string;
  /** How `a` sees `b`; absent when `a` neither configures nor observes `b`. */
  forward?: ConnectionSummary;
  /** How `b` sees `a`. */
  backward?: ConnectionSummary;
  /** Only one side is set up, or only one side gets through. */
  oneWay: boolean;
  /** The worse of the two directions; a missing direction counts as not configured. */
  worst: ConnectionState;
}

export { connectionKey, indexConnections };

/** The state that needs attention first. */
export function worseState(
  a: ConnectionState,
  b: ConnectionState,
): ConnectionState {
  return CONNECTION_STATE_ORDER[a] <= CONNECTION_STATE_ORDER[b] ? a : b;
}

/** A direction nobody set up reads like one that is not configured. */
export function effectiveState(
  connection: ConnectionSummary | undefined,
): ConnectionState {
  return connection?.state ?? 'unconfigured';
}

function getsThrough(connection: ConnectionSummary | undefined): boolean {
  return connection?.state === 'connected' || connection?.state === 'degraded';
}

/**
 * One-way: one side configures the other but not the reverse, or one
 * direction gets through (fully or partly) while the other does not at all.
 * A side that could not be read says nothing either way, so a pair with an
 * unknown direction is never called one-way.
 */
export function isOneWay(
  forward: ConnectionSummary | undefined,
  backward: ConnectionSummary | undefined,
): boolean {
  if (!forward && !backward) return false;
  if (forward?.state === 'unknown' || backward?.state === 'unknown') {
    return false;
  }
  const configuredOnOneSide =
    Boolean(forward?.configured) !== Boolean(backward?.configured);
  return configuredOnOneSide || getsThrough(forward) !== getsThrough(backward);
}

/**
 * One entry per unordered pair of `clusterNames`, in list order. Linear in
 * the connections plus the pairs: call it with the clusters actually drawn.
 */
export function pairLinks(
  clusterNames: string[],
  connections: ConnectionSummary[],
): PairLink[] {
  const index = indexConnections(connections);
  const pairs: PairLink[] = [];
  for (let i = 0; i < clusterNames.length; i++) {
    for (let j = i + 1; j < clusterNames.length; j++) {
      const a = clusterNames[i];
      const b = clusterNames[j];
      const forward = index.get(connectionKey(a, b));
      const backward = index.get(connectionKey(b, a));
      pairs.push({
        a,
        b,
        ...(forward && { forward }),
        ...(backward && { backward }),
        oneWay: isOneWay(forward, backward),
        worst: worseState(effectiveState(forward), effectiveState(backward)),
      });
    }
  }
  return pairs;
}
