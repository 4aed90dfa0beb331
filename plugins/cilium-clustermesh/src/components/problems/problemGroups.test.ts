import type {
  MeshProblem,
  ProblemSeverity,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  countsText,
  groupBySeverity,
  problemsAbout,
  subjectText,
} from './problemGroups';

function problem(
  id: string,
  severity: ProblemSeverity,
  clusters: string[],
  service?: string,
): MeshProblem {
  return {
    id,
    code: 'connection-down',
    severity,
    clusters,
    ...(service && { service }),
    title: id,
    explanation: '',
    remediation: '',
  };
}

const PROBLEMS = [
  problem('w1', 'warning', ['cluster1']),
  problem('i1', 'info', ['cluster2']),
  problem('e1', 'error', ['cluster3', 'cluster1']),
  problem('w2', 'warning', ['cluster2']),
  problem('e2', 'error', ['cluster2']),
];

describe('groupBySeverity', () => {
  it('puts errors first, then warnings, then info, keeping the order within each', () => {
    expect(
      groupBySeverity(PROBLEMS).map(
        g => `${g.severity}:${g.problems.map(p => p.id).join(',')}`,
      ),
    ).toEqual(['error:e1,e2', 'warning:w1,w2', 'info:i1']);
  });

  it('leaves out severities without problems', () => {
    expect(groupBySeverity([PROBLEMS[0]]).map(g => g.severity)).toEqual([
      'warning',
    ]);
    expect(groupBySeverity([])).toEqual([]);
  });
});

describe('problemsAbout', () => {
  it.each<[string | undefined, string[]]>([
    [undefined, ['w1', 'i1', 'e1', 'w2', 'e2']],
    ['cluster1', ['w1', 'e1']],
    ['cluster2', ['i1', 'w2', 'e2']],
    ['cluster9', []],
  ])('focus %s keeps %j', (focus, ids) => {
    expect(problemsAbout(PROBLEMS, focus).map(p => p.id)).toEqual(ids);
  });
});

describe('countsText', () => {
  it.each<[MeshProblem[], string]>([
    [PROBLEMS, '2 errors, 2 warnings, 1 info'],
    [[PROBLEMS[2], PROBLEMS[4], PROBLEMS[0]], '2 errors, 1 warning'],
    [[PROBLEMS[2]], '1 error'],
    [[PROBLEMS[1], PROBLEMS[1]], '2 info'],
    [[], ''],
  ])('%#: %s', (problems, text) => {
    expect(countsText(problems)).toBe(text);
  });
});

describe('subjectText', () => {
  it.each<[MeshProblem, string]>([
    [
      problem('a', 'error', ['cluster3', 'cluster1']),
      'Clusters: cluster3, cluster1',
    ],
    [problem('b', 'error', ['cluster2']), 'Cluster: cluster2'],
    [
      problem('c', 'warning', ['cluster1'], 'meshtest/web'),
      'Cluster: cluster1 · Service: meshtest/web',
    ],
  ])('%#: %s', (p, text) => {
    expect(subjectText(p)).toBe(text);
  });
});
