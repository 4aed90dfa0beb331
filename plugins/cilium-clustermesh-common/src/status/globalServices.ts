import { isAtLeast } from './ciliumVersion';
import { connectionKey, indexConnections } from './connections';
import { compareText, IndexedCluster, indexMesh, MeshIndex } from './meshIndex';
import type {
  GlobalServiceInCluster,
  GlobalServiceStatus,
  MeshConnection,
  ServiceRouting,
} from './meshStatus';
import type { ClusterObservation, ServiceObservation } from './observation';

type ServedBy = ServiceRouting['servedBy'][number];

/** One cluster's Services and namespace flags, indexed for lookups by key. */
class ClusterServices {
  readonly annotated = new Map<string, ServiceObservation>();
  readonly plain: Set<string>;
  private readonly namespaceGlobal = new Map<string, boolean | undefined>();
  private readonly namespacesMatter: boolean;
  private readonly defaultGlobalNamespace: boolean;

  constructor(readonly cluster: IndexedCluster) {
    const observation = cluster.observation;
    for (const service of observation.services) {
      this.annotated.set(serviceKey(service), service);
    }
    this.plain = new Set(observation.plainServices);
    for (const namespace of observation.namespaces) {
      this.namespaceGlobal.set(namespace.name, namespace.global);
    }
    // Namespace export rules only exist from Cilium 1.20 on.
    this.namespacesMatter = isAtLeast(cluster.cilium?.version, 1, 20);
    this.defaultGlobalNamespace =
      cluster.cilium?.config.defaultGlobalNamespace ?? true;
  }

  get readable(): boolean {
    return this.cluster.cilium !== undefined;
  }

  isNamespaceGlobal(namespace: string): boolean {
    if (!this.namespacesMatter) {
      return true;
    }
    return this.namespaceGlobal.get(namespace) ?? this.defaultGlobalNamespace;
  }

  describe(key: string, namespace: string): GlobalServiceInCluster {
    const name = this.cluster.name;
    if (!this.readable) {
      return {
        cluster: name,
        present: false,
        global: false,
        shared: false,
        affinity: 'none',
        readyBackends: 0,
        namespaceGlobal: false,
        unknown: true,
      };
    }
    const service = this.annotated.get(key);
    return {
      cluster: name,
      present: service !== undefined || this.plain.has(key),
      global: service?.global ?? false,
      shared: service?.shared ?? false,
      affinity: service?.affinity ?? 'none',
      readyBackends: service?.readyBackends ?? 0,
      namespaceGlobal: this.isNamespaceGlobal(namespace),
    };
  }
}

export function serviceKey(service: {
  namespace: string;
  name: string;
}): string {
  return `${service.namespace}/${service.name}`;
}

/** Cluster Y exports its backends of a Service to the mesh (research-cilium §4.2 step 1). */
export function exportsService(entry: GlobalServiceInCluster): boolean {
  return (
    !entry.unknown &&
    entry.present &&
    entry.global &&
    entry.shared &&
    entry.namespaceGlobal
  );
}

function plural(count: number, word: string): string {
  return `${count} ready ${word}${count === 1 ? '' : 's'}`;
}

