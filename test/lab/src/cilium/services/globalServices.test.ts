import {
  effectiveBackends,
  isExported,
  numGlobalServices,
  numSharedServices,
  ServiceBackend,
  ServiceInstance,
} from './globalServices';

const GLOBAL = { 'service.cilium.io/global': 'true' };
const NOT_SHARED = { ...GLOBAL, 'service.cilium.io/shared': 'false' };
const NAMESPACE_GLOBAL = 'clustermesh.cilium.io/global';

interface Spec {
  annotations?: Record<string, string>;
  namespaceAnnotations?: Record<string, string>;
  minor?: number;
  defaultGlobalNamespace?: boolean;
  exists?: boolean;
  backends?: ServiceBackend[];
  name?: string;
}

/** `cluster2` → id 2, one ready backend 10.2.0.10, the seed's Service. */
function instance(cluster: string, spec: Spec = {}): ServiceInstance {
  const id = Number(cluster.replace(/\D/g, ''));
  return {
    clusterName: cluster,
    clusterId: id,
    ciliumMinor: spec.minor ?? 18,
    defaultGlobalNamespace: spec.defaultGlobalNamespace ?? true,
    namespaceAnnotations: spec.namespaceAnnotations ?? {},
    service: {
      namespace: 'meshtest',
      name: spec.name ?? 'aks-helloworld-one',
      annotations: spec.annotations ?? {},
      exists: spec.exists ?? true,
    },
    backends: spec.backends ?? [{ ip: `10.${id}.0.10`, ready: true }],
  };
}

/** Every cluster is connected to every other; returns the clusters each reaches. */
function reachedFrom(mesh: ServiceInstance[]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const consumer of mesh) {
    const peers = mesh.filter(peer => peer !== consumer);
    const clusters = effectiveBackends(consumer, peers).map(b => b.cluster);
    result[consumer.clusterName] = [...new Set(clusters)].sort();
  }
  return result;
}

describe('effectiveBackends: the seed mesh (meshtest/aks-helloworld-one)', () => {
  it.each<[string, Record<string, string>, Record<string, string[]>]>([
    [
      'cluster2 affinity remote',
      { ...GLOBAL, 'service.cilium.io/affinity': 'remote' },
      {
        cluster1: ['cluster1', 'cluster2', 'cluster3'],
        cluster2: ['cluster3'],
        cluster3: ['cluster2', 'cluster3'],
      },
    ],
    [
      'cluster2 affinity local',
      { ...GLOBAL, 'service.cilium.io/affinity': 'local' },
      {
        cluster1: ['cluster1', 'cluster2', 'cluster3'],
        cluster2: ['cluster2'],
        cluster3: ['cluster2', 'cluster3'],
      },
    ],
  ])('cluster1 shared "false", %s', (_, cluster2Annotations, expected) => {
    const mesh = [
      instance('cluster1', { annotations: NOT_SHARED }),
      instance('cluster2', { annotations: cluster2Annotations }),
      instance('cluster3', { annotations: GLOBAL }),
    ];
    expect(reachedFrom(mesh)).toEqual(expected);
  });

  it('tags every backend with the cluster it lives in', () => {
    const mesh = [
      instance('cluster1', { annotations: NOT_SHARED }),
      instance('cluster2', { annotations: GLOBAL }),
      instance('cluster3', { annotations: GLOBAL }),
    ];
    expect(effectiveBackends(mesh[0], mesh.slice(1))).toEqual([
      { cluster: 'cluster1', clusterId: 1, ip: '10.1.0.10' },
      { cluster: 'cluster2', clusterId: 2, ip: '10.2.0.10' },
      { cluster: 'cluster3', clusterId: 3, ip: '10.3.0.10' },
    ]);
  });
});

describe('effectiveBackends: two clusters (research §4.2)', () => {
  const NOT_GLOBAL = { 'service.cilium.io/shared': 'true' };
  it.each<
    [string, Record<string, string>, Record<string, string>, string[], string[]]
  >([
    [
      'X shared, Y shared',
      GLOBAL,
      GLOBAL,
      ['cluster1', 'cluster2'],
      ['cluster1', 'cluster2'],
    ],
    [
      'X shared, Y not shared',
      GLOBAL,
      NOT_SHARED,
      ['cluster1'],
      ['cluster1', 'cluster2'],
    ],
    [
      'X not shared, Y shared',
      NOT_SHARED,
      GLOBAL,
      ['cluster1', 'cluster2'],
      ['cluster2'],
    ],
    [
      'X not shared, Y not shared',
      NOT_SHARED,
      NOT_SHARED,
      ['cluster1'],
      ['cluster2'],
    ],
    ['X global, Y not global', GLOBAL, NOT_GLOBAL, ['cluster1'], ['cluster2']],
    ['neither global', {}, {}, ['cluster1'], ['cluster2']],
  ])('%s', (_, x, y, xReaches, yReaches) => {
    const mesh = [
      instance('cluster1', { annotations: x }),
      instance('cluster2', { annotations: y }),
    ];
    expect(reachedFrom(mesh)).toEqual({
      cluster1: xReaches,
      cluster2: yReaches,
    });
  });
});

