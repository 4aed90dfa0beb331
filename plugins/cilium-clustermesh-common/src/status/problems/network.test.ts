import {
  ClusterChange,
  makeUnreachable,
  seed,
} from '../__testUtils__/observations';
import { problemById, problemIds } from '../__testUtils__/problems';

const podCidrs =
  (...cidrs: string[]): ClusterChange =>
  (_, c) => {
    c.config.podCidrs = cidrs;
  };

const noAddress: ClusterChange = (_, c) => {
  c.clustermeshApiserver!.addresses = [];
};

describe('network problems', () => {
  it.each<[string, Record<string, ClusterChange>, string[]]>([
    [
      "a range inside another cluster's range",
      { cluster3: podCidrs('10.1.128.0/17') },
      ['overlapping-pod-cidrs:cluster1:cluster3'],
    ],
    [
      'one problem per overlapping pair',
      {
        cluster1: podCidrs('10.0.0.0/8'),
        cluster2: podCidrs('10.2.0.0/16'),
        cluster3: podCidrs('10.3.0.0/16'),
      },
      [
        'overlapping-pod-cidrs:cluster1:cluster2',
        'overlapping-pod-cidrs:cluster1:cluster3',
      ],
    ],
    [
      'one problem per pair even when several ranges overlap',
      {
        cluster2: podCidrs('10.2.0.0/16', '10.1.0.0/24', '10.1.1.0/24'),
      },
      ['overlapping-pod-cidrs:cluster1:cluster2'],
    ],
    [
      'nothing for adjacent ranges',
      {
        cluster1: podCidrs('10.2.0.0/17'),
        cluster2: podCidrs('10.2.128.0/17'),
      },
      [],
    ],
    [
      'nothing for unparseable ranges',
      { cluster2: podCidrs('banana', '10.1.2.3/16') },
      [],
    ],
    [
      'nothing about an unreachable cluster',
      { cluster2: makeUnreachable, cluster3: podCidrs('10.2.0.0/16') },
      ['cluster-unreachable:cluster2'],
    ],
    [
      'a LoadBalancer clustermesh-apiserver without address',
      { cluster2: noAddress },
      ['apiserver-no-address:cluster2'],
    ],
    [
      'nothing for a NodePort clustermesh-apiserver without load balancer',
      {
        cluster2: (_, c) => {
          c.clustermeshApiserver!.serviceType = 'NodePort';
          c.clustermeshApiserver!.addresses = [];
        },
      },
      [],
    ],
  ])('reports %s', (_, changes, ids) => {
    expect(problemIds(seed(changes))).toEqual(ids);
  });

  it('names the overlapping ranges and explains why it matters', () => {
    const problem = problemById(
      seed({ cluster3: podCidrs('10.1.128.0/17') }),
      'overlapping-pod-cidrs:cluster1:cluster3',
    );
    expect(problem).toMatchObject({
      severity: 'error',
      clusters: ['cluster1', 'cluster3'],
      title:
        'Pod CIDRs of cluster1 (10.1.0.0/16) and cluster3 (10.1.128.0/17) overlap',
    });
    expect(problem.remediation).toContain('clusterPoolIPv4PodCIDRList');
  });

  it('points at the Service events for a missing load-balancer address', () => {
    expect(
      problemById(
        seed({ cluster2: noAddress }),
        'apiserver-no-address:cluster2',
      ),
    ).toMatchObject({
      severity: 'error',
      command:
        'kubectl --context cluster2 -n kube-system describe service clustermesh-apiserver',
    });
  });
});
