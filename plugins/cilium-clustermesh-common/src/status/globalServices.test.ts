import { buildConnections } from './connections';
import { buildGlobalServices } from './globalServices';
import { indexMesh } from './meshIndex';
import type { GlobalServiceStatus, ServiceRouting } from './meshStatus';
import type { ClusterObservation } from './observation';
import {
  ClusterChange,
  globalService,
  makeUnreachable,
  markNotReady,
  seed,
} from './__testUtils__/observations';

function servicesOf(observations: ClusterObservation[]): GlobalServiceStatus[] {
  return buildGlobalServices(
    observations,
    buildConnections(indexMesh(observations)),
  );
}

function helloworld(observations: ClusterObservation[]): GlobalServiceStatus {
  return servicesOf(observations).find(s => s.name === 'aks-helloworld-one')!;
}

function routeFrom(
  observations: ClusterObservation[],
  cluster: string,
): ServiceRouting | undefined {
  return helloworld(observations).routing.find(r => r.from === cluster);
}

function servedBy(observations: ClusterObservation[], cluster: string) {
  return routeFrom(observations, cluster)?.servedBy.map(s => s.cluster);
}

const changeHelloworld =
  (change: Partial<ClusterObservation['services'][number]>): ClusterChange =>
  o => {
    Object.assign(o.services[0], change);
  };

