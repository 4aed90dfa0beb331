import type { RemoteClusterMetrics } from './observation';
import { compareText } from './meshIndex';
import { parsePrometheusValue, parseSampleLine } from './prometheusText';

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

const FIELD_NAMES: ReadonlySet<string> = new Set<Field>([
  'readiness_status',
  'failures',
  'last_failure_ts',
  'nodes',
  'services',
  'endpoints',
]);

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
  // An agent at 255 clusters writes ~1,800 of these lines per scrape and the
  // backend reads ~1,000 scrapes per refresh: common lines take a quick path,
  // anything unusual the full parser.
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith(prefix)) {
      const sample = quickSample(line, prefix) ?? slowSample(line, prefix);
      if (!sample) continue;
      const values = byPeer.get(sample.peer) ?? {};
      values[sample.field] = sample.value;
      byPeer.set(sample.peer, values);
    } else if (line.startsWith('cilium_version')) {
      const labels = parseSampleLine(line)?.labels;
      if (labels?.version) version = labels.version.replace(/^v/, '');
    }
  }
  const peers = [...byPeer.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([cluster, values]) => toRemoteCluster(ownCopy(cluster), values));
  return version ? { peers, version } : { peers };
}

interface PeerSample {
  field: Field;
  peer: string;
  value: number;
}

const TARGET_LABEL = 'target_cluster="';

/** `<prefix><field>{…target_cluster="x"…} <value>` without escapes, as Cilium writes it. */
function quickSample(line: string, prefix: string): PeerSample | undefined {
  const open = line.indexOf('{', prefix.length);
  const close = open < 0 ? -1 : line.indexOf('}', open);
  if (close < 0 || line.includes('\\', open)) return undefined;
  const field = asField(line.slice(prefix.length, open));
  let at = line.indexOf(TARGET_LABEL, open);
  // Not a label that merely ends in target_cluster.
  if (at > close || (at >= 0 && !'{, '.includes(line[at - 1]))) at = -1;
  const peerEnd = at < 0 ? -1 : line.indexOf('"', at + TARGET_LABEL.length);
  if (!field || peerEnd < 0 || peerEnd > close) return undefined;
  const valueText = line
    .slice(close + 1)
    .trim()
    .split(/[ \t]/)[0];
  const value = parsePrometheusValue(valueText);
  if (value === undefined) return undefined;
  return { field, peer: line.slice(at + TARGET_LABEL.length, peerEnd), value };
}

function slowSample(line: string, prefix: string): PeerSample | undefined {
  const sample = parseSampleLine(line);
  const field = sample && asField(sample.name.slice(prefix.length));
  const peer = sample?.labels.target_cluster;
  return field && peer ? { field, peer, value: sample.value } : undefined;
}

function asField(name: string): Field | undefined {
  // OpenMetrics exposes counters with a `_total` suffix.
  const field = name.endsWith('_total') ? name.slice(0, -6) : name;
  return FIELD_NAMES.has(field) ? (field as Field) : undefined;
}

/**
 * A slice of the scrape would keep the whole scrape text alive for as long as
 * the mesh view holds the peer's name; a copy keeps only the name.
 */
function ownCopy(text: string): string {
  // join builds a new flat string; this package also runs in browsers (no Buffer).
  return Array.from(text).join('');
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
