import type { RemoteClusterMetrics } from './observation';
import { compareText } from './meshIndex';
import { parsePrometheusText, PrometheusSample } from './prometheusText';

/** Who exposes the metrics: a Cilium agent (:9962) or KVStoreMesh in the clustermesh-apiserver pod (:9964). */
export type ClusterMeshMetricsLayer = 'agent' | 'kvstoremesh';

export interface ClusterMeshMetrics {
  /** One entry per `target_cluster`, sorted by name. */
  peers: RemoteClusterMetrics[];
  /** From `cilium_version{version}` (agents only), without a leading `v`. */
  version?: string;
}

const PREFIXES: Record<ClusterMeshMetricsLayer, string> = {
  agent: 'cilium_clustermesh_remote_cluster_',
  // KVStoreMesh's names have no `clustermesh_` infix (cilium#41924).
  kvstoremesh: 'cilium_kvstoremesh_remote_cluster_',
};

type Field =
  | 'readiness_status'
  | 'failures'
  | 'last_failure_ts'
  | 'nodes'
  | 'services'
  | 'endpoints';

const FIELDS: readonly Field[] = [
  'readiness_status',
  'failures',
  'last_failure_ts',
  'nodes',
  'services',
  'endpoints',
];

/**
 * The per-peer ClusterMesh series of one scrape. Works across versions:
 * `source_cluster`/`source_node_name` (≤ 1.18) are ignored, and the 1.19+
 * `services`/`endpoints` series are read when present. A peer appears when
 * any of its series does; Cilium keeps a removed peer's series until restart
 * (cilium#40049), so callers should join with the configured peers.
 */
export function parseClusterMeshMetrics(
  text: string,
  layer: ClusterMeshMetricsLayer,
): ClusterMeshMetrics {
  const prefix = PREFIXES[layer];
  const byPeer = new Map<string, Partial<Record<Field, number>>>();
  let version: string | undefined;
  const keepLine = (line: string) =>
    line.startsWith(prefix) || line.startsWith('cilium_version');
  for (const sample of parsePrometheusText(text, { keepLine }).samples) {
    if (sample.name === 'cilium_version' && sample.labels.version) {
      version = sample.labels.version.replace(/^v/, '');
      continue;
    }
    const field = fieldOf(sample, prefix);
    const peer = sample.labels.target_cluster;
    if (!field || !peer) continue;
    const values = byPeer.get(peer) ?? {};
    values[field] = sample.value;
    byPeer.set(peer, values);
  }
  const peers = [...byPeer.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([cluster, values]) => toRemoteCluster(cluster, values));
  return version ? { peers, version } : { peers };
}

function fieldOf(sample: PrometheusSample, prefix: string): Field | undefined {
  if (!sample.name.startsWith(prefix)) return undefined;
  // OpenMetrics exposes counters with a `_total` suffix.
  const field = sample.name.slice(prefix.length).replace(/_total$/, '');
  return FIELDS.find(candidate => candidate === field);
}

function toRemoteCluster(
  cluster: string,
  values: Partial<Record<Field, number>>,
): RemoteClusterMetrics {
  const result: RemoteClusterMetrics = {
    cluster,
    ready: values.readiness_status === 1,
    failures: count(values.failures) ?? 0,
  };
  const lastFailure = values.last_failure_ts;
  // Cilium sets the gauge to the current time on failure: 0 means never.
  if (lastFailure !== undefined && Number.isFinite(lastFailure)) {
    const date = new Date(lastFailure * 1000);
    if (lastFailure > 0 && !Number.isNaN(date.getTime())) {
      result.lastFailure = date.toISOString();
    }
  }
  const nodes = count(values.nodes);
  const services = count(values.services);
  const endpoints = count(values.endpoints);
  if (nodes !== undefined) result.nodes = nodes;
  if (services !== undefined) result.services = services;
  if (endpoints !== undefined) result.endpoints = endpoints;
  return result;
}

function count(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value >= 0
    ? Math.round(value)
    : undefined;
}
