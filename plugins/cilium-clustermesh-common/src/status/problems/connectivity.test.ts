import {
  agentPods,
  ClusterChange,
  forgetPeer,
  kvstoremeshPod,
  makeUnreachable,
  markNotReady,
  seed,
} from '../__testUtils__/observations';
import { problemById, problemIds } from '../__testUtils__/problems';

/** Drops `peer` from the configuration only; the metrics still report it. */
const unconfigure =
  (peer: string): ClusterChange =>
  (_, c) => {
    c.configuredPeers = c.configuredPeers.filter(p => p.name !== peer);
  };

const forget =
  (peer: string): ClusterChange =>
  (_, c) =>
    forgetPeer(c, peer);

const cluster1Down: ClusterChange = (_, c) => {
  markNotReady(c.agentViews, 'cluster1');
  markNotReady(c.kvstoremeshViews, 'cluster1');
};

describe('connectivity problems', () => {
  it.each<[string, Record<string, ClusterChange>, string[]]>([
    [
      'a peer that does not connect back',
      { cluster2: forget('cluster1') },
      ['one-sided-peer:cluster1:cluster2'],
    ],
    [
      'two clusters that do not know each other',
      { cluster2: forget('cluster1'), cluster1: forget('cluster2') },
      ['peer-not-configured:cluster1:cluster2'],
    ],
    [
      'no link in a mesh where nobody configures anybody',
      {
        cluster1: (_, c) => {
          forgetPeer(c, 'cluster2');
          forgetPeer(c, 'cluster3');
        },
        cluster2: (_, c) => {
          forgetPeer(c, 'cluster1');
          forgetPeer(c, 'cluster3');
        },
        cluster3: (_, c) => {
          forgetPeer(c, 'cluster1');
          forgetPeer(c, 'cluster2');
        },
      },
      [
        'peer-not-configured:cluster1:cluster2',
        'peer-not-configured:cluster1:cluster3',
        'peer-not-configured:cluster2:cluster3',
      ],
    ],
    [
      'a configured link nobody reports ready',
      { cluster3: cluster1Down },
      ['connection-down:cluster3:cluster1'],
    ],
    [
      'a configured link only some agents report ready',
      {
        cluster3: (_, c) =>
          markNotReady(c.agentViews, 'cluster1', [agentPods('cluster3')[2]]),
      },
      ['connection-degraded:cluster3:cluster1'],
    ],
    [
      'nothing one-sided about an unreachable cluster',
      { cluster2: makeUnreachable },
      ['cluster-unreachable:cluster2'],
    ],
    [
      'nothing one-sided about a cluster without Cilium',
      {
        cluster2: o => {
          delete o.cilium;
        },
      },
      ['cilium-not-installed:cluster2'],
    ],
    [
      'only the one-sided peer when a still reported link is no longer configured',
      { cluster3: unconfigure('cluster1') },
      ['one-sided-peer:cluster1:cluster3'],
    ],
  ])('reports %s', (_, changes, ids) => {
    expect(problemIds(seed(changes))).toEqual(ids);
  });

  it('says which side lacks the peer and how to add it', () => {
    const problem = problemById(
      seed({ cluster2: forget('cluster1') }),
      'one-sided-peer:cluster1:cluster2',
    );
    expect(problem).toMatchObject({
      severity: 'error',
      clusters: ['cluster1', 'cluster2'],
      title:
        'cluster1 is configured to connect to cluster2, but cluster2 is not configured to connect to cluster1',
      command:
        "helm upgrade cilium cilium/cilium -n kube-system --kube-context cluster2 --version 1.20.0 --reuse-values --set clustermesh.config.enabled=true --set 'clustermesh.config.clusters.cluster1.ips={172.21.10.200}' --set clustermesh.config.clusters.cluster1.port=2379",
    });
    expect(problem.remediation).toContain(
      "Add cluster1 to cluster2's clustermesh.config.clusters",
    );
  });

  it.each<[string, ClusterChange, string | undefined]>([
    [
      'a hostname address',
      (_, c) => {
        c.clustermeshApiserver!.addresses = ['mesh1.example.com'];
      },
      'helm upgrade cilium cilium/cilium -n kube-system --kube-context cluster2 --version 1.20.0 --reuse-values --set clustermesh.config.enabled=true --set clustermesh.config.clusters.cluster1.address=mesh1.example.com --set clustermesh.config.clusters.cluster1.port=2379',
    ],
    [
      'no address yet',
      (_, c) => {
        c.clustermeshApiserver!.addresses = [];
      },
      undefined,
    ],
  ])('adds a peer with %s', (_, cluster1Change, command) => {
    const observations = seed({
      cluster1: cluster1Change,
      cluster2: forget('cluster1'),
    });
    expect(
      problemById(observations, 'one-sided-peer:cluster1:cluster2').command,
    ).toBe(command);
  });

  it('gives no Helm command for a peer on a chart that only knows the list form', () => {
    const observations = seed({
      cluster2: (_, c) => {
        forgetPeer(c, 'cluster1');
        c.version = '1.18.6';
      },
    });
    expect(
      problemById(observations, 'one-sided-peer:cluster1:cluster2').command,
    ).toBeUndefined();
  });

  it.each<[string, Record<string, ClusterChange>, string, string, string]>([
    [
      'a link down in both layers',
      { cluster3: cluster1Down },
      'connection-down:cluster3:cluster1',
      'cluster3 → cluster1: 0/3 agents, 0/1 KVStoreMesh ready',
      `kubectl --context cluster3 exec -n kube-system ${kvstoremeshPod(
        'cluster3',
      )} -c kvstoremesh -- clustermesh-apiserver kvstoremesh-dbg troubleshoot cluster1`,
    ],
    [
      'agents failing while KVStoreMesh is connected',
      {
        cluster3: (_, c) =>
          markNotReady(
            c.agentViews,
            'cluster1',
            agentPods('cluster3').slice(1),
          ),
      },
      'connection-degraded:cluster3:cluster1',
      'cluster3 → cluster1: 1/3 agents, 1/1 KVStoreMesh ready',
      `kubectl --context cluster3 exec -n kube-system ${
        agentPods('cluster3')[1]
      } -c cilium-agent -- cilium-dbg troubleshoot clustermesh cluster1`,
    ],
    [
      'a link down without KVStoreMesh',
      {
        cluster3: (_, c) => {
          c.kvstoremeshViews = [];
          c.clustermeshApiserver!.kvstoremesh = false;
          markNotReady(c.agentViews, 'cluster1');
        },
      },
      'connection-down:cluster3:cluster1',
      'cluster3 → cluster1: 0/3 agents ready',
      `kubectl --context cluster3 exec -n kube-system ${
        agentPods('cluster3')[0]
      } -c cilium-agent -- cilium-dbg troubleshoot clustermesh cluster1`,
    ],
    [
      'a link to a peer with another Cilium name',
      {
        cluster1: (_, c) => {
          c.config.clusterName = 'aks-weu-1';
        },
        cluster2: (_, c) => {
          c.configuredPeers[0].name = 'aks-weu-1';
          for (const view of [...c.agentViews, ...c.kvstoremeshViews]) {
            view.peers[0].cluster = 'aks-weu-1';
            view.peers[0].ready = false;
          }
        },
      },
      'connection-down:cluster2:cluster1',
      'cluster2 → cluster1: 0/3 agents, 0/1 KVStoreMesh ready',
      `kubectl --context cluster2 exec -n kube-system ${kvstoremeshPod(
        'cluster2',
      )} -c kvstoremesh -- clustermesh-apiserver kvstoremesh-dbg troubleshoot aks-weu-1`,
    ],
  ])(
    'for %s reports %s with the troubleshooting command',
    (_, changes, id, title, command) => {
      expect(problemById(seed(changes), id)).toMatchObject({ title, command });
    },
  );

  it('explains a down link with where the peer is dialled', () => {
    const problem = problemById(
      seed({ cluster3: cluster1Down }),
      'connection-down:cluster3:cluster1',
    );
    expect(problem.severity).toBe('error');
    expect(problem.explanation).toContain('172.21.10.200:2379');
    expect(problem.explanation).toContain('KVStoreMesh in cluster3');
  });
});
