import {
  ClusterChange,
  globalService,
  makeUnreachable,
  seed,
} from '../__testUtils__/observations';
import { problemById, problemIds } from '../__testUtils__/problems';

const SERVICE = 'meshtest/aks-helloworld-one';

const helloworld =
  (change: Partial<ReturnType<typeof globalService>>): ClusterChange =>
  o => {
    Object.assign(o.services[0], change);
  };

const withoutService: ClusterChange = o => {
  o.services = [];
};

describe('service problems', () => {
  it.each<[string, Record<string, ClusterChange>, string[]]>([
    [
      'a global Service in a namespace annotated not global',
      {
        cluster3: o => {
          o.namespaces = [{ name: 'meshtest', global: false }];
        },
      },
      [`namespace-not-global:cluster3:${SERVICE}`],
    ],
    [
      'a global Service in an unannotated namespace when the default is not global',
      {
        cluster2: (_, c) => {
          c.config.defaultGlobalNamespace = false;
        },
      },
      [`namespace-not-global:cluster2:${SERVICE}`],
    ],
    [
      'nothing about namespaces on Cilium 1.19',
      {
        cluster3: (o, c) => {
          c.version = '1.19.3';
          o.namespaces = [{ name: 'meshtest', global: false }];
        },
      },
      [],
    ],
    [
      'a global Service no other cluster has',
      { cluster2: withoutService, cluster3: withoutService },
      [`global-service-single-cluster:cluster1:${SERVICE}`],
    ],
    [
      'nothing single-cluster while another cluster cannot be read',
      { cluster2: withoutService, cluster3: makeUnreachable },
      ['cluster-unreachable:cluster3'],
    ],
    [
      'nothing single-cluster when another cluster has a plain copy',
      {
        cluster2: withoutService,
        cluster3: o => {
          o.services = [];
          o.plainServices.push(SERVICE);
        },
      },
      [],
    ],
    [
      'a global Service shared by none of its clusters',
      {
        cluster2: helloworld({ shared: false }),
        cluster3: helloworld({ shared: false }),
      },
      [`global-service-not-shared:cluster1:cluster2:cluster3:${SERVICE}`],
    ],
    [
      'nothing unshared while another cluster cannot be read',
      {
        cluster2: helloworld({ shared: false }),
        cluster3: makeUnreachable,
      },
      ['cluster-unreachable:cluster3'],
    ],
    [
      'an invalid affinity',
      {
        cluster2: helloworld({ affinity: 'none', invalidAffinity: 'Remote ' }),
      },
      [`invalid-affinity:cluster2:${SERVICE}`],
    ],
  ])('reports %s', (_, changes, ids) => {
    expect(problemIds(seed(changes))).toEqual(ids);
  });

  it.each<[string, Record<string, ClusterChange>, string, string | undefined]>([
    [
      'a namespace that is not global',
      {
        cluster3: o => {
          o.namespaces = [{ name: 'meshtest', global: false }];
        },
      },
      `namespace-not-global:cluster3:${SERVICE}`,
      'kubectl --context cluster3 annotate namespace meshtest clustermesh.cilium.io/global=true --overwrite',
    ],
    [
      'a Service shared by nobody',
      {
        cluster2: helloworld({ shared: false }),
        cluster3: helloworld({ shared: false }),
      },
      `global-service-not-shared:cluster1:cluster2:cluster3:${SERVICE}`,
      'kubectl --context cluster1 -n meshtest annotate service aks-helloworld-one service.cilium.io/shared-',
    ],
  ])('for %s suggests %s', (_, changes, id, command) => {
    const problem = problemById(seed(changes), id);
    expect(problem).toMatchObject({
      severity: 'warning',
      service: SERVICE,
      command,
    });
  });

  it('explains that remote backends need a local Service of the same name', () => {
    const problem = problemById(
      seed({ cluster2: withoutService, cluster3: withoutService }),
      `global-service-single-cluster:cluster1:${SERVICE}`,
    );
    expect(problem.title).toBe(
      `${SERVICE} is global in cluster1 but exists in no other cluster`,
    );
    expect(problem.explanation).toContain('cluster2 and cluster3');
  });

  it('quotes the invalid affinity as written', () => {
    const problem = problemById(
      seed({ cluster2: helloworld({ invalidAffinity: 'nearest' }) }),
      `invalid-affinity:cluster2:${SERVICE}`,
    );
    expect(problem.title).toBe(
      `${SERVICE} in cluster2 has an invalid affinity "nearest"`,
    );
  });
});