describe('buildGlobalServices', () => {
  it.each([
    ['cluster1', ['cluster1', 'cluster2', 'cluster3']],
    ['cluster2', ['cluster3']],
    ['cluster3', ['cluster2', 'cluster3']],
  ])('in the seed mesh, clients in %s are served by %j', (from, clusters) => {
    expect(servedBy(seed(), from)).toEqual(clusters);
  });

  it('describes each cluster copy of the seed Service and marks healthy links ready', () => {
    const service = helloworld(seed());
    expect(service.clusters).toEqual([
      {
        cluster: 'cluster1',
        present: true,
        global: true,
        shared: false,
        affinity: 'none',
        readyBackends: 2,
        namespaceGlobal: true,
      },
      {
        cluster: 'cluster2',
        present: true,
        global: true,
        shared: true,
        affinity: 'remote',
        readyBackends: 2,
        namespaceGlobal: true,
      },
      {
        cluster: 'cluster3',
        present: true,
        global: true,
        shared: true,
        affinity: 'none',
        readyBackends: 2,
        namespaceGlobal: true,
      },
    ]);
    expect(routeFrom(seed(), 'cluster3')?.servedBy).toEqual([
      { cluster: 'cluster2', backends: 2, linkReady: true },
      { cluster: 'cluster3', backends: 2 },
    ]);
  });

  it.each<[string, string[], Record<string, ClusterChange>]>([
    [
      'affinity local keeps clients local while local backends are ready',
      ['cluster3'],
      { cluster3: changeHelloworld({ affinity: 'local' }) },
    ],
    [
      'affinity local fails over to exporting clusters without local backends',
      ['cluster2'],
      { cluster3: changeHelloworld({ affinity: 'local', readyBackends: 0 }) },
    ],
    [
      'affinity remote falls back to local backends when nobody else exports',
      ['cluster3'],
      {
        cluster3: changeHelloworld({ affinity: 'remote' }),
        cluster2: changeHelloworld({ shared: false }),
      },
    ],
    [
      'no affinity without local backends uses remote ones only',
      ['cluster2'],
      { cluster3: changeHelloworld({ readyBackends: 0 }) },
    ],
    [
      'a copy that is not global uses local backends only',
      ['cluster3'],
      { cluster3: changeHelloworld({ global: false }) },
    ],
    [
      'a copy in a namespace that is not global uses local backends only',
      ['cluster3'],
      {
        cluster3: o => {
          o.namespaces = [{ name: 'meshtest', global: false }];
        },
      },
    ],
    [
      'an exporter without ready backends serves nobody',
      ['cluster3'],
      { cluster2: changeHelloworld({ readyBackends: 0 }) },
    ],
    [
      'a cluster whose namespace is not global exports nothing',
      ['cluster3'],
      {
        cluster2: (_, c) => {
          c.config.defaultGlobalNamespace = false;
        },
      },
    ],
    [
      'an unreachable cluster exports nothing',
      ['cluster3'],
      { cluster2: makeUnreachable },
    ],
    [
      'nobody serves clients when no cluster has ready backends',
      [],
      {
        cluster1: changeHelloworld({ readyBackends: 0 }),
        cluster2: changeHelloworld({ readyBackends: 0 }),
        cluster3: changeHelloworld({ readyBackends: 0 }),
      },
    ],
  ])('from cluster3: %s (%j)', (_, clusters, changes) => {
    const route = routeFrom(seed(changes), 'cluster3');
    expect(route?.servedBy.map(s => s.cluster)).toEqual(clusters);
    expect(route?.reason).toMatch(/^[A-Z].*\.$/);
  });

  it.each<
    [
      string,
      string | undefined,
      { global?: boolean }[],
      boolean | undefined,
      boolean,
    ]
  >([
    ['1.20 with no annotation and no default', '1.20.0', [{}], undefined, true],
    [
      '1.20 with namespace global=false',
      '1.20.0',
      [{ global: false }],
      undefined,
      false,
    ],
    ['1.20 unannotated, default false', '1.20.0', [{}], false, false],
    [
      '1.20 annotated true, default false',
      '1.20.1',
      [{ global: true }],
      false,
      true,
    ],
    ['1.20 namespace not listed, default false', '1.20.0', [], false, false],
    [
      '1.19 ignores namespace flags',
      '1.19.4',
      [{ global: false }],
      false,
      true,
    ],
    [
      'an unknown version ignores namespace flags',
      undefined,
      [{ global: false }],
      false,
      true,
    ],
  ])(
    'namespaceGlobal for %s',
    (_, version, namespaces, defaultGlobal, expected) => {
      const observations = seed({
        cluster3: (o, c) => {
          c.version = version;
          c.config.defaultGlobalNamespace = defaultGlobal;
          o.namespaces = namespaces.map(n => ({ name: 'meshtest', ...n }));
        },
      });
      const entry = helloworld(observations).clusters.find(
        c => c.cluster === 'cluster3',
      );
      expect(entry?.namespaceGlobal).toBe(expected);
    },
  );

  it('marks a remote entry whose link is down as not ready', () => {
    const observations = seed({
      cluster3: (_, c) => {
        markNotReady(c.agentViews, 'cluster2');
        markNotReady(c.kvstoremeshViews, 'cluster2');
      },
    });
    expect(routeFrom(observations, 'cluster3')?.servedBy).toEqual([
      { cluster: 'cluster2', backends: 2, linkReady: false },
      { cluster: 'cluster3', backends: 2 },
    ]);
  });

  it('reports unreadable clusters as unknown and routes nothing for them', () => {
    const service = helloworld(seed({ cluster2: makeUnreachable }));
    expect(service.clusters[1]).toMatchObject({
      cluster: 'cluster2',
      unknown: true,
      present: false,
    });
    expect(service.routing.map(r => r.from)).toEqual(['cluster1', 'cluster3']);
  });

  it('routes clients of a plain copy to local backends only, and leaves out clusters without the Service', () => {
    const observations = seed({
      cluster2: o => {
        o.services = [];
        o.plainServices.push('meshtest/aks-helloworld-one');
      },
      cluster3: o => {
        o.services = [];
      },
    });
    const service = helloworld(observations);
    expect(service.clusters.map(c => [c.cluster, c.present, c.global])).toEqual(
      [
        ['cluster1', true, true],
        ['cluster2', true, false],
      ],
    );
    expect(
      service.routing.map(r => [r.from, r.servedBy.map(s => s.cluster)]),
    ).toEqual([
      ['cluster1', ['cluster1']],
      ['cluster2', ['cluster2']],
    ]);
  });

  it('lists only Services that are global somewhere, sorted by namespace and name', () => {
    const observations = seed({
      cluster1: o => {
        o.services.push(
          globalService({ namespace: 'b', name: 'x' }),
          globalService({ namespace: 'a', name: 'z' }),
          globalService({ namespace: 'a', name: 'y', global: false }),
        );
      },
      cluster2: o => {
        o.services.push(globalService({ namespace: 'a', name: 'm' }));
      },
    });
    expect(
      servicesOf(observations).map(s => `${s.namespace}/${s.name}`),
    ).toEqual(['a/m', 'a/z', 'b/x', 'meshtest/aks-helloworld-one']);
  });
});
