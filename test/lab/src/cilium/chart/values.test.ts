import { Values } from '../../helm/values';
import { effectiveValues, settingsFromValues, valueAt } from './values';

const settings = (version: string, values: Values) =>
  settingsFromValues(version, values, 'cilium', 'kube-system');

describe('chart defaults per version', () => {
  it.each<[string, unknown, unknown, unknown]>([
    // path, 1.16.19, 1.19.6, 1.20.0
    ['clustermesh.apiserver.kvstoremesh.enabled', true, true, true],
    ['clustermesh.apiserver.tls.authMode', 'legacy', 'migration', 'migration'],
    ['clustermesh.apiserver.tls.auto.certValidityDuration', 1095, 1095, 365],
    ['clustermesh.defaultGlobalNamespace', undefined, undefined, true],
    ['clustermesh.policyDefaultLocalCluster', undefined, true, true],
    ['kubeProxyReplacement', undefined, 'false', 'false'],
    ['operator.replicas', 2, 2, 2],
    ['prometheus.enabled', false, false, false],
    ['clustermesh.apiserver.service.type', 'NodePort', 'NodePort', 'NodePort'],
    ['clustermesh.maxConnectedClusters', 255, 255, 255],
    [
      'ipam.operator.clusterPoolIPv4PodCIDRList',
      ['10.0.0.0/8'],
      ['10.0.0.0/8'],
      ['10.0.0.0/8'],
    ],
  ])('%s', (path, v116, v119, v120) => {
    expect(
      ['1.16.19', '1.19.6', '1.20.0'].map(version =>
        valueAt(effectiveValues(version, {}), path),
      ),
    ).toEqual([v116, v119, v120]);
  });

  it('lets user values win, merges maps and drops defaults the user sets to null', () => {
    const values = effectiveValues('1.20.0', {
      clustermesh: {
        apiserver: { service: { type: 'LoadBalancer', nodePort: null } },
      },
    });
    expect(valueAt(values, 'clustermesh.apiserver.service')).toMatchObject({
      type: 'LoadBalancer',
      enableSessionAffinity: 'HAOnly',
    });
    expect(
      valueAt(values, 'clustermesh.apiserver.service.nodePort'),
    ).toBeUndefined();
  });
});

describe('settingsFromValues', () => {
  it('reads the seed install values', () => {
    expect(
      settings('1.20.0', {
        cluster: { name: 'cluster1', id: 1 },
        aksbyocni: { enabled: true },
        kubeProxyReplacement: 'true',
        ipam: { operator: { clusterPoolIPv4PodCIDRList: ['10.244.0.0/16'] } },
      }),
    ).toEqual({
      chartVersion: '1.20.0',
      releaseName: 'cilium',
      namespace: 'kube-system',
      clusterName: 'cluster1',
      clusterId: 1,
      maxConnectedClusters: 255,
      podCidrs: ['10.244.0.0/16'],
      podCidrMaskSize: 24,
      routingMode: 'tunnel',
      tunnelProtocol: 'vxlan',
      kubeProxyReplacement: true,
      agentMetricsEnabled: false,
      agentMetricsPort: 9962,
      clustermesh: {
        useAPIServer: false,
        configEnabled: false,
        domain: 'mesh.cilium.io',
        peers: [],
        kvstoremeshEnabled: false,
        kvstoremeshMetricsEnabled: false,
        serviceType: 'NodePort',
        serviceAnnotations: {},
        authMode: 'migration',
        defaultGlobalNamespace: true,
        apiserverReplicas: 1,
      },
    });
  });

  it.each<[string, unknown, boolean]>([
    ['1.20.0', true, true],
    ['1.20.0', 'true', true],
    ['1.20.0', false, false],
    ['1.19.6', 'false', false],
    ['1.16.19', undefined, false],
  ])(
    'kubeProxyReplacement on %s given %p is %p',
    (version, value, expected) => {
      expect(
        settings(version, { kubeProxyReplacement: value }).kubeProxyReplacement,
      ).toBe(expected);
    },
  );

  it.each<[unknown, string[]]>([
    [
      ['10.1.0.0/16', '10.2.0.0/16'],
      ['10.1.0.0/16', '10.2.0.0/16'],
    ],
    ['10.1.0.0/16', ['10.1.0.0/16']],
    ['10.1.0.0/16 10.2.0.0/16', ['10.1.0.0/16', '10.2.0.0/16']],
  ])('clusterPoolIPv4PodCIDRList %p', (list, cidrs) => {
    expect(
      settings('1.20.0', {
        ipam: { operator: { clusterPoolIPv4PodCIDRList: list } },
      }).podCidrs,
    ).toEqual(cidrs);
  });

  const peers = (version: string, clusters: unknown) =>
    settings(version, { clustermesh: { config: { enabled: true, clusters } } })
      .clustermesh.peers;

  it.each<[string, string, unknown, unknown]>([
    [
      'a list, in order, on 1.16',
      '1.16.19',
      [
        { name: 'b', ips: ['10.2.0.1'], port: 2379 },
        { name: 'a', address: 'a.example', port: '2379', enabled: false },
      ],
      [
        { name: 'b', ips: ['10.2.0.1'], port: 2379 },
        { name: 'a', ips: [], address: 'a.example', port: 2379 },
      ],
    ],
    [
      'a list on 1.19, by name, disabled entries dropped',
      '1.19.6',
      [
        { name: 'b', ips: ['10.2.0.1'], port: 2379 },
        { name: 'a', ips: ['10.1.0.1'], port: 2379 },
        { name: 'c', ips: ['10.3.0.1'], enabled: false },
      ],
      [
        { name: 'a', ips: ['10.1.0.1'], port: 2379 },
        { name: 'b', ips: ['10.2.0.1'], port: 2379 },
      ],
    ],
    [
      'a map on 1.20, names from the keys, no port means none',
      '1.20.0',
      {
        b: { ips: ['10.2.0.1'] },
        a: { ips: ['10.1.0.1'], port: 2379 },
        c: { enabled: false },
      },
      [
        { name: 'a', ips: ['10.1.0.1'], port: 2379 },
        { name: 'b', ips: ['10.2.0.1'] },
      ],
    ],
  ])('peers from %s', (_case, version, clusters, expected) => {
    expect(peers(version, clusters)).toEqual(expected);
  });

  it('treats KVStoreMesh as running only with the clustermesh-apiserver', () => {
    expect(settings('1.20.0', {}).clustermesh.kvstoremeshEnabled).toBe(false);
    expect(
      settings('1.20.0', { clustermesh: { useAPIServer: true } }).clustermesh,
    ).toMatchObject({
      kvstoremeshEnabled: true,
      kvstoremeshMetricsEnabled: true,
    });
  });

  it('puts clustermesh.annotations and the service annotations together, like the Service', () => {
    expect(
      settings('1.20.0', {
        clustermesh: {
          annotations: { team: 'net' },
          apiserver: { service: { annotations: { lb: 'internal' } } },
        },
      }).clustermesh.serviceAnnotations,
    ).toEqual({ team: 'net', lb: 'internal' });
  });

  it('follows namespaceOverride and 511 clusters', () => {
    expect(
      settings('1.20.0', {
        namespaceOverride: 'cilium',
        clustermesh: {
          maxConnectedClusters: 511,
          defaultGlobalNamespace: false,
        },
      }),
    ).toMatchObject({
      namespace: 'cilium',
      maxConnectedClusters: 511,
      clustermesh: { defaultGlobalNamespace: false },
    });
  });
});
