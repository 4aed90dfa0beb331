import type { ObservationErrorKind } from '../observation';
import {
  ClusterChange,
  makeUnreachable,
  seed,
} from '../__testUtils__/observations';
import { problemById, problemIds } from '../__testUtils__/problems';

describe('identity problems', () => {
  it.each<[string, string, string, Record<string, ClusterChange>]>([
    [
      'an unreachable cluster',
      'cluster-unreachable:cluster2',
      'error',
      { cluster2: makeUnreachable },
    ],
    [
      'a cluster without cilium-config',
      'cilium-not-installed:cluster2',
      'error',
      {
        cluster2: o => {
          delete o.cilium;
        },
      },
    ],
    [
      'another Cilium cluster name',
      'cluster-name-mismatch:cluster2',
      'warning',
      {
        cluster2: (_, c) => {
          c.config.clusterName = 'aks-weu-2';
        },
      },
    ],
    [
      'no Cilium cluster name',
      'cluster-name-mismatch:cluster2',
      'warning',
      {
        cluster2: (_, c) => {
          delete c.config.clusterName;
        },
      },
    ],
    [
      'two clusters with one Cilium name',
      'duplicate-cluster-name:cluster1:cluster2',
      'error',
      {
        cluster2: (_, c) => {
          c.config.clusterName = 'cluster1';
        },
      },
    ],
    [
      'two clusters with one cluster ID',
      'duplicate-cluster-id:cluster1:cluster3',
      'error',
      {
        cluster3: (_, c) => {
          c.config.clusterId = 1;
        },
      },
    ],
    [
      'cluster ID 0',
      'invalid-cluster-id:cluster2',
      'error',
      {
        cluster2: (_, c) => {
          c.config.clusterId = 0;
        },
      },
    ],
    [
      'no cluster ID',
      'invalid-cluster-id:cluster2',
      'error',
      {
        cluster2: (_, c) => {
          delete c.config.clusterId;
        },
      },
    ],
    [
      'cluster ID 300 with maxConnectedClusters 255',
      'invalid-cluster-id:cluster2',
      'error',
      {
        cluster2: (_, c) => {
          c.config.clusterId = 300;
        },
      },
    ],
    [
      'maxConnectedClusters 511 among 255s',
      'max-connected-clusters-mismatch:cluster3',
      'error',
      {
        cluster3: (_, c) => {
          c.config.maxConnectedClusters = 511;
        },
      },
    ],
  ])('for %s reports %s (%s)', (_, id, severity, changes) => {
    expect(problemById(seed(changes), id).severity).toBe(severity);
  });

  it.each<[string, Record<string, ClusterChange>, string[]]>([
    [
      'an unreachable cluster only as unreachable',
      { cluster2: makeUnreachable },
      ['cluster-unreachable:cluster2'],
    ],
    [
      'a cluster without Cilium only as such',
      {
        cluster2: o => {
          delete o.cilium;
        },
      },
      ['cilium-not-installed:cluster2'],
    ],
    [
      'only the cluster whose maxConnectedClusters differs from the majority',
      {
        cluster2: (_, c) => {
          c.config.maxConnectedClusters = 511;
        },
        cluster3: (_, c) => {
          c.config.maxConnectedClusters = 511;
        },
      },
      ['max-connected-clusters-mismatch:cluster1'],
    ],
    [
      'every cluster when maxConnectedClusters ties',
      {
        cluster2: (_, c) => {
          c.config.maxConnectedClusters = 511;
        },
        cluster3: makeUnreachable,
      },
      [
        'cluster-unreachable:cluster3',
        'max-connected-clusters-mismatch:cluster1',
        'max-connected-clusters-mismatch:cluster2',
      ],
    ],
    [
      'three clusters sharing an ID as one problem',
      {
        cluster2: (_, c) => {
          c.config.clusterId = 1;
        },
        cluster3: (_, c) => {
          c.config.clusterId = 1;
        },
      },
      ['duplicate-cluster-id:cluster1:cluster2:cluster3'],
    ],
  ])('reports %s', (_, changes, ids) => {
    expect(problemIds(seed(changes))).toEqual(ids);
  });

  it.each<[ObservationErrorKind, string]>([
    ['unreachable', 'kubectl --context cluster2 get --raw /readyz'],
    ['timeout', 'kubectl --context cluster2 get --raw /readyz'],
    ['unauthorized', 'kubectl --context cluster2 auth whoami'],
    [
      'forbidden',
      'kubectl --context cluster2 auth can-i --list -n kube-system',
    ],
    ['failed', 'kubectl --context cluster2 get --raw /readyz'],
  ])('suggests a next step for a %s cluster', (kind, command) => {
    const observations = seed({
      cluster2: o => {
        makeUnreachable(o);
        o.error!.kind = kind;
      },
    });
    const problem = problemById(observations, 'cluster-unreachable:cluster2');
    expect(problem.command).toBe(command);
    expect(problem.title).toBe(
      'cluster2 cannot be read: dial tcp 10.0.0.1:443: i/o timeout',
    );
  });

  it.each<[string, Record<string, ClusterChange>, string]>([
    [
      'cilium-not-installed:cluster2',
      {
        cluster2: o => {
          delete o.cilium;
        },
      },
      'helm install cilium cilium/cilium -n kube-system --kube-context cluster2 --version 1.20.0 --set aksbyocni.enabled=true --set cluster.name=cluster2 --set cluster.id=2 --set clustermesh.useAPIServer=true --set clustermesh.apiserver.service.type=LoadBalancer --set prometheus.enabled=true',
    ],
    [
      'duplicate-cluster-id:cluster1:cluster3',
      {
        cluster3: (_, c) => {
          c.config.clusterId = 1;
        },
      },
      'helm upgrade cilium cilium/cilium -n kube-system --kube-context cluster3 --version 1.20.0 --reuse-values --set cluster.id=3',
    ],
    [
      'invalid-cluster-id:cluster2',
      {
        cluster2: (_, c) => {
          c.config.clusterId = 0;
        },
      },
      'helm upgrade cilium cilium/cilium -n kube-system --kube-context cluster2 --version 1.20.0 --reuse-values --set cluster.id=2',
    ],
    [
      'duplicate-cluster-name:cluster1:cluster2',
      {
        cluster2: (_, c) => {
          c.config.clusterName = 'cluster1';
        },
      },
      'helm upgrade cilium cilium/cilium -n kube-system --kube-context cluster2 --version 1.20.0 --reuse-values --set cluster.name=cluster2',
    ],
    [
      'cluster-name-mismatch:cluster2',
      {
        cluster2: (_, c) => {
          c.config.clusterName = 'aks-weu-2';
        },
      },
      "kubectl --context cluster2 -n kube-system get configmap cilium-config -o jsonpath='{.data.cluster-name}'",
    ],
  ])('%s suggests an exact command', (id, changes, command) => {
    expect(problemById(seed(changes), id).command).toBe(command);
  });

  it.each<[string, Record<string, ClusterChange>, string]>([
    [
      'invalid-cluster-id:cluster2',
      {
        cluster2: (_, c) => {
          c.config.clusterId = 300;
        },
      },
      'cluster2 has Cilium cluster ID 300, outside 1..255',
    ],
    [
      'cluster-name-mismatch:cluster2',
      {
        cluster2: (_, c) => {
          c.config.clusterName = 'aks-weu-2';
        },
      },
      'cluster2 runs with Cilium cluster name "aks-weu-2"',
    ],
    [
      'max-connected-clusters-mismatch:cluster3',
      {
        cluster3: (_, c) => {
          c.config.maxConnectedClusters = 511;
        },
      },
      'cluster3 allows 511 connected clusters, cluster1 and cluster2 255',
    ],
  ])('%s says what is wrong', (id, changes, title) => {
    expect(problemById(seed(changes), id).title).toBe(title);
  });
});
