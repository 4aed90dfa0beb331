import {
  agentStatusJson,
  kvstoremeshStatusJson,
  kvstoremeshStatusSupported,
} from './agentStatus';
import { ETCD_OK, readyView, waitingView } from './__testUtils__/views';
import { WAITING_FOR_CONNECTION } from './remoteCluster';

const running = { numGlobalServices: 0, clusterMeshRunning: true };

function onlyCluster(chartVersion: string, view = readyView()) {
  const status = agentStatusJson(chartVersion, [view], running);
  const clusters = status['cluster-mesh']?.clusters;
  if (!clusters || clusters.length !== 1) throw new Error('expected 1');
  return clusters[0];
}

describe('agentStatusJson', () => {
  it('writes a 1.20 RemoteCluster with keys in go-swagger (alphabetical) order', () => {
    const expected = {
      config: {
        'cluster-id': 2,
        'endpoint-slices-export-mode': 'services-and-endpointslices',
        kvstoremesh: true,
        required: true,
        retrieved: true,
        'service-exports-enabled': true,
        'sync-canaries': true,
      },
      connected: true,
      'last-failure': '2026-08-20T10:11:12.345Z',
      name: 'aks-neu-2',
      'num-endpoint-slices': 4,
      'num-endpoints': 25,
      'num-failures': 1,
      'num-identities': 8,
      'num-nodes': 3,
      'num-service-exports': 2,
      'num-shared-services': 10,
      ready: true,
      status: ETCD_OK,
      synced: {
        'endpoint-slices': true,
        endpoints: true,
        identities: true,
        nodes: true,
        'service-exports': true,
        services: true,
      },
    };
    // Stringify compares key order too, which toEqual ignores.
    expect(JSON.stringify(onlyCluster('1.20.0'))).toBe(
      JSON.stringify(expected),
    );
  });

  it.each([
    ['1.15.19', { exports: false, slices: false }],
    ['1.16.19', { exports: false, slices: false }],
    ['1.17.18', { exports: true, slices: false }],
    ['1.18.12', { exports: true, slices: false }],
    ['1.19.6', { exports: true, slices: false }],
    ['1.20.0', { exports: true, slices: true }],
  ])('%s carries only the fields its model has', (version, has) => {
    const cluster = onlyCluster(version);
    expect('num-service-exports' in cluster).toBe(has.exports);
    expect('service-exports-enabled' in cluster.config!).toBe(has.exports);
    expect('service-exports' in cluster.synced!).toBe(has.exports);
    expect('num-endpoint-slices' in cluster).toBe(has.slices);
    expect('endpoint-slices-export-mode' in cluster.config!).toBe(has.slices);
    expect('endpoint-slices' in cluster.synced!).toBe(has.slices);
  });

  it.each([
    [
      '1.17.18',
      false,
      { 'service-exports-enabled': false },
      { 'service-exports': false },
    ],
    [
      '1.17.18',
      true,
      { 'service-exports-enabled': true },
      { 'service-exports': true },
    ],
    ['1.17.18', undefined, {}, {}],
    ['1.16.19', false, {}, {}],
  ])(
    '%s writes the pointer bools for service exports = %s',
    (version, value, config, synced) => {
      const view = readyView({
        config: {
          required: false,
          retrieved: false,
          clusterId: 0,
          kvstoremesh: false,
          syncCanaries: false,
          serviceExportsEnabled: value,
        },
        synced: {
          nodes: false,
          endpoints: false,
          identities: false,
          services: false,
          serviceExports: value,
        },
      });
      const cluster = onlyCluster(version, view);
      expect(cluster.config).toEqual(config);
      expect(cluster.synced).toEqual(synced);
    },
  );

  it.each([
    ['1.20.0', false, { 'endpoint-slices': false }],
    ['1.20.0', undefined, {}],
    ['1.19.6', false, {}],
  ])(
    '%s writes synced.endpoint-slices = %s as %j',
    (version, value, synced) => {
      const view = readyView({
        synced: {
          nodes: false,
          endpoints: false,
          identities: false,
          services: false,
          endpointSlices: value,
        },
      });
      expect(onlyCluster(version, view).synced).toEqual(synced);
    },
  );

  it('omits false, zero and empty fields but always writes last-failure', () => {
    expect(JSON.stringify(onlyCluster('1.18.12', waitingView()))).toBe(
      JSON.stringify({
        'last-failure': '0001-01-01T00:00:00.000Z',
        name: 'aks-neu-3',
        status: WAITING_FOR_CONNECTION,
      }),
    );
  });

  it('writes an unhealthy peer the way the CLI sees it: failures and a millisecond timestamp', () => {
    const view = waitingView({
      numFailures: 4,
      lastFailure: new Date(Date.UTC(2026, 7, 20, 10, 11, 12, 345)),
    });
    expect(onlyCluster('1.16.19', view)).toEqual({
      'last-failure': '2026-08-20T10:11:12.345Z',
      name: 'aks-neu-3',
      'num-failures': 4,
      status: WAITING_FOR_CONNECTION,
    });
  });

  it('keeps a connected peer whose config was not retrieved as config {required}', () => {
    const view = waitingView({
      connected: true,
      status: ETCD_OK,
      config: {
        required: true,
        retrieved: false,
        clusterId: 0,
        kvstoremesh: false,
        syncCanaries: false,
      },
    });
    expect(onlyCluster('1.20.0', view)).toEqual({
      config: { required: true },
      connected: true,
      'last-failure': '0001-01-01T00:00:00.000Z',
      name: 'aks-neu-3',
      status: ETCD_OK,
    });
  });

  it.each([
    ['1.18.12', 3, 3],
    ['1.18.12', 0, undefined],
    ['1.19.6', 3, undefined],
    ['1.20.0', 3, undefined],
  ])(
    '%s with %d global services writes num-global-services=%s',
    (version, count, expected) => {
      const status = agentStatusJson(version, [readyView()], {
        numGlobalServices: count,
        clusterMeshRunning: true,
      });
      expect(status['cluster-mesh']?.['num-global-services']).toBe(expected);
      expect('num-global-services' in status['cluster-mesh']!).toBe(
        expected !== undefined,
      );
    },
  );

  it('writes clusters: null when no peer is configured', () => {
    expect(JSON.stringify(agentStatusJson('1.20.0', [], running))).toBe(
      '{"cluster-mesh":{"clusters":null}}',
    );
  });

  it('has no cluster-mesh key when ClusterMesh is not running', () => {
    const status = agentStatusJson('1.20.0', [readyView()], {
      numGlobalServices: 2,
      clusterMeshRunning: false,
    });
    expect(status).toEqual({});
  });

  it('lists peers sorted by name like Cilium does', () => {
    const status = agentStatusJson(
      '1.20.0',
      [
        readyView({ name: 'c3' }),
        readyView({ name: 'c10' }),
        readyView({ name: 'c1' }),
      ],
      running,
    );
    expect(status['cluster-mesh']?.clusters?.map(c => c.name)).toEqual([
      'c1',
      'c10',
      'c3',
    ]);
  });
});

