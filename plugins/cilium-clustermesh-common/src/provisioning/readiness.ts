import type {
  ClusterStatus,
  ConnectionLayer,
  MeshConnection,
  MeshStatus,
} from '../status/meshStatus';

export interface MeshReadiness {
  /** Every expected cluster is readable and every directed link between them is fully ready. */
  ready: boolean;
  /** How many clusters and directed links are still awaited. */
  pending: number;
  /** One line per cluster that is not ready, then one per directed pair. */
  lines: string[];
}

const WAITING = ' (waiting)';

function clusterWaitReason(
  cluster: ClusterStatus | undefined,
): string | undefined {
  if (!cluster) {
    return 'not observed yet';
  }
  if (cluster.error) {
    const { kind, message } = cluster.error;
    return kind === 'unreachable'
      ? `unreachable (${message})`
      : `cannot be read (${kind}: ${message})`;
  }
  if (!cluster.cilium) {
    return 'Cilium is not installed yet';
  }
  const { ready, desired } = cluster.cilium.agents;
  if (ready < desired) {
    return `${ready}/${desired} Cilium agents running`;
  }
  return undefined;
}

function layerReady(layer: ConnectionLayer): boolean {
  return (
    layer.total > 0 && layer.unreadable === 0 && layer.ready === layer.total
  );
}

function agentsText(layer: ConnectionLayer | undefined): string {
  if (!layer) {
    return 'no agent metrics';
  }
  const unreadable =
    layer.unreadable > 0 ? ` (${layer.unreadable} unreadable)` : '';
  return `${layer.ready}/${layer.total} agents ready${unreadable}`;
}

function kvstoremeshText(layer: ConnectionLayer): string {
  return layerReady(layer)
    ? 'KVStoreMesh ready'
    : `KVStoreMesh ${layer.ready}/${layer.total} ready`;
}

/** What `from` reports about `to`, and whether that is the end state. */
function describeLink(
  from: string,
  fromStatus: ClusterStatus | undefined,
  connection: MeshConnection | undefined,
): { ready: boolean; text: string } {
  if (!fromStatus || fromStatus.error) {
    return { ready: false, text: `unknown until ${from} can be read` };
  }
  if (!fromStatus.cilium) {
    return { ready: false, text: `unknown until Cilium runs on ${from}` };
  }
  if (!connection || !connection.configured) {
    return { ready: false, text: `not configured on ${from} yet` };
  }
  const parts = [agentsText(connection.agents)];
  if (connection.kvstoremesh) {
    parts.push(kvstoremeshText(connection.kvstoremesh));
  }
  const ready =
    connection.state === 'connected' &&
    connection.agents !== undefined &&
    layerReady(connection.agents) &&
    (connection.kvstoremesh === undefined ||
      layerReady(connection.kvstoremesh));
  return { ready, text: parts.join(', ') };
}

/**
 * Whether a freshly connected mesh has converged, for the action that waits
 * on it: every expected cluster (mesh-definition names) is readable with
 * all its agents running, and every directed connection between them is
 * `connected` with all agents, and KVStoreMesh when present, ready.
 * Clusters the status holds but `expectedClusters` omits are ignored.
 */
export function meshReadiness(
  status: MeshStatus,
  expectedClusters: string[],
): MeshReadiness {
  const expected = [...new Set(expectedClusters)];
  const clusters = new Map(status.clusters.map(c => [c.name, c]));
  const connections = new Map(
    status.connections.map(c => [`${c.from}\u0000${c.to}`, c]),
  );
  const lines: string[] = [];
  let pending = 0;

  for (const name of expected) {
    const reason = clusterWaitReason(clusters.get(name));
    if (reason) {
      pending += 1;
      lines.push(`${name}: ${reason}${WAITING}`);
    }
  }
  for (const from of expected) {
    for (const to of expected) {
      if (from === to) {
        continue;
      }
      const link = describeLink(
        from,
        clusters.get(from),
        connections.get(`${from}\u0000${to}`),
      );
      if (!link.ready) {
        pending += 1;
      }
      lines.push(`${from} → ${to}: ${link.text}${link.ready ? '' : WAITING}`);
    }
  }
  return { ready: pending === 0, pending, lines };
}