describe('effectiveBackends: 1.20 global namespaces', () => {
  it.each<[string, Spec, Spec, string[], string[]]>([
    [
      'default on, no annotation',
      { minor: 20 },
      { minor: 20 },
      ['cluster1', 'cluster2'],
      ['cluster1', 'cluster2'],
    ],
    [
      'default off, no annotation',
      { minor: 20, defaultGlobalNamespace: false },
      { minor: 20, defaultGlobalNamespace: false },
      ['cluster1'],
      ['cluster2'],
    ],
    [
      'default off, both namespaces opted in',
      {
        minor: 20,
        defaultGlobalNamespace: false,
        namespaceAnnotations: { [NAMESPACE_GLOBAL]: 'true' },
      },
      {
        minor: 20,
        defaultGlobalNamespace: false,
        namespaceAnnotations: { [NAMESPACE_GLOBAL]: 'true' },
      },
      ['cluster1', 'cluster2'],
      ['cluster1', 'cluster2'],
    ],
    [
      'default off, only the exporter opted in',
      { minor: 20, defaultGlobalNamespace: false },
      {
        minor: 20,
        defaultGlobalNamespace: false,
        namespaceAnnotations: { [NAMESPACE_GLOBAL]: 'true' },
      },
      ['cluster1'],
      ['cluster2'],
    ],
    [
      'default on, the consumer opted out',
      { minor: 20, namespaceAnnotations: { [NAMESPACE_GLOBAL]: 'false' } },
      { minor: 20 },
      ['cluster1'],
      ['cluster2'],
    ],
    [
      'default on, the exporter opted out',
      { minor: 20 },
      { minor: 20, namespaceAnnotations: { [NAMESPACE_GLOBAL]: 'false' } },
      ['cluster1'],
      ['cluster2'],
    ],
    [
      'an older release ignores the switch',
      {
        minor: 19,
        defaultGlobalNamespace: false,
        namespaceAnnotations: { [NAMESPACE_GLOBAL]: 'false' },
      },
      { minor: 19, defaultGlobalNamespace: false },
      ['cluster1', 'cluster2'],
      ['cluster1', 'cluster2'],
    ],
  ])('%s', (_, x, y, xReaches, yReaches) => {
    const mesh = [
      instance('cluster1', { annotations: GLOBAL, ...x }),
      instance('cluster2', { annotations: GLOBAL, ...y }),
    ];
    expect(reachedFrom(mesh)).toEqual({
      cluster1: xReaches,
      cluster2: yReaches,
    });
  });
});

