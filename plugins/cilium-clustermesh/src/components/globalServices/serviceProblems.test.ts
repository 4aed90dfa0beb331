import type { MeshProblem } from '@meshportal/plugin-cilium-clustermesh-common';
import { problemsForService } from './serviceProblems';

function problem(
  code: MeshProblem['code'],
  clusters: string[],
  service?: string,
): MeshProblem {
  return {
    id: [code, ...clusters, ...(service ? [service] : [])].join(':'),
    code,
    severity: 'warning',
    clusters,
    ...(service && { service }),
    title: code,
    explanation: '',
    remediation: '',
  };
}

const ref = { namespace: 'meshtest', name: 'aks-helloworld-one' };

describe('problemsForService', () => {
  it.each<[string, MeshProblem[], string[]]>([
    [
      'its own problems, not other services or clusters',
      [
        problem('connection-down', ['cluster1', 'cluster2']),
        problem(
          'global-service-not-shared',
          ['cluster1', 'cluster2'],
          'meshtest/aks-helloworld-one',
        ),
        problem(
          'global-service-single-cluster',
          ['cluster1'],
          'meshtest/other',
        ),
        problem(
          'invalid-affinity',
          ['cluster2'],
          'meshtest/aks-helloworld-one',
        ),
      ],
      [
        'global-service-not-shared:cluster1:cluster2:meshtest/aks-helloworld-one',
        'invalid-affinity:cluster2:meshtest/aks-helloworld-one',
      ],
    ],
    [
      'its namespace not global, once per cluster',
      [
        problem(
          'namespace-not-global',
          ['cluster3'],
          'meshtest/aks-helloworld-one',
        ),
        problem('namespace-not-global', ['cluster3'], 'meshtest/other'),
        problem('namespace-not-global', ['cluster2'], 'meshtest/other'),
        problem('namespace-not-global', ['cluster2'], 'meshtest/third'),
        problem('namespace-not-global', ['cluster1'], 'meshtest2/svc'),
      ],
      [
        'namespace-not-global:cluster3:meshtest/aks-helloworld-one',
        'namespace-not-global:cluster2:meshtest/other',
      ],
    ],
    ['nothing', [problem('data-stale', ['cluster1'])], []],
  ])('%s', (_, problems, ids) => {
    expect(problemsForService(problems, ref).map(p => p.id)).toEqual(ids);
  });
});
