import {
  ClusterChange,
  makeUnreachable,
  seed,
} from '../__testUtils__/observations';
import { problemById, problemIds } from '../__testUtils__/problems';

const version =
  (text: string | undefined): ClusterChange =>
  (_, c) => {
    c.version = text;
  };

describe('workload problems', () => {
  it.each<[string, string, string, Record<string, ClusterChange>]>([
    [
      'no ready clustermesh-apiserver replica',
      'apiserver-not-ready:cluster2',
      'error',
      {
        cluster2: (_, c) => {
          c.clustermeshApiserver!.ready = 0;
        },
      },
    ],
    [
      'a clustermesh-apiserver scaled to zero',
      'apiserver-not-ready:cluster2',
      'error',
      {
        cluster2: (_, c) => {
          c.clustermeshApiserver!.desired = 0;
          c.clustermeshApiserver!.ready = 0;
        },
      },
    ],
    [
      'agents that are not ready',
      'agents-not-ready:cluster1',
      'warning',
      {
        cluster1: (_, c) => {
          c.agents.ready = 2;
        },
      },
    ],
    [
      'agents without metrics',
      'agent-metrics-disabled:cluster3',
      'info',
      {
        cluster3: (_, c) => {
          c.agents.metricsEnabled = false;
          c.agentViews = [];
        },
      },
    ],
    [
      'a cluster two minor releases behind',
      'version-skew:cluster3',
      'warning',
      { cluster3: version('1.18.2') },
    ],
    [
      'a cluster on an older major release',
      'version-skew:cluster1',
      'warning',
      { cluster1: version('v0.20.0') },
    ],
  ])('for %s reports %s (%s)', (_, id, severity, changes) => {
    expect(problemById(seed(changes), id).severity).toBe(severity);
  });

  it.each<[string, Record<string, ClusterChange>, string[]]>([
    ['one minor release apart', { cluster3: version('1.19.5') }, []],
    [
      'a pre-release of the same minor',
      { cluster3: version('1.20.0-pre.4') },
      [],
    ],
    ['an unknown version', { cluster3: version(undefined) }, []],
    [
      'an unreachable cluster',
      { cluster2: makeUnreachable, cluster3: version('1.18.0') },
      ['cluster-unreachable:cluster2', 'version-skew:cluster3'],
    ],
    [
      'clusters without clustermesh-apiserver',
      {
        cluster2: (_, c) => {
          delete c.clustermeshApiserver;
        },
      },
      [],
    ],
  ])('with %s reports %j', (_, changes, ids) => {
    expect(problemIds(seed(changes))).toEqual(ids);
  });

  it.each<[string, Record<string, ClusterChange>, string]>([
    [
      'agent-metrics-disabled:cluster3',
      {
        cluster3: (_, c) => {
          c.agents.metricsEnabled = false;
        },
      },
      'helm upgrade cilium cilium/cilium -n kube-system --kube-context cluster3 --version 1.20.0 --reuse-values --set prometheus.enabled=true',
    ],
    [
      'version-skew:cluster3',
      { cluster3: version('1.18.2') },
      "helm upgrade cilium cilium/cilium -n kube-system --kube-context cluster3 --version '~1.19.0' --reuse-values",
    ],
    [
      'apiserver-not-ready:cluster2',
      {
        cluster2: (_, c) => {
          c.clustermeshApiserver!.ready = 0;
        },
      },
      'kubectl --context cluster2 -n kube-system describe deployment clustermesh-apiserver',
    ],
    [
      'agents-not-ready:cluster1',
      {
        cluster1: (_, c) => {
          c.agents.ready = 2;
        },
      },
      'kubectl --context cluster1 -n kube-system get pods -l k8s-app=cilium -o wide',
    ],
  ])('%s suggests an exact command', (id, changes, command) => {
    expect(problemById(seed(changes), id).command).toBe(command);
  });

  it('titles the version skew with both versions', () => {
    expect(
      problemById(
        seed({ cluster3: version('1.18.2') }),
        'version-skew:cluster3',
      ).title,
    ).toBe(
      'cluster3 runs Cilium 1.18.2, more than one minor release behind cluster1 and cluster2 (1.20.0)',
    );
  });
});
