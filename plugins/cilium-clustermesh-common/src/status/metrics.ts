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

// Longest first where one name starts another (none do today).
const FIELDS: readonly Field[] = [
  'readiness_status',
  'failures',
  'last_failure_ts',
  'nodes',
  'services',
  'endpoints',
];
const FIELD_NAMES: ReadonlySet<string> = new Set<string>(FIELDS);

// Sticky: each matches only where a line starts, never searching further.
const FIELD_NAME = new RegExp(`(${FIELDS.join('|')})(?:_total)?`, 'y');
const PREFIX_PATTERNS: Record<ClusterMeshMetricsLayer, RegExp> = {
  agent: new RegExp(PREFIXES.agent, 'y'),
  kvstoremesh: new RegExp(PREFIXES.kvstoremesh, 'y'),
};
const VERSION_NAME = /cilium_version/y;

/**
 * The per-peer ClusterMesh series of one scrape. Works across versions:
 * `source_cluster`/`source_node_name` (≤ 1.18) are ignored, and the 1.19+
 * `services`/`endpoints` series are read when present. A peer appears when
 * any of its series does; Cilium keeps a removed peer's series until restart
 * (cilium#40049), so callers should join with the configured peers.
 *
 * `text` may come in line-aligned pieces (every piece but the last ends with
 * a newline), so a large scrape never has to be one string.
 */
export function parseClusterMeshMetrics(
  text: string | readonly string[],
  layer: ClusterMeshMetricsLayer,
): ClusterMeshMetrics {
  const prefix = PREFIXES[layer];
  const prefixPattern = PREFIX_PATTERNS[layer];
  const byPeer = new Map<string, Partial<Record<Field, number>>>();
  let version: string | undefined;
  // An agent at 255 clusters writes ~1,800 of these lines per scrape and the
  // backend reads ~1,000 scrapes per refresh: Cilium's own lines are read in
  // place without copying them, anything unusual goes to the full parser.
  // Names are matched with sticky patterns: V8's startsWith with a position
  // costs several times more.
  for (const piece of typeof text === 'string' ? [text] : text) {
    let start = 0;
    while (start < piece.length) {
      const newline = piece.indexOf('\n', start);
      const next = newline < 0 ? piece.length : newline + 1;
      let end = newline < 0 ? piece.length : newline;
      if (end > start && piece.charCodeAt(end - 1) === 13) end--;
      if (matchesAt(prefixPattern, piece, start)) {
        const sample =
          quickSample(piece, start, end, prefix) ??
          slowSample(piece.slice(start, end).trim(), prefix);
        if (sample) {
          const values = byPeer.get(sample.peer) ?? {};
          values[sample.field] = sample.value;
          byPeer.set(sample.peer, values);
        }
      } else if (matchesAt(VERSION_NAME, piece, start)) {
        const labels = parseSampleLine(piece.slice(start, end))?.labels;
        if (labels?.version) version = labels.version.replace(/^v/, '');
      } else if (isIndented(piece, start)) {
        // Exposition parsers accept leading blanks; Cilium never writes them.
        const line = piece.slice(start, end).trim();
        if (line.startsWith(prefix)) {
          const sample = slowSample(line, prefix);
          if (sample) {
            const values = byPeer.get(sample.peer) ?? {};
            values[sample.field] = sample.value;
            byPeer.set(sample.peer, values);
          }
        } else if (line.startsWith('cilium_version')) {
          const labels = parseSampleLine(line)?.labels;
          if (labels?.version) version = labels.version.replace(/^v/, '');
        }
      }
      start = next;
    }
  }
  const peers = [...byPeer.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([cluster, values]) => toRemoteCluster(peerName(cluster), values));
  return version ? { peers, version } : { peers };
}

interface PeerSample {
  field: Field;
  peer: string;
  value: number;
}

const TARGET_LABEL = 'target_cluster="';
const BACKSLASH = 92;

function isIndented(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code === 32 || code === 9;
}

/**
 * `<prefix><field>{…target_cluster="x"…} <value>` between `start` and `end`
 * of `text`, without escapes, as Cilium writes it; undefined for anything else.
 */
function quickSample(
  text: string,
  start: number,
  end: number,
  prefix: string,
): PeerSample | undefined {
  const nameStart = start + prefix.length;
  const open = text.indexOf('{', nameStart);
  if (open < 0 || open >= end) return undefined;
  const close = text.indexOf('}', open);
  if (close < 0 || close >= end) return undefined;
  // Bounded by hand: indexOf would scan the rest of the piece on every line.
  for (let at = open; at < close; at++) {
    if (text.charCodeAt(at) === BACKSLASH) return undefined;
  }
  const field = fieldAt(text, nameStart, open);
  if (!field) return undefined;
  const at = text.indexOf(TARGET_LABEL, open);
  // Not a label that merely ends in target_cluster.
  if (at < 0 || at > close || !'{, '.includes(text[at - 1])) return undefined;
  const peerStart = at + TARGET_LABEL.length;
  const peerEnd = text.indexOf('"', peerStart);
  if (peerEnd < 0 || peerEnd > close) return undefined;
  let valueStart = close + 1;
  while (valueStart < end && isIndented(text, valueStart)) valueStart++;
  let valueEnd = valueStart;
  while (valueEnd < end && !isIndented(text, valueEnd)) valueEnd++;
  const value = parsePrometheusValue(text.slice(valueStart, valueEnd));
  if (value === undefined) return undefined;
  return { field, peer: text.slice(peerStart, peerEnd), value };
}

/** The field whose name (optionally with OpenMetrics' `_total`) spans `from` to `to`. */
function fieldAt(text: string, from: number, to: number): Field | undefined {
  FIELD_NAME.lastIndex = from;
  const match = FIELD_NAME.exec(text);
  return match && FIELD_NAME.lastIndex === to ? (match[1] as Field) : undefined;
}

function matchesAt(pattern: RegExp, text: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(text);
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
 * One shared string per peer name. A slice of the scrape would keep the
 * whole piece alive for as long as the mesh view holds the name, and at 255
 * clusters every name is seen ~1,000 times per refresh.
 */
const peerNames = new Map<string, string>();
const PEER_NAMES_KEPT = 4096;

function peerName(text: string): string {
  const known = peerNames.get(text);
  if (known !== undefined) return known;
  // join builds a new flat string; this package also runs in browsers (no Buffer).
  const copy = Array.from(text).join('');
  if (peerNames.size >= PEER_NAMES_KEPT) peerNames.clear();
  peerNames.set(copy, copy);
  return copy;
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