/** Whose backends the clients in `consumer` reach (research-cilium §4.2 step 3). */
function routeFrom(
  consumer: GlobalServiceInCluster,
  namespace: string,
  remoteBackends: GlobalServiceInCluster[],
  linkReady: (from: string, to: string) => boolean,
): ServiceRouting {
  const from = consumer.cluster;
  const local: ServedBy = { cluster: from, backends: consumer.readyBackends };
  if (!consumer.global) {
    return {
      from,
      servedBy: [local],
      reason: `The Service is not global in ${from}, so its clients use only ${from}'s own backends.`,
    };
  }
  if (!consumer.namespaceGlobal) {
    return {
      from,
      servedBy: [local],
      reason: `Namespace ${namespace} is not global in ${from}, so Cilium neither imports nor exports its Services there and clients use only local backends.`,
    };
  }
  const remote: ServedBy[] = remoteBackends
    .filter(entry => entry.cluster !== from)
    .map(entry => ({
      cluster: entry.cluster,
      backends: entry.readyBackends,
      linkReady: linkReady(from, entry.cluster),
    }));
  const hasLocal = consumer.readyBackends > 0;
  const bySortedCluster = (servedBy: ServedBy[]) =>
    servedBy.sort((a, b) => compareText(a.cluster, b.cluster));

  if (consumer.affinity === 'local') {
    if (hasLocal) {
      return {
        from,
        servedBy: [local],
        reason: `Affinity local: ${from} has ${plural(
          consumer.readyBackends,
          'backend',
        )}, so remote backends are used only when none are left.`,
      };
    }
    return {
      from,
      servedBy: bySortedCluster(remote),
      reason: remote.length
        ? `Affinity local, but ${from} has no ready backends, so clients fail over to remote clusters.`
        : `Affinity local, but no cluster has ready backends to serve ${from}.`,
    };
  }
  if (consumer.affinity === 'remote') {
    if (remote.length > 0) {
      return {
        from,
        servedBy: bySortedCluster(remote),
        reason: `Affinity remote: clients use the other clusters' backends, and ${from}'s own only if none are left.`,
      };
    }
    return {
      from,
      servedBy: [local],
      reason: `Affinity remote, but no other cluster exports ready backends, so clients fall back to ${from}'s own.`,
    };
  }
  const servedBy = bySortedCluster(hasLocal ? [local, ...remote] : remote);
  let reason = `No affinity: clients spread over local and remote backends alike.`;
  if (servedBy.length === 0) {
    reason = `No cluster has ready backends to serve ${from}.`;
  } else if (!hasLocal) {
    reason = `No affinity, and ${from} has no ready backends, so clients use remote ones only.`;
  } else if (remote.length === 0) {
    reason = `No affinity, but no other cluster exports ready backends, so clients use ${from}'s own only.`;
  }
  return { from, servedBy, reason };
}

/**
 * Every Service annotated global in at least one readable cluster, with its
 * state per cluster and the backends each cluster's clients reach; sorted by
 * namespace, then name.
 */
export function buildGlobalServices(
  observations: ClusterObservation[],
  connections: MeshConnection[],
): GlobalServiceStatus[] {
  return globalServicesOf(indexMesh(observations), connections);
}

export function globalServicesOf(
  index: MeshIndex,
  connections: MeshConnection[],
): GlobalServiceStatus[] {
  const clusters = index.clusters.map(cluster => new ClusterServices(cluster));
  const connectionsByPair = indexConnections(connections);
  const linkReady = (from: string, to: string) =>
    connectionsByPair.get(connectionKey(from, to))?.state === 'connected';

  const keys = new Map<string, { namespace: string; name: string }>();
  for (const cluster of clusters) {
    if (!cluster.readable) {
      continue;
    }
    for (const [key, service] of cluster.annotated) {
      if (service.global && !keys.has(key)) {
        keys.set(key, { namespace: service.namespace, name: service.name });
      }
    }
  }

  const sortedKeys = [...keys.entries()].sort(
    ([, a], [, b]) =>
      compareText(a.namespace, b.namespace) || compareText(a.name, b.name),
  );
  return sortedKeys.map(([key, { namespace, name }]) => {
    const entries = clusters.map(cluster => cluster.describe(key, namespace));
    const remoteBackends = entries.filter(
      entry => exportsService(entry) && entry.readyBackends > 0,
    );
    const routing = entries
      .filter(entry => entry.present)
      .map(entry => routeFrom(entry, namespace, remoteBackends, linkReady));
    // Absent copies are left out: a service in 3 of 255 clusters stays small.
    const listed = entries.filter(entry => entry.present || entry.unknown);
    return { namespace, name, clusters: listed, routing };
  });
}
