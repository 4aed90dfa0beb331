import type {
  CiliumSummary,
  ConnectionEvent,
  MeshProblem,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  ciliumFacts,
  historyLine,
  layerFacts,
  newestFirst,
  problemsAboutCluster,
  problemsAboutPair,
} from './detailsModel';

function problem(
  id: string,
  severity: MeshProblem['severity'],
  clusters: string[],
): MeshProblem {
  return {
    id,
    code: 'connection-degraded',
    severity,
    clusters,
    title: id,
    explanation: '',
    remediation: '',
  };
}

const problems = [
  problem('info-1-3', 'info', ['cluster1', 'cluster3']),
  problem('warning-3-1', 'warning', ['cluster3', 'cluster1']),
  problem('error-2', 'error', ['cluster2']),
  problem('error-1-2-3', 'error', ['cluster1', 'cluster2', 'cluster3']),
  problem('warning-3-2', 'warning', ['cluster3', 'cluster2']),
];

describe('problemsAboutPair', () => {
  it.each([
    ['cluster3', 'cluster1', ['error-1-2-3', 'warning-3-1', 'info-1-3']],
    ['cluster1', 'cluster3', ['error-1-2-3', 'warning-3-1', 'info-1-3']],
    ['cluster2', 'cluster1', ['error-1-2-3']],
    ['cluster1', 'cluster4', []],
  ])('%s → %s: %j, errors first', (a, b, ids) => {
    expect(problemsAboutPair(problems, a, b).map(p => p.id)).toEqual(ids);
  });
});

describe('problemsAboutCluster', () => {
  it.each([
    ['cluster2', ['error-2', 'error-1-2-3', 'warning-3-2']],
    ['cluster1', ['error-1-2-3', 'warning-3-1', 'info-1-3']],
    ['cluster9', []],
  ])('%s: %j', (cluster, ids) => {
    expect(problemsAboutCluster(problems, cluster).map(p => p.id)).toEqual(ids);
  });
});

describe('layerFacts', () => {
  it('lists counts, the last failure in UTC and the pods that are not ready', () => {
    expect(
      layerFacts({
        total: 3,
        configured: 3,
        ready: 2,
        unreadable: 0,
        nodes: 3,
        endpoints: 2,
        failures: 4,
        lastFailure: '2026-06-01T11:58:00.000Z',
        notReadyPods: ['cilium-cluster3-0'],
      }),
    ).toEqual({
      Ready: '2/3',
      'Know the target': '3/3',
      'Metrics unreadable': '0',
      'Remote nodes': '3',
      'Remote endpoints': '2',
      'Remote services': 'Not reported',
      Failures: '4',
      'Last failure': '1 Jun 2026, 11:58:00 UTC',
      'Not ready': ['cilium-cluster3-0'],
    });
  });

  it('says so when nothing failed and every pod is ready', () => {
    const facts = layerFacts({
      total: 1,
      configured: 1,
      ready: 1,
      unreadable: 0,
      failures: 0,
      notReadyPods: [],
    });
    expect(facts['Last failure']).toBe('Never');
    expect(facts['Not ready']).toBe('None');
  });
});

