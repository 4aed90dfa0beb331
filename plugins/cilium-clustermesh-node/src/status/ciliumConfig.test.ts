import { agentMetricsPort, summarizeCiliumConfig } from './ciliumConfig';

describe('summarizeCiliumConfig', () => {
  it('maps the keys a 1.20 chart renders for an AKS BYOCNI cluster', () => {
    expect(
      summarizeCiliumConfig({
        'cluster-name': 'cluster1',
        'cluster-id': '1',
        'identity-allocation-mode': 'crd',
        'routing-mode': 'tunnel',
        'tunnel-protocol': 'vxlan',
        'kube-proxy-replacement': 'true',
        ipam: 'cluster-pool',
        'cluster-pool-ipv4-cidr': '10.1.0.0/16',
        'clustermesh-default-global-namespace': 'true',
        'prometheus-serve-addr': ':9962',
      }),
    ).toEqual({
      clusterName: 'cluster1',
      clusterId: 1,
      maxConnectedClusters: 255,
      routingMode: 'tunnel',
      tunnelProtocol: 'vxlan',
      kubeProxyReplacement: 'true',
      encryption: 'disabled',
      ipamMode: 'cluster-pool',
      podCidrs: ['10.1.0.0/16'],
      identityAllocationMode: 'crd',
      defaultGlobalNamespace: true,
    });
  });

  it.each([
    [{ 'enable-wireguard': 'true' }, 'wireguard'],
    [{ 'enable-ipsec': 'true' }, 'ipsec'],
    [{ 'enable-wireguard': 'false', 'enable-ipsec': 'false' }, 'disabled'],
  ])('reads encryption from %j', (data, encryption) => {
    expect(summarizeCiliumConfig(data).encryption).toBe(encryption);
  });

  it('splits CIDR lists on spaces or commas and leaves out what is unset or malformed', () => {
    expect(
      summarizeCiliumConfig({
        'cluster-pool-ipv4-cidr': '10.1.0.0/17 10.1.128.0/17,10.2.0.0/16',
        'cluster-id': 'one',
        'max-connected-clusters': '511',
        'cluster-name': '  ',
        'clustermesh-default-global-namespace': 'maybe',
      }),
    ).toEqual({
      maxConnectedClusters: 511,
      encryption: 'disabled',
      podCidrs: ['10.1.0.0/17', '10.1.128.0/17', '10.2.0.0/16'],
    });
  });
});

describe('agentMetricsPort', () => {
  it.each([
    [{ 'prometheus-serve-addr': ':9962' }, 9962],
    [{ 'prometheus-serve-addr': '0.0.0.0:19962' }, 19962],
    [{ 'prometheus-serve-addr': '' }, undefined],
    [{}, undefined],
    [undefined, undefined],
  ])('reads %j', (data, port) => {
    expect(agentMetricsPort(data)).toBe(port);
  });
});
