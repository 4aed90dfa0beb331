import { summarizeHealth } from './health';
import type { MeshProblem, ProblemSeverity } from './meshStatus';
import { makeUnreachable, seed } from './__testUtils__/observations';

function problem(severity: ProblemSeverity, clusters: string[]): MeshProblem {
  return {
    id: `agents-not-ready:${clusters.join(':')}`,
    code: 'agents-not-ready',
    severity,
    clusters,
    title: 't',
    explanation: 'e',
    remediation: 'r',
  };
}

describe('summarizeHealth', () => {
  it.each<[string, MeshProblem[], string, string[]]>([
    ['no problems', [], 'healthy', ['healthy', 'healthy', 'healthy']],
    [
      'a note only',
      [problem('info', ['cluster1'])],
      'healthy',
      ['healthy', 'healthy', 'healthy'],
    ],
    [
      'a warning about one cluster',
      [problem('warning', ['cluster2'])],
      'degraded',
      ['healthy', 'degraded', 'healthy'],
    ],
    [
      'an error about two clusters',
      [problem('error', ['cluster1', 'cluster3'])],
      'degraded',
      ['degraded', 'healthy', 'degraded'],
    ],
  ])('with %s the mesh is %s', (_, problems, mesh, clusters) => {
    const health = summarizeHealth(seed(), problems);
    expect(health.mesh).toBe(mesh);
    expect([...health.clusters.values()]).toEqual(clusters);
  });

  it.each<[string, Parameters<typeof seed>[0], string, string[]]>([
    [
      'one cluster unreachable',
      { cluster1: makeUnreachable },
      'degraded',
      ['down', 'healthy', 'healthy'],
    ],
    [
      'one cluster without Cilium',
      {
        cluster2: o => {
          delete o.cilium;
        },
      },
      'degraded',
      ['healthy', 'down', 'healthy'],
    ],
    [
      'every cluster unreachable',
      {
        cluster1: makeUnreachable,
        cluster2: makeUnreachable,
        cluster3: makeUnreachable,
      },
      'down',
      ['down', 'down', 'down'],
    ],
  ])('with %s the mesh is %s', (_, changes, mesh, clusters) => {
    const observations = seed(changes);
    const problems = observations
      .filter(o => o.error || !o.cilium)
      .map(o => problem('error', [o.cluster]));
    const health = summarizeHealth(observations, problems);
    expect(health.mesh).toBe(mesh);
    expect([...health.clusters.values()]).toEqual(clusters);
  });

  it('knows nothing about a mesh without clusters', () => {
    expect(summarizeHealth([], []).mesh).toBe('unknown');
  });
});
