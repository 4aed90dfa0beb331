import { makeUnreachable, SEED_NOW, seed } from '../__testUtils__/observations';
import { problemIds, problemsOf } from '../__testUtils__/problems';

describe('detectProblems', () => {
  it('finds no problems at all in the healthy seed mesh', () => {
    expect(problemsOf(seed())).toEqual([]);
  });

  it('sorts errors first, then warnings, then notes, by id within each', () => {
    const observations = seed({
      cluster3: (o, c) => {
        c.agents.metricsEnabled = false;
        c.agentViews = [];
        o.observedAt = new Date(SEED_NOW.getTime() - 3600_000).toISOString();
      },
      cluster2: makeUnreachable,
      cluster1: (_, c) => {
        c.agents.ready = 1;
        c.clustermeshApiserver!.ready = 0;
      },
    });
    expect(problemIds(observations)).toEqual([
      'apiserver-not-ready:cluster1',
      'cluster-unreachable:cluster2',
      'agents-not-ready:cluster1',
      'data-stale:cluster3',
      'agent-metrics-disabled:cluster3',
    ]);
  });

  it('gives every problem of a badly broken mesh a unique id and the texts the portal renders', () => {
    const observations = seed({
      cluster1: (o, c) => {
        c.config.clusterId = 0;
        c.config.podCidrs = ['10.0.0.0/8'];
        c.clustermeshApiserver!.addresses = [];
        c.clustermeshApiserver!.certificate!.issuerKeyId = 'aa';
        c.clustermeshApiserver!.certificate!.notAfter = '2026-05-01T00:00:00Z';
        o.namespaces = [{ name: 'meshtest', global: false }];
      },
      cluster2: (o, c) => {
        c.version = '1.18.0';
        c.config.maxConnectedClusters = 511;
        c.config.clusterName = 'cluster3';
        c.agents.metricsEnabled = false;
        c.agentViews = [];
        o.services[0].invalidAffinity = 'far';
        o.observedAt = '2026-06-01T00:00:00Z';
      },
      cluster3: (_, c) => {
        c.configuredPeers = [];
        c.kvstoremeshViews[0].peers[0].ready = false;
      },
    });
    const problems = problemsOf(observations);
    expect(new Set(problems.map(p => p.code)).size).toBeGreaterThanOrEqual(12);
    expect(new Set(problems.map(p => p.id)).size).toBe(problems.length);
    for (const problem of problems) {
      expect(
        problem.id.startsWith(`${problem.code}:${problem.clusters[0]}`),
      ).toBe(true);
      expect(problem.title).toMatch(/\S/);
      expect(problem.explanation).toMatch(/\.$/);
      expect(problem.remediation).toMatch(/\.$/);
    }
  });
});
