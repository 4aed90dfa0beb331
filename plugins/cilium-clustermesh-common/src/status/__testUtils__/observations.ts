import type {
  CiliumObservation,
  ClusterObservation,
  ObserverView,
  ServiceObservation,
} from '../observation';

/** The moment the seed observations are judged at. */
export const SEED_NOW = new Date('2026-06-01T12:00:00.000Z');
export const SEED_OBSERVED_AT = new Date(
  SEED_NOW.getTime() - 30_000,
).toISOString();
export const SEED_ISSUER_KEY_ID =
  '4f:2a:91:0c:d3:77:be:12:5e:08:a1:6c:39:f0:44:d2:7b:13:c8:a9';
const THREE_YEARS_MS = 3 * 365 * 24 * 3600 * 1000;

export const SEED_CLUSTERS = ['cluster1', 'cluster2', 'cluster3'] as const;
export type SeedCluster = (typeof SEED_CLUSTERS)[number];

export function apiserverAddress(id: number): string {
  return `172.21.${9 + id}.200`;
}

export function agentPods(cluster: string): string[] {
  return [0, 1, 2].map(i => `cilium-${cluster}-${i}`);
}

export function kvstoremeshPod(cluster: string): string {
  return `clustermesh-apiserver-${cluster}-0`;
}

export function readyView(pod: string, peers: string[]): ObserverView {
  return {
    pod,
    node: `${pod}-node`,
    peers: peers.map(peer => ({
      cluster: peer,
      ready: true,
      failures: 0,
      nodes: 3,
      services: 1,
      endpoints: 2,
    })),
  };
}

export function globalService(
  change: Partial<ServiceObservation> = {},
): ServiceObservation {
  return {
    namespace: 'meshtest',
    name: 'aks-helloworld-one',
    global: true,
    shared: true,
    affinity: 'none',
    readyBackends: 2,
    ...change,
  };
}

/** A healthy cluster `name` with id `id` that configures and reaches `peers`. */
export function healthyCluster(
  name: string,
  id: number,
  peers: { name: string; id: number }[],
  services: ServiceObservation[] = [],
): ClusterObservation {
  const peerNames = peers.map(peer => peer.name);
  const cilium: CiliumObservation = {
    version: '1.20.0',
    config: {
      clusterName: name,
      clusterId: id,
      maxConnectedClusters: 255,
      routingMode: 'tunnel',
      tunnelProtocol: 'vxlan',
      kubeProxyReplacement: 'true',
      encryption: 'disabled',
      ipamMode: 'cluster-pool',
      podCidrs: [`10.${id}.0.0/16`],
      identityAllocationMode: 'crd',
    },
    agents: { desired: 3, ready: 3, metricsEnabled: true },
    operator: { desired: 2, ready: 2 },
    clustermeshApiserver: {
      desired: 1,
      ready: 1,
      serviceType: 'LoadBalancer',
      addresses: [apiserverAddress(id)],
      port: 2379,
      kvstoremesh: true,
      certificate: {
        endpoint: `${apiserverAddress(id)}:2379`,
        subject: 'CN=clustermesh-apiserver.kube-system.svc',
        issuer: 'CN=Cilium CA',
        notAfter: new Date(SEED_NOW.getTime() + THREE_YEARS_MS).toISOString(),
        issuerKeyId: SEED_ISSUER_KEY_ID,
      },
    },
    configuredPeers: peers.map(peer => ({
      name: peer.name,
      addresses: [apiserverAddress(peer.id)],
      sources: ['remote-users', 'host-aliases'],
    })),
    agentViews: agentPods(name).map(pod => readyView(pod, peerNames)),
    kvstoremeshViews: [readyView(kvstoremeshPod(name), peerNames)],
  };
  return {
    cluster: name,
    observedAt: SEED_OBSERVED_AT,
    cilium,
    warnings: [],
    services,
    plainServices: ['default/kubernetes', 'kube-system/clustermesh-apiserver'],
    namespaces: services.length > 0 ? [{ name: 'meshtest' }] : [],
  };
}

/** What the portal reads from the healthy three-cluster seed mesh. */
export function seedObservations(): ClusterObservation[] {
  const all = SEED_CLUSTERS.map((name, i) => ({ name, id: i + 1 }));
  const serviceChanges: Record<SeedCluster, Partial<ServiceObservation>> = {
    cluster1: { shared: false },
    cluster2: { affinity: 'remote' },
    cluster3: {},
  };
  return all.map(({ name, id }) =>
    healthyCluster(
      name,
      id,
      all.filter(peer => peer.name !== name),
      [globalService(serviceChanges[name])],
    ),
  );
}

export type ClusterChange = (
  observation: ClusterObservation,
  cilium: CiliumObservation,
) => void;

/**
 * The seed observations with some clusters changed in place, so a test
 * states only what differs from the healthy mesh.
 */
export function seed(
  changes: Partial<Record<string, ClusterChange>> = {},
): ClusterObservation[] {
  const observations = seedObservations();
  for (const observation of observations) {
    const change = changes[observation.cluster];
    if (change) {
      change(observation, observation.cilium!);
    }
  }
  return observations;
}

/** Turns an observation into one of a cluster the backend could not read. */
export function makeUnreachable(observation: ClusterObservation): void {
  observation.error = {
    source: 'GET configmaps/cilium-config',
    kind: 'unreachable',
    message: 'dial tcp 10.0.0.1:443: i/o timeout',
  };
  delete observation.cilium;
  observation.services = [];
  observation.plainServices = [];
  observation.namespaces = [];
}

/** Marks `peer` not ready in every view of `views` (optionally only in the named pods). */
export function markNotReady(
  views: ObserverView[],
  peer: string,
  pods?: string[],
): void {
  for (const view of views) {
    if (pods && !pods.includes(view.pod)) {
      continue;
    }
    for (const remote of view.peers) {
      if (remote.cluster === peer) {
        remote.ready = false;
        remote.failures += 4;
        remote.lastFailure = '2026-06-01T11:58:00.000Z';
      }
    }
  }
}

/** Drops `peer` from a cluster's configuration and from every metrics view. */
export function forgetPeer(cilium: CiliumObservation, peer: string): void {
  cilium.configuredPeers = cilium.configuredPeers.filter(p => p.name !== peer);
  for (const view of [...cilium.agentViews, ...cilium.kvstoremeshViews]) {
    view.peers = view.peers.filter(remote => remote.cluster !== peer);
  }
}

/**
 * A full mesh of `clusterCount` healthy clusters and `serviceCount` global
 * services, each present in three neighbouring clusters.
 */
export function largeMesh(
  clusterCount: number,
  serviceCount: number,
): ClusterObservation[] {
  const all = Array.from({ length: clusterCount }, (_, i) => ({
    name: `aks-${String(i + 1).padStart(3, '0')}`,
    id: i + 1,
  }));
  const servicesByCluster = all.map((): ServiceObservation[] => []);
  for (let s = 0; s < serviceCount; s++) {
    for (let offset = 0; offset < 3; offset++) {
      servicesByCluster[(s + offset) % clusterCount].push(
        globalService({ namespace: `team-${s % 50}`, name: `svc-${s}` }),
      );
    }
  }
  return all.map(({ name, id }, i) => {
    const observation = healthyCluster(
      name,
      id,
      all.filter(peer => peer.name !== name),
      servicesByCluster[i],
    );
    observation.namespaces = Array.from({ length: 50 }, (_, n) => ({
      name: `team-${n}`,
    }));
    return observation;
  });
}