describe('effectiveBackends: selection rules', () => {
  const notReady = [{ ip: '10.1.0.10', ready: false }];
  const readyAndNot = [
    { ip: '10.1.0.10', ready: true },
    { ip: '10.1.0.11', ready: false },
  ];
  it.each<[string, Spec, Spec[], string[]]>([
    [
      'legacy aliases make a mesh',
      { annotations: { 'io.cilium/global-service': 'true' } },
      [{ annotations: { 'io.cilium/global-service': 'True' } }],
      ['10.1.0.10', '10.2.0.10'],
    ],
    [
      'legacy shared alias stops the export',
      { annotations: GLOBAL },
      [
        {
          annotations: {
            'io.cilium/global-service': 'true',
            'io.cilium/shared-service': 'false',
          },
        },
      ],
      ['10.1.0.10'],
    ],
    [
      'legacy affinity alias is honoured',
      { annotations: { ...GLOBAL, 'io.cilium/service-affinity': 'remote' } },
      [{ annotations: GLOBAL }],
      ['10.2.0.10'],
    ],
    [
      'affinity local with no ready local backend falls back to remote',
      {
        annotations: { ...GLOBAL, 'service.cilium.io/affinity': 'local' },
        backends: notReady,
      },
      [{ annotations: GLOBAL }],
      ['10.2.0.10'],
    ],
    [
      'affinity local with no local backend at all falls back to remote',
      {
        annotations: { ...GLOBAL, 'service.cilium.io/affinity': 'local' },
        backends: [],
      },
      [{ annotations: GLOBAL }],
      ['10.2.0.10'],
    ],
    [
      'affinity local keeps one ready local backend',
      {
        annotations: { ...GLOBAL, 'service.cilium.io/affinity': 'local' },
        backends: readyAndNot,
      },
      [{ annotations: GLOBAL }],
      ['10.1.0.10'],
    ],
    [
      'affinity remote with no healthy remote backend falls back to local',
      { annotations: { ...GLOBAL, 'service.cilium.io/affinity': 'remote' } },
      [{ annotations: GLOBAL, backends: [{ ip: '10.2.0.10', ready: false }] }],
      ['10.1.0.10'],
    ],
    [
      'affinity remote with no connected peer stays local',
      { annotations: { ...GLOBAL, 'service.cilium.io/affinity': 'remote' } },
      [],
      ['10.1.0.10'],
    ],
    [
      'an invalid affinity behaves as none',
      { annotations: { ...GLOBAL, 'service.cilium.io/affinity': 'closest' } },
      [{ annotations: GLOBAL }],
      ['10.1.0.10', '10.2.0.10'],
    ],
    [
      'not-ready backends are never reached',
      { annotations: GLOBAL, backends: readyAndNot },
      [
        {
          annotations: GLOBAL,
          backends: [
            { ip: '10.2.0.10', ready: true },
            { ip: '10.2.0.11', ready: false },
          ],
        },
      ],
      ['10.1.0.10', '10.2.0.10'],
    ],
    [
      'a remote export without a local Service gives nothing',
      { exists: false, annotations: {} },
      [{ annotations: GLOBAL }],
      [],
    ],
    [
      'a local Service that is not global stays local',
      { annotations: {} },
      [{ annotations: GLOBAL }],
      ['10.1.0.10'],
    ],
    [
      'another Service of the peer is not merged',
      { annotations: GLOBAL },
      [{ annotations: GLOBAL, name: 'other' }],
      ['10.1.0.10'],
    ],
    [
      'a peer whose Service is gone exports nothing',
      { annotations: GLOBAL },
      [{ annotations: GLOBAL, exists: false }],
      ['10.1.0.10'],
    ],
  ])('%s', (_, consumerSpec, peerSpecs, expectedIps) => {
    const consumer = instance('cluster1', consumerSpec);
    const peers = peerSpecs.map((spec, i) => instance(`cluster${i + 2}`, spec));
    expect(effectiveBackends(consumer, peers).map(b => b.ip)).toEqual(
      expectedIps,
    );
  });

  it('ignores the consumer’s own copy if the caller passes it among the exports', () => {
    const consumer = instance('cluster1', { annotations: GLOBAL });
    expect(effectiveBackends(consumer, [consumer]).map(b => b.ip)).toEqual([
      '10.1.0.10',
    ]);
  });
});

describe('export counts', () => {
  const cluster2 = [
    instance('cluster2', { annotations: GLOBAL, name: 'exported' }),
    instance('cluster2', {
      annotations: GLOBAL,
      name: 'no-backends',
      backends: [],
    }),
    instance('cluster2', { annotations: NOT_SHARED, name: 'consume-only' }),
    instance('cluster2', { annotations: {}, name: 'plain' }),
    instance('cluster2', {
      annotations: GLOBAL,
      name: 'deleted',
      exists: false,
    }),
  ];

  it.each(cluster2.map(i => [i.service.name, i] as const))(
    '%s: isExported',
    (name, i) => {
      expect(isExported(i)).toBe(name === 'exported' || name === 'no-backends');
    },
  );

  it('num-shared-services counts exported Services, with or without backends', () => {
    expect(numSharedServices(cluster2)).toBe(2);
  });

  it('num-shared-services skips Services in namespaces that are not global on 1.20', () => {
    const scoped = [
      instance('cluster2', { minor: 20, annotations: GLOBAL, name: 'a' }),
      instance('cluster2', {
        minor: 20,
        annotations: GLOBAL,
        name: 'b',
        namespaceAnnotations: { [NAMESPACE_GLOBAL]: 'false' },
      }),
    ];
    expect(numSharedServices(scoped)).toBe(1);
  });

  it('num-global-services (≤ 1.18 agent) counts distinct exported ns/name across peers', () => {
    const exports = [
      ...cluster2,
      instance('cluster3', { annotations: GLOBAL, name: 'exported' }),
      instance('cluster3', { annotations: GLOBAL, name: 'only-in-3' }),
      instance('cluster3', { annotations: NOT_SHARED, name: 'consume-only-3' }),
    ];
    expect(numGlobalServices(exports)).toBe(3);
    expect(numGlobalServices([])).toBe(0);
  });
});
