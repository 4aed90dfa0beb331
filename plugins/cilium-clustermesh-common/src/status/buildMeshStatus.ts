import { buildConnections } from './connections';
import { globalServicesOf } from './globalServices';
import { summarizeHealth } from './health';
import { IndexedCluster, indexMesh } from './meshIndex';
import type {
  CiliumSummary,
  ClusterStatus,
  Health,
  MeshStatus,
} from './meshStatus';
import type { CiliumObservation, ClusterObservation } from './observation';
import { detectProblems } from './problems';

export const DEFAULT_STALE_AFTER_MS = 5 * 60 * 1000;
export const DEFAULT_CERTIFICATE_WARNING_DAYS = 30;

export interface BuildMeshStatusInput {
  mesh: string;
  title?: string;
  observations: ClusterObservation[];
  /** The moment to judge freshness and certificate expiry against. */
  now: Date;
  /** Observations older than this are reported as stale; 5 minutes by default. */
  staleAfterMs?: number;
  /** Certificates expiring within this many days are reported; 30 by default. */
  certificateWarningDays?: number;
}

function summarizeCilium(cilium: CiliumObservation): CiliumSummary {
  const { config, agents, operator, clustermeshApiserver } = cilium;
  const summary: CiliumSummary = {
    version: cilium.version,
    clusterName: config.clusterName,
    clusterId: config.clusterId,
    maxConnectedClusters: config.maxConnectedClusters,
    routingMode: config.routingMode,
    tunnelProtocol: config.tunnelProtocol,
    kubeProxyReplacement: config.kubeProxyReplacement,
    encryption: config.encryption,
    podCidrs: [...config.podCidrs],
    agents: { ...agents },
    operator: operator && { ...operator },
    clustermeshApiserver: clustermeshApiserver && {
      ...clustermeshApiserver,
      addresses: [...clustermeshApiserver.addresses],
      certificate: clustermeshApiserver.certificate && {
        ...clustermeshApiserver.certificate,
      },
    },
  };
  for (const key of Object.keys(summary) as (keyof CiliumSummary)[]) {
    if (summary[key] === undefined) {
      delete summary[key];
    }
  }
  return summary;
}

function clusterStatus(cluster: IndexedCluster, health: Health): ClusterStatus {
  const { observation } = cluster;
  const status: ClusterStatus = {
    name: cluster.name,
    health,
    observedAt: observation.observedAt,
    warnings: observation.warnings,
    configuredPeers: (observation.cilium?.configuredPeers ?? []).map(
      peer => peer.name,
    ),
  };
  if (observation.error) {
    status.error = observation.error;
  }
  if (observation.cilium) {
    status.cilium = summarizeCilium(observation.cilium);
  }
  return status;
}

function oldestObservation(
  observations: ClusterObservation[],
  now: Date,
): string {
  let oldest: string | undefined;
  let oldestTime = Infinity;
  for (const { observedAt } of observations) {
    const time = Date.parse(observedAt);
    if (time < oldestTime) {
      oldestTime = time;
      oldest = observedAt;
    }
  }
  return oldest ?? now.toISOString();
}

/** The whole mesh as the portal shows it, judged from what each cluster reported. */
export function buildMeshStatus(input: BuildMeshStatusInput): MeshStatus {
  const { mesh, title, observations, now } = input;
  const index = indexMesh(observations);
  const connections = buildConnections(index);
  const problems = detectProblems({
    index,
    connections,
    globalServices: globalServicesOf(index, connections),
    now,
    staleAfterMs: input.staleAfterMs ?? DEFAULT_STALE_AFTER_MS,
    certificateWarningDays:
      input.certificateWarningDays ?? DEFAULT_CERTIFICATE_WARNING_DAYS,
  });
  const health = summarizeHealth(
    index.clusters.map(cluster => cluster.observation),
    problems,
  );
  const status: MeshStatus = {
    mesh,
    health: health.mesh,
    observedAt: oldestObservation(observations, now),
    clusters: index.clusters.map(cluster =>
      clusterStatus(cluster, health.clusters.get(cluster.name)!),
    ),
    connections,
    problems,
  };
  if (title !== undefined) {
    status.title = title;
  }
  return status;
}
