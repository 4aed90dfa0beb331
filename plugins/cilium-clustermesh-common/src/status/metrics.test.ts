import { parseClusterMeshMetrics } from './metrics';

const NODE = 'aks-nodepool1-12345678-vmss000000';
const source116 = `source_cluster="cluster1",source_node_name="${NODE}"`;

/** An agent of cluster1 on 1.16: every series carries the reporter's cluster and node. */
const AGENT_116 = `# HELP cilium_clustermesh_global_services The total number of global services in the cluster mesh
# TYPE cilium_clustermesh_global_services gauge
cilium_clustermesh_global_services{${source116}} 1
# HELP cilium_clustermesh_remote_cluster_failures The total number of failures related to the remote cluster
# TYPE cilium_clustermesh_remote_cluster_failures gauge
cilium_clustermesh_remote_cluster_failures{${source116},target_cluster="cluster2"} 0
cilium_clustermesh_remote_cluster_failures{${source116},target_cluster="cluster3"} 4
# HELP cilium_clustermesh_remote_cluster_last_failure_ts The timestamp of the last failure of the remote cluster
# TYPE cilium_clustermesh_remote_cluster_last_failure_ts gauge
cilium_clustermesh_remote_cluster_last_failure_ts{${source116},target_cluster="cluster2"} 0
cilium_clustermesh_remote_cluster_last_failure_ts{${source116},target_cluster="cluster3"} 1.7556012345e+09
# HELP cilium_clustermesh_remote_cluster_nodes The total number of nodes in the remote cluster
# TYPE cilium_clustermesh_remote_cluster_nodes gauge
cilium_clustermesh_remote_cluster_nodes{${source116},target_cluster="cluster2"} 3
cilium_clustermesh_remote_cluster_nodes{${source116},target_cluster="cluster3"} 0
# HELP cilium_clustermesh_remote_cluster_readiness_status The readiness status of the remote cluster
# TYPE cilium_clustermesh_remote_cluster_readiness_status gauge
cilium_clustermesh_remote_cluster_readiness_status{${source116},target_cluster="cluster2"} 1
cilium_clustermesh_remote_cluster_readiness_status{${source116},target_cluster="cluster3"} 0
# HELP cilium_clustermesh_remote_clusters The total number of remote clusters meshed with the local cluster
# TYPE cilium_clustermesh_remote_clusters gauge
cilium_clustermesh_remote_clusters{${source116}} 2
# HELP cilium_version Cilium version
# TYPE cilium_version gauge
cilium_version{arch="amd64",revision="8ba4d3f8 2025-01-22T14:36:06+00:00",version="v1.16.6"} 0
`;

/** An agent on 1.20: no source labels, per-peer services and endpoints. */
const AGENT_120 = `# HELP cilium_clustermesh_remote_cluster_endpoints The total number of endpoints in the remote cluster
# TYPE cilium_clustermesh_remote_cluster_endpoints gauge
cilium_clustermesh_remote_cluster_endpoints{target_cluster="cluster2"} 12
cilium_clustermesh_remote_cluster_endpoints{target_cluster="cluster3"} 9
# HELP cilium_clustermesh_remote_cluster_failures The total number of failures related to the remote cluster
# TYPE cilium_clustermesh_remote_cluster_failures gauge
cilium_clustermesh_remote_cluster_failures{target_cluster="cluster2"} 0
cilium_clustermesh_remote_cluster_failures{target_cluster="cluster3"} 0
# HELP cilium_clustermesh_remote_cluster_last_failure_ts The timestamp of the last failure of the remote cluster
# TYPE cilium_clustermesh_remote_cluster_last_failure_ts gauge
cilium_clustermesh_remote_cluster_last_failure_ts{target_cluster="cluster2"} 0
cilium_clustermesh_remote_cluster_last_failure_ts{target_cluster="cluster3"} 0
# HELP cilium_clustermesh_remote_cluster_nodes The total number of nodes in the remote cluster
# TYPE cilium_clustermesh_remote_cluster_nodes gauge
cilium_clustermesh_remote_cluster_nodes{target_cluster="cluster2"} 3
cilium_clustermesh_remote_cluster_nodes{target_cluster="cluster3"} 3
# HELP cilium_clustermesh_remote_cluster_readiness_status The readiness status of the remote cluster
# TYPE cilium_clustermesh_remote_cluster_readiness_status gauge
cilium_clustermesh_remote_cluster_readiness_status{target_cluster="cluster2"} 1
cilium_clustermesh_remote_cluster_readiness_status{target_cluster="cluster3"} 1
# HELP cilium_clustermesh_remote_cluster_services The total number of services in the remote cluster
# TYPE cilium_clustermesh_remote_cluster_services gauge
cilium_clustermesh_remote_cluster_services{target_cluster="cluster2"} 1
cilium_clustermesh_remote_cluster_services{target_cluster="cluster3"} 1
# HELP cilium_clustermesh_remote_clusters The total number of remote clusters meshed with the local cluster
# TYPE cilium_clustermesh_remote_clusters gauge
cilium_clustermesh_remote_clusters 2
# HELP cilium_version Cilium version
# TYPE cilium_version gauge
cilium_version{arch="amd64",revision="",version="1.20.0"} 0
`;

