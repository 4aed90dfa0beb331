import type {
  CiliumSummary,
  ConnectionEvent,
  ConnectionLayer,
  MeshProblem,
  ProblemSeverity,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { formatTime, readyOfTotal } from '../shared/format';
import { CONNECTION_STATE_TEXT } from '../shared/states';

const SEVERITY_RANK: Record<ProblemSeverity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

function bySeverity(problems: MeshProblem[]): MeshProblem[] {
  return [...problems].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
  );
}

/** Problems that name both ends of the pair (either direction), errors first. */
export function problemsAboutPair(
  problems: MeshProblem[],
  a: string,
  b: string,
): MeshProblem[] {
  return bySeverity(
    problems.filter(p => p.clusters.includes(a) && p.clusters.includes(b)),
  );
}

/** Problems that name the cluster, errors first. */
export function problemsAboutCluster(
  problems: MeshProblem[],
  cluster: string,
): MeshProblem[] {
  return bySeverity(problems.filter(p => p.clusters.includes(cluster)));
}

/** Key facts are shown in this order; arrays become lists. */
export type Facts = Record<string, string | string[]>;

function countOrUnreported(count: number | undefined): string {
  return count === undefined ? 'Not reported' : String(count);
}

/** What one layer (agents or KVStoreMesh) of the source reports about the target. */
export function layerFacts(layer: ConnectionLayer): Facts {
  return {
    Ready: readyOfTotal(layer.ready, layer.total),
    'Know the target': readyOfTotal(layer.configured, layer.total),
    'Metrics unreadable': String(layer.unreadable),
    'Remote nodes': countOrUnreported(layer.nodes),
    'Remote endpoints': countOrUnreported(layer.endpoints),
    'Remote services': countOrUnreported(layer.services),
    Failures: String(layer.failures),
    'Last failure': layer.lastFailure ? formatTime(layer.lastFailure) : 'Never',
    'Not ready': layer.notReadyPods.length > 0 ? layer.notReadyPods : 'None',
  };
}

function workload(ready: number, desired: number): string {
  return `${readyOfTotal(ready, desired)} ready`;
}

function routing(cilium: CiliumSummary): string {
  if (!cilium.routingMode) return 'Not set';
  return cilium.routingMode === 'tunnel' && cilium.tunnelProtocol
    ? `tunnel (${cilium.tunnelProtocol})`
    : cilium.routingMode;
}

function apiserver(cilium: CiliumSummary): string {
  const server = cilium.clustermeshApiserver;
  if (!server) return 'Not deployed';
  const address =
    server.addresses.length > 0
      ? server.addresses
          .map(host => (server.port ? `${host}:${server.port}` : host))
          .join(', ')
      : 'no address yet';
  const type = server.serviceType ? ` (${server.serviceType})` : '';
  return `${address}${type}, ${workload(
    server.ready,
    server.desired,
  )}, KVStoreMesh ${server.kvstoremesh ? 'on' : 'off'}`;
}

/** A cluster's Cilium at a glance, in the words of its Helm values and cilium-cli. */
export function ciliumFacts(
  cilium: CiliumSummary,
  configuredPeers: string[],
): Facts {
  const certificate = cilium.clustermeshApiserver?.certificate;
  return {
    'Cilium version': cilium.version ?? 'Unknown',
    'Cilium cluster name': cilium.clusterName ?? 'Not set',
    'Cluster ID':
      cilium.clusterId === undefined ? 'Not set' : String(cilium.clusterId),
    Agents: `${workload(cilium.agents.ready, cilium.agents.desired)}, metrics ${
      cilium.agents.metricsEnabled ? 'on' : 'off'
    }`,
    Operator: cilium.operator
      ? workload(cilium.operator.ready, cilium.operator.desired)
      : 'Not found',
    Routing: routing(cilium),
    'kube-proxy replacement': cilium.kubeProxyReplacement ?? 'Not set',
    Encryption: cilium.encryption,
    'Pod CIDRs': cilium.podCidrs.length > 0 ? cilium.podCidrs : 'None',
    'Max connected clusters': String(cilium.maxConnectedClusters),
    'clustermesh-apiserver': apiserver(cilium),
    ...(certificate && {
      'Server certificate': `issued by ${
        certificate.issuer
      }, expires ${formatTime(certificate.notAfter)}`,
    }),
    'Configured peers': configuredPeers.length > 0 ? configuredPeers : 'None',
  };
}

/** "cluster3 → cluster1: Ready → Down", or "… first seen Ready" for a new edge. */
export function historyLine(event: ConnectionEvent): string {
  const to = CONNECTION_STATE_TEXT[event.state];
  const change = event.previousState
    ? `${CONNECTION_STATE_TEXT[event.previousState]} → ${to}`
    : `first seen ${to}`;
  return `${event.from} → ${event.to}: ${change}`;
}

/** Newest first, whatever order the page came in. */
export function newestFirst(events: ConnectionEvent[]): ConnectionEvent[] {
  return [...events].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
}