describe('ciliumFacts', () => {
  const cilium: CiliumSummary = {
    version: '1.20.0',
    clusterName: 'cluster2',
    clusterId: 2,
    maxConnectedClusters: 255,
    routingMode: 'tunnel',
    tunnelProtocol: 'vxlan',
    kubeProxyReplacement: 'true',
    encryption: 'wireguard',
    podCidrs: ['10.2.0.0/16'],
    agents: { desired: 3, ready: 2, metricsEnabled: true },
    operator: { desired: 2, ready: 2 },
    clustermeshApiserver: {
      desired: 1,
      ready: 1,
      serviceType: 'LoadBalancer',
      addresses: ['172.21.11.200'],
      port: 2379,
      kvstoremesh: true,
      certificate: {
        endpoint: '172.21.11.200:2379',
        subject: 'CN=clustermesh-apiserver.kube-system.svc',
        issuer: 'CN=Cilium CA',
        notAfter: '2029-05-31T12:00:00.000Z',
      },
    },
  };

  it('summarizes a meshed cluster', () => {
    expect(ciliumFacts(cilium, ['cluster1', 'cluster3'])).toEqual({
      'Cilium version': '1.20.0',
      'Cilium cluster name': 'cluster2',
      'Cluster ID': '2',
      Agents: '2/3 ready, metrics on',
      Operator: '2/2 ready',
      Routing: 'tunnel (vxlan)',
      'kube-proxy replacement': 'true',
      Encryption: 'wireguard',
      'Pod CIDRs': ['10.2.0.0/16'],
      'Max connected clusters': '255',
      'clustermesh-apiserver':
        '172.21.11.200:2379 (LoadBalancer), 1/1 ready, KVStoreMesh on',
      'Server certificate':
        'issued by CN=Cilium CA, expires 31 May 2029, 12:00:00 UTC',
      'Configured peers': ['cluster1', 'cluster3'],
    });
  });

  it.each<{
    name: string;
    change: Partial<CiliumSummary>;
    key: string;
    value: unknown;
  }>([
    {
      name: 'no apiserver',
      change: { clustermeshApiserver: undefined },
      key: 'clustermesh-apiserver',
      value: 'Not deployed',
    },
    {
      name: 'an apiserver without an address',
      change: {
        clustermeshApiserver: {
          desired: 1,
          ready: 0,
          addresses: [],
          kvstoremesh: false,
        },
      },
      key: 'clustermesh-apiserver',
      value: 'no address yet, 0/1 ready, KVStoreMesh off',
    },
    {
      name: 'native routing',
      change: { routingMode: 'native' },
      key: 'Routing',
      value: 'native',
    },
    {
      name: 'no cluster id',
      change: { clusterId: undefined },
      key: 'Cluster ID',
      value: 'Not set',
    },
    {
      name: 'no operator',
      change: { operator: undefined },
      key: 'Operator',
      value: 'Not found',
    },
  ])('with $name', ({ change, key, value }) => {
    expect(ciliumFacts({ ...cilium, ...change }, [])[key]).toEqual(value);
  });

  it('has no certificate line without a probe, and says when no peer is configured', () => {
    const facts = ciliumFacts(
      { ...cilium, clustermeshApiserver: undefined },
      [],
    );
    expect(facts).not.toHaveProperty('Server certificate');
    expect(facts['Configured peers']).toBe('None');
  });
});

function event(change: Partial<ConnectionEvent>): ConnectionEvent {
  return {
    id: 1,
    mesh: 'lab-mesh',
    from: 'cluster3',
    to: 'cluster1',
    state: 'disconnected',
    at: '2026-06-01T11:59:00.000Z',
    ...change,
  };
}

describe('historyLine', () => {
  it.each([
    [
      { previousState: 'connected' as const },
      'cluster3 → cluster1: Ready → Down',
    ],
    [{ state: 'connected' as const }, 'cluster3 → cluster1: first seen Ready'],
    [
      { state: 'unconfigured' as const, previousState: 'degraded' as const },
      'cluster3 → cluster1: Degraded → Not configured',
    ],
  ])('%j → %s', (change, line) => {
    expect(historyLine(event(change))).toBe(line);
  });
});

describe('newestFirst', () => {
  it('orders by time, then by id for events of the same moment', () => {
    const events = [
      event({ id: 1, at: '2026-06-01T10:00:00.000Z' }),
      event({ id: 3, at: '2026-06-01T11:00:00.000Z' }),
      event({ id: 2, at: '2026-06-01T11:00:00.000Z' }),
      event({ id: 4, at: '2026-06-01T09:00:00.000Z' }),
    ];
    expect(newestFirst(events).map(e => e.id)).toEqual([3, 2, 1, 4]);
  });
});