describe('kvstoremeshStatusJson', () => {
  it('prints a bare array with the same RemoteCluster model', () => {
    const json = kvstoremeshStatusJson('1.20.0', [
      waitingView({ name: 'b' }),
      readyView({ name: 'a' }),
    ]);
    expect(Array.isArray(json)).toBe(true);
    expect(json.map(cluster => [cluster.name, cluster.ready])).toEqual([
      ['a', true],
      ['b', undefined],
    ]);
    expect(json[0]['num-endpoint-slices']).toBe(4);
  });

  it('prints [] rather than null when there is no peer', () => {
    expect(JSON.stringify(kvstoremeshStatusJson('1.16.19', []))).toBe('[]');
  });

  it('applies the version gates of the model', () => {
    const [cluster] = kvstoremeshStatusJson('1.16.19', [readyView()]);
    expect(cluster).not.toHaveProperty('num-service-exports');
    expect(cluster.config).not.toHaveProperty('service-exports-enabled');
  });

  it.each([
    ['1.15.19', false],
    ['1.16.19', true],
    ['1.20.0', true],
  ])('%s supports the command: %s', (version, supported) => {
    expect(kvstoremeshStatusSupported(version)).toBe(supported);
  });

  it('refuses to render for a version without the command', () => {
    expect(() => kvstoremeshStatusJson('1.15.19', [])).toThrow(
      'kvstoremesh-dbg status does not exist in Cilium 1.15',
    );
  });
});