/** KVStoreMesh of cluster3 on 1.16, cut off from cluster1. */
const KVSTOREMESH_116 = `# HELP cilium_kvstoremesh_bootstrap_seconds Duration in seconds to complete bootstrap
# TYPE cilium_kvstoremesh_bootstrap_seconds gauge
cilium_kvstoremesh_bootstrap_seconds{source_cluster="cluster3"} 1.2
# HELP cilium_kvstoremesh_remote_cluster_failures The total number of failures related to the remote cluster
# TYPE cilium_kvstoremesh_remote_cluster_failures gauge
cilium_kvstoremesh_remote_cluster_failures{source_cluster="cluster3",target_cluster="cluster1"} 7
cilium_kvstoremesh_remote_cluster_failures{source_cluster="cluster3",target_cluster="cluster2"} 0
# HELP cilium_kvstoremesh_remote_cluster_last_failure_ts The timestamp of the last failure of the remote cluster
# TYPE cilium_kvstoremesh_remote_cluster_last_failure_ts gauge
cilium_kvstoremesh_remote_cluster_last_failure_ts{source_cluster="cluster3",target_cluster="cluster1"} 1.7e+09
cilium_kvstoremesh_remote_cluster_last_failure_ts{source_cluster="cluster3",target_cluster="cluster2"} 0
# HELP cilium_kvstoremesh_remote_cluster_readiness_status The readiness status of the remote cluster
# TYPE cilium_kvstoremesh_remote_cluster_readiness_status gauge
cilium_kvstoremesh_remote_cluster_readiness_status{source_cluster="cluster3",target_cluster="cluster1"} 0
cilium_kvstoremesh_remote_cluster_readiness_status{source_cluster="cluster3",target_cluster="cluster2"} 1
# HELP cilium_kvstoremesh_remote_clusters The total number of remote clusters meshed with the local cluster
# TYPE cilium_kvstoremesh_remote_clusters gauge
cilium_kvstoremesh_remote_clusters{source_cluster="cluster3"} 2
`;

const KVSTOREMESH_120 = KVSTOREMESH_116.replace(
  /source_cluster="cluster3",?/g,
  '',
).replace(/\{\}/g, '');

