import type { ConnectionCounts } from '../api/responses';
import type {
  ConnectionLayer,
  ConnectionState,
  MeshConnection,
} from './meshStatus';
import { compareText, IndexedCluster, MeshIndex } from './meshIndex';
import type { ObserverView } from './observation';

interface LayerTally {
  configured: number;
  ready: number;
  readyViews: Set<number>;
  nodes?: number;
  services?: number;
  endpoints?: number;
  failures: number;
  lastFailure?: string;
  lastFailureTime: number;
}

function maxDefined(
  current: number | undefined,
  next: number | undefined,
): number | undefined {
  if (next === undefined) {
    return current;
  }
  return current === undefined ? next : Math.max(current, next);
}

/** What one layer (agents or KVStoreMesh) of `from` reports about each peer. */
class LayerView {
  private readonly tallies = new Map<string, LayerTally>();
  private readonly unreadable: number;

  constructor(
    private readonly views: ObserverView[],
    from: IndexedCluster,
    index: MeshIndex,
  ) {
    this.unreadable = views.filter(view => view.error).length;
    views.forEach((view, viewIndex) => {
      if (view.error) {
        return;
      }
      const counted = new Set<string>();
      for (const peer of view.peers) {
        const to = index.byCiliumName.get(peer.cluster)?.name;
        if (!to || to === from.name) {
          continue;
        }
        const tally = this.tallyFor(to);
        if (!counted.has(to)) {
          counted.add(to);
          tally.configured += 1;
        }
        if (peer.ready && !tally.readyViews.has(viewIndex)) {
          tally.readyViews.add(viewIndex);
          tally.ready += 1;
        }
        tally.nodes = maxDefined(tally.nodes, peer.nodes);
        tally.services = maxDefined(tally.services, peer.services);
        tally.endpoints = maxDefined(tally.endpoints, peer.endpoints);
        tally.failures += peer.failures;
        const failureTime = peer.lastFailure
          ? Date.parse(peer.lastFailure)
          : NaN;
        if (failureTime > tally.lastFailureTime) {
          tally.lastFailureTime = failureTime;
          tally.lastFailure = peer.lastFailure;
        }
      }
    });
  }

  get present(): boolean {
    return this.views.length > 0;
  }

  mentioned(): Iterable<string> {
    return this.tallies.keys();
  }

  layerFor(to: string): ConnectionLayer {
    const tally = this.tallies.get(to);
    const notReadyPods = this.views
      .filter(
        (view, viewIndex) => !view.error && !tally?.readyViews.has(viewIndex),
      )
      .map(view => view.pod)
      .sort(compareText);
    const layer: ConnectionLayer = {
      total: this.views.length,
      configured: tally?.configured ?? 0,
      ready: tally?.ready ?? 0,
      unreadable: this.unreadable,
      failures: tally?.failures ?? 0,
      notReadyPods,
    };
    if (tally?.nodes !== undefined) layer.nodes = tally.nodes;
    if (tally?.services !== undefined) layer.services = tally.services;
    if (tally?.endpoints !== undefined) layer.endpoints = tally.endpoints;
    if (tally?.lastFailure !== undefined) layer.lastFailure = tally.lastFailure;
    return layer;
  }

  private tallyFor(to: string): LayerTally {
    let tally = this.tallies.get(to);
    if (!tally) {
      tally = {
        configured: 0,
        ready: 0,
        readyViews: new Set(),
        failures: 0,
        lastFailureTime: -Infinity,
      };
      this.tallies.set(to, tally);
    }
    return tally;
  }
}

function readableViews(layer: ConnectionLayer): number {
  return layer.total - layer.unreadable;
}

export function connectionState(
  from: IndexedCluster,
  configured: boolean,
  layers: ConnectionLayer[],
): ConnectionState {
  if (!from.cilium) {
    return 'unknown';
  }
  if (!configured) {
    return 'unconfigured';
  }
  if (!layers.some(layer => readableViews(layer) > 0)) {
    return 'unknown';
  }
  const allReady = layers.every(
    layer =>
      layer.unreadable === 0 &&
      layer.ready > 0 &&
      layer.ready === readableViews(layer),
  );
  if (allReady) {
    return 'connected';
  }
  if (layers.every(layer => layer.ready === 0)) {
    return 'disconnected';
  }
  return 'degraded';
}

/**
 * One connection per ordered pair of mesh clusters where either side
 * configures the other or `from`'s metrics mention `to`; sorted by from, to.
 */
export function buildConnections(index: MeshIndex): MeshConnection[] {
  const targets = new Map<string, Set<string>>(
    index.clusters.map(cluster => [cluster.name, new Set(cluster.configures)]),
  );
  for (const cluster of index.clusters) {
    for (const peer of cluster.configures) {
      targets.get(peer)?.add(cluster.name);
    }
  }

  const connections: MeshConnection[] = [];
  for (const from of index.clusters) {
    const agents = new LayerView(from.cilium?.agentViews ?? [], from, index);
    const kvstoremesh = new LayerView(
      from.cilium?.kvstoremeshViews ?? [],
      from,
      index,
    );
    const fromTargets = targets.get(from.name)!;
    for (const to of agents.mentioned()) fromTargets.add(to);
    for (const to of kvstoremesh.mentioned()) fromTargets.add(to);

    for (const to of [...fromTargets].sort(compareText)) {
      const configured = from.configures.has(to);
      const connection: MeshConnection = {
        from: from.name,
        to,
        configured,
        state: 'unknown',
      };
      if (agents.present) connection.agents = agents.layerFor(to);
      if (kvstoremesh.present)
        connection.kvstoremesh = kvstoremesh.layerFor(to);
      const layers = [connection.agents, connection.kvstoremesh].filter(
        (layer): layer is ConnectionLayer => layer !== undefined,
      );
      connection.state = connectionState(from, configured, layers);
      connections.push(connection);
    }
  }
  return connections;
}

export function connectionKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

export function indexConnections(
  connections: MeshConnection[],
): Map<string, MeshConnection> {
  return new Map(
    connections.map(connection => [
      connectionKey(connection.from, connection.to),
      connection,
    ]),
  );
}

/** Connections by state: the mesh list's summary and the mesh detail both show it. */
export function countConnections(
  connections: MeshConnection[],
): ConnectionCounts {
  const counts: ConnectionCounts = {
    total: connections.length,
    connected: 0,
    degraded: 0,
    disconnected: 0,
    unconfigured: 0,
    unknown: 0,
  };
  for (const connection of connections) counts[connection.state]++;
  return counts;
}
