import { ciliumMinor } from '../settings';
import { MetricFamily, renderExposition } from './prometheusText';
import { RemoteClusterView } from './remoteCluster';
import { STATUS_VERSIONS } from './versions';

/** Who is reporting: ≤ 1.18 stamps these on every ClusterMesh series. */
export interface AgentIdentity {
  clusterName: string;
  nodeName: string;
  /** `cilium_version` labels; a real agent reports its build. */
  arch?: string;
  revision?: string;
}

/** HELP texts as Cilium registers them (pkg/clustermesh/common/metrics.go and friends). */
const HELP = {
  remoteClusters:
    'The total number of remote clusters meshed with the local cluster',
  readiness: 'The readiness status of the remote cluster',
  failures: 'The total number of failures related to the remote cluster',
  lastFailure: 'The timestamp of the last failure of the remote cluster',
  nodes: 'The total number of nodes in the remote cluster',
  services: 'The total number of services in the remote cluster',
  endpoints: 'The total number of endpoints in the remote cluster',
  globalServices: 'The total number of global services in the cluster mesh',
  version: 'Cilium version',
} as const;

/** The agent's `/metrics` on :9962 (only served with `prometheus.enabled=true`). */
export function agentMetrics(
  chartVersion: string,
  identity: AgentIdentity,
  views: RemoteClusterView[],
  numGlobalServices: number,
): string {
  const minor = ciliumMinor(chartVersion);
  const withSource = minor <= STATUS_VERSIONS.sourceLabelsUntil;
  const source: Record<string, string> = withSource
    ? {
        source_cluster: identity.clusterName,
        source_node_name: identity.nodeName,
      }
    : {};
  const prefix = 'cilium_clustermesh';
  const families = [
    ...remoteClusterFamilies(prefix, source, views),
    perTarget(
      prefix,
      'remote_cluster_nodes',
      HELP.nodes,
      source,
      views,
      v => v.numNodes,
    ),
  ];
  if (minor <= STATUS_VERSIONS.globalServicesUntil) {
    // Cilium creates this series on the first remote service it sees; the lab
    // is stateless, so it reports it (possibly 0) from the start.
    families.push(
      gauge(`${prefix}_global_services`, HELP.globalServices, [
        { labels: source, value: numGlobalServices },
      ]),
    );
  } else {
    // cilium#41323 replaced the mesh-wide count by per-peer counts.
    families.push(
      perTarget(
        prefix,
        'remote_cluster_services',
        HELP.services,
        source,
        views,
        v => v.numSharedServices,
      ),
      perTarget(
        prefix,
        'remote_cluster_endpoints',
        HELP.endpoints,
        source,
        views,
        v => v.numEndpoints,
      ),
    );
  }
  families.push(versionFamily(chartVersion, identity));
  return renderExposition(families);
}

/** KVStoreMesh's `/metrics` on :9964 of the clustermesh-apiserver pod (on by default). */
export function kvstoremeshMetrics(
  chartVersion: string,
  clusterName: string,
  views: RemoteClusterView[],
): string {
  const withSource =
    ciliumMinor(chartVersion) <= STATUS_VERSIONS.sourceLabelsUntil;
  // KVStoreMesh never had a node label: it is one Deployment, not per node.
  const source: Record<string, string> = withSource
    ? { source_cluster: clusterName }
    : {};
  return renderExposition(
    remoteClusterFamilies('cilium_kvstoremesh', source, views),
  );
}

/** The series every remote-cluster tracker has, agent and KVStoreMesh alike. */
function remoteClusterFamilies(
  prefix: string,
  source: Record<string, string>,
  views: RemoteClusterView[],
): MetricFamily[] {
  return [
    gauge(`${prefix}_remote_clusters`, HELP.remoteClusters, [
      { labels: source, value: views.length },
    ]),
    perTarget(
      prefix,
      'remote_cluster_readiness_status',
      HELP.readiness,
      source,
      views,
      v => (v.ready ? 1 : 0),
    ),
    perTarget(
      prefix,
      'remote_cluster_failures',
      HELP.failures,
      source,
      views,
      v => v.numFailures,
    ),
    perTarget(
      prefix,
      'remote_cluster_last_failure_ts',
      HELP.lastFailure,
      source,
      views,
      lastFailureSeconds,
    ),
  ];
}

/** Cilium calls SetToCurrentTime on failure: float seconds, 0 until then. */
function lastFailureSeconds(view: RemoteClusterView): number {
  return view.lastFailure ? view.lastFailure.getTime() / 1000 : 0;
}

function perTarget(
  prefix: string,
  name: string,
  help: string,
  source: Record<string, string>,
  views: RemoteClusterView[],
  value: (view: RemoteClusterView) => number,
): MetricFamily {
  return gauge(
    `${prefix}_${name}`,
    help,
    views.map(view => ({
      labels: { ...source, target_cluster: view.name },
      value: value(view),
    })),
  );
}

function versionFamily(
  chartVersion: string,
  identity: AgentIdentity,
): MetricFamily {
  // The agent creates the child with WithLabelValues and never sets it.
  return gauge('cilium_version', HELP.version, [
    {
      labels: {
        arch: identity.arch ?? 'amd64',
        revision: identity.revision ?? '',
        version: chartVersion,
      },
      value: 0,
    },
  ]);
}

function gauge(
  name: string,
  help: string,
  samples: MetricFamily['samples'],
): MetricFamily {
  return { name, help, type: 'gauge', samples };
}