describe('parseClusterMeshMetrics', () => {
  it.each([
    [
      'a 1.16 agent (source labels, global services count)',
      AGENT_116,
      'agent' as const,
      {
        version: '1.16.6',
        peers: [
          { cluster: 'cluster2', ready: true, failures: 0, nodes: 3 },
          {
            cluster: 'cluster3',
            ready: false,
            failures: 4,
            lastFailure: '2025-08-19T11:00:34.500Z',
            nodes: 0,
          },
        ],
      },
    ],
    [
      'a 1.20 agent (no source labels, services and endpoints per peer)',
      AGENT_120,
      'agent' as const,
      {
        version: '1.20.0',
        peers: [
          {
            cluster: 'cluster2',
            ready: true,
            failures: 0,
            nodes: 3,
            services: 1,
            endpoints: 12,
          },
          {
            cluster: 'cluster3',
            ready: true,
            failures: 0,
            nodes: 3,
            services: 1,
            endpoints: 9,
          },
        ],
      },
    ],
    [
      'KVStoreMesh on 1.16',
      KVSTOREMESH_116,
      'kvstoremesh' as const,
      {
        peers: [
          {
            cluster: 'cluster1',
            ready: false,
            failures: 7,
            lastFailure: '2023-11-14T22:13:20.000Z',
          },
          { cluster: 'cluster2', ready: true, failures: 0 },
        ],
      },
    ],
    [
      'KVStoreMesh on 1.20',
      KVSTOREMESH_120,
      'kvstoremesh' as const,
      {
        peers: [
          {
            cluster: 'cluster1',
            ready: false,
            failures: 7,
            lastFailure: '2023-11-14T22:13:20.000Z',
          },
          { cluster: 'cluster2', ready: true, failures: 0 },
        ],
      },
    ],
  ])('reads %s', (_case, text, layer, expected) => {
    expect(parseClusterMeshMetrics(text, layer)).toEqual(expected);
  });

  it('reads only the layer asked for', () => {
    expect(parseClusterMeshMetrics(AGENT_120, 'kvstoremesh').peers).toEqual([]);
    expect(parseClusterMeshMetrics(KVSTOREMESH_120, 'agent').peers).toEqual([]);
  });

  it('treats NaN readiness as not ready and drops unusable counts', () => {
    const text = [
      'cilium_clustermesh_remote_cluster_readiness_status{target_cluster="c2"} NaN',
      'cilium_clustermesh_remote_cluster_failures{target_cluster="c2"} +Inf',
      'cilium_clustermesh_remote_cluster_last_failure_ts{target_cluster="c2"} NaN',
      'cilium_clustermesh_remote_cluster_nodes{target_cluster="c2"} -1',
    ].join('\n');
    expect(parseClusterMeshMetrics(text, 'agent')).toEqual({
      peers: [{ cluster: 'c2', ready: false, failures: 0 }],
    });
  });

  it('lists a peer that has only some of its series', () => {
    expect(
      parseClusterMeshMetrics(
        'cilium_clustermesh_remote_cluster_failures_total{target_cluster="c9"} 2',
        'agent',
      ).peers,
    ).toEqual([{ cluster: 'c9', ready: false, failures: 2 }]);
  });

  it('returns nothing for an empty or foreign scrape', () => {
    expect(parseClusterMeshMetrics('', 'agent')).toEqual({ peers: [] });
    expect(
      parseClusterMeshMetrics('<html>502 Bad Gateway</html>', 'agent'),
    ).toEqual({ peers: [] });
  });

  it.each([
    [
      'labels in another order, with spaces',
      'cilium_kvstoremesh_remote_cluster_readiness_status{ target_cluster="c2", source_cluster="c1" } 1 1700000000000',
      [{ cluster: 'c2', ready: true, failures: 0 }],
    ],
    [
      'an escaped quote in a label value',
      'cilium_kvstoremesh_remote_cluster_readiness_status{note="say \\"hi\\"",target_cluster="c3"} 1',
      [{ cluster: 'c3', ready: true, failures: 0 }],
    ],
    [
      'a label that only ends in target_cluster',
      'cilium_kvstoremesh_remote_cluster_readiness_status{old_target_cluster="x"} 1',
      [],
    ],
  ])('reads %s', (_case, text, peers) => {
    expect(parseClusterMeshMetrics(text, 'kvstoremesh').peers).toEqual(peers);
  });

  it.each([
    [
      'Windows line ends',
      'cilium_kvstoremesh_remote_cluster_readiness_status{target_cluster="c2"} 1\r\ncilium_kvstoremesh_remote_cluster_failures{target_cluster="c2"} 3\r\n',
      [{ cluster: 'c2', ready: true, failures: 3 }],
    ],
    [
      'indented lines',
      '  cilium_kvstoremesh_remote_cluster_readiness_status{target_cluster="c4"} 1\n\tcilium_kvstoremesh_remote_cluster_failures{target_cluster="c4"} 2',
      [{ cluster: 'c4', ready: true, failures: 2 }],
    ],
    [
      'a name that only starts like a field',
      'cilium_kvstoremesh_remote_cluster_readiness_status_seconds{target_cluster="c5"} 1',
      [],
    ],
  ])('reads %s', (_case, text, peers) => {
    expect(parseClusterMeshMetrics(text, 'kvstoremesh').peers).toEqual(peers);
  });

  it('reads a scrape in line-aligned pieces as it reads it whole', () => {
    for (const text of [AGENT_116, AGENT_120]) {
      const lines = text.split(/(?<=\n)/);
      const pieces = [0, 5, 11, 17].map((from, i, starts) =>
        lines.slice(from, starts[i + 1]).join(''),
      );
      expect(pieces.join('')).toBe(text);
      expect(parseClusterMeshMetrics(pieces, 'agent')).toEqual(
        parseClusterMeshMetrics(text, 'agent'),
      );
      expect(parseClusterMeshMetrics(pieces, 'agent').peers.length).toBe(2);
    }
  });
});
