import { formatViolations } from '../rules/violation';
import { checkNativeRouting, checkProvisioningPlan } from './provisioningPlan';
import { isIpv4Range, parseIpv4Cidr } from './ipv4';
import { MeshProvisioningPlan, PlannedCluster } from './types';

const chartVersions = ['1.16.19', '1.19.6', '1.20.0'];

function seedCluster(index: number): PlannedCluster {
  const suffix = index === 1 ? '' : String(index);
  return {
    aksName: `aks-ciliumlab${suffix}`,
    resourceGroup: `rsg-ciliumlab${suffix}`,
    location: 'westeurope',
    ciliumName: `cluster${index}`,
    clusterId: index,
    podCidr: `10.${index}.0.0/16`,
    serviceCidr: '10.0.0.0/16',
    dnsServiceIP: '10.0.0.10',
    nodeCount: 3,
    vmSize: 'Standard_D4s_v5',
    kubernetesVersion: '1.33',
    network: {
      vnetName: `vnet-aks-ciliumlab${suffix}`,
      addressPrefix: `172.21.${9 + index}.0/24`,
    },
  };
}

/** The seed document's mesh: three BYOCNI clusters in spokes around one hub. */
function seedPlan(): MeshProvisioningPlan {
  return {
    mesh: 'ciliumlab',
    outboundType: 'loadBalancer',
    hub: {
      resourceGroup: 'rsg-ciliumlab-hub',
      location: 'westeurope',
      virtualWanName: 'vwan-ciliumlab',
      hubName: 'vhub-ciliumlab',
      addressPrefix: '172.21.0.0/24',
    },
    cilium: {
      chartVersion: '1.20.0',
      maxConnectedClusters: 255,
      hubble: true,
      routingMode: 'tunnel',
      tunnelProtocol: 'vxlan',
      encryption: 'none',
    },
    clusters: [1, 2, 3].map(seedCluster),
  };
}

type Change = (plan: MeshProvisioningPlan) => void;
const cluster =
  (index: number, change: Partial<PlannedCluster>): Change =>
  plan => {
    Object.assign(plan.clusters[index], change);
  };
const loose = (value: unknown) => value as never;

function check(plan: MeshProvisioningPlan) {
  return checkProvisioningPlan(plan, { chartVersions });
}

describe('checkProvisioningPlan', () => {
  it('accepts the seed layout', () => {
    expect(check(seedPlan())).toEqual([]);
  });

  it.each<[string, Change]>([
    [
      'wireguard and geneve',
      p =>
        Object.assign(p.cilium, {
          encryption: 'wireguard',
          tunnelProtocol: 'geneve',
        }),
    ],
    [
      'ids above 255 with maxConnectedClusters 511',
      p => {
        p.cilium.maxConnectedClusters = 511;
        p.clusters[2].clusterId = 400;
      },
    ],
    [
      'existing subnets and no hub',
      p => {
        delete p.hub;
        p.clusters.forEach((c, i) => {
          c.network = {
            subnetId: `/subscriptions/0000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-${i}/subnets/nodes`,
          };
        });
      },
    ],
    [
      'one resource group for every cluster',
      p => p.clusters.forEach(c => (c.resourceGroup = 'rsg-ciliumlab')),
    ],
    [
      'the same AKS name in different resource groups',
      cluster(1, { aksName: 'aks-ciliumlab' }),
    ],
    [
      'a /12 service range',
      p =>
        p.clusters.forEach(c =>
          Object.assign(c, {
            serviceCidr: '10.16.0.0/12',
            dnsServiceIP: '10.16.0.10',
            podCidr: `10.${c.clusterId + 40}.0.0/16`,
          }),
        ),
    ],
    ['an older chart', p => (p.cilium.chartVersion = '1.16.19')],
  ])('accepts %s', (_what, change) => {
    const plan = seedPlan();
    change(plan);
    expect(check(plan)).toEqual([]);
  });

  it.each<[string, Change, string, string]>([
    // mesh-wide
    [
      'an invalid mesh name',
      p => (p.mesh = 'Cilium Lab'),
      'mesh',
      'lowercase DNS label',
    ],
    [
      'an unknown outbound type',
      p => (p.outboundType = loose('nat')),
      'outboundType',
      'one of loadBalancer',
    ],
    [
      'an unknown chart',
      p => (p.cilium.chartVersion = '1.15.19'),
      'cilium.chartVersion',
      'Cilium chart "1.15.19" has no values schema here',
    ],
    [
      'a bad maxConnectedClusters',
      p => (p.cilium.maxConnectedClusters = loose(300)),
      'cilium.maxConnectedClusters',
      'either 255 or 511',
    ],
    [
      'a missing maxConnectedClusters',
      p => (p.cilium.maxConnectedClusters = loose(undefined)),
      'cilium.maxConnectedClusters',
      'got nothing',
    ],
    [
      'a bad tunnel protocol',
      p => (p.cilium.tunnelProtocol = loose('gre')),
      'cilium.tunnelProtocol',
      'vxlan or geneve',
    ],
    [
      'a bad encryption',
      p => (p.cilium.encryption = loose('ipsec')),
      'cilium.encryption',
      'none or wireguard',
    ],
    [
      'a non-boolean hubble',
      p => (p.cilium.hubble = loose('yes')),
      'cilium.hubble',
      'true or false',
    ],
    [
      'native routing (aksbyocni needs tunnel)',
      p =>
        Object.assign(p.cilium, {
          routingMode: 'native',
          nativeRoutingCidr: '10.0.0.0/8',
        }),
      'cilium.routingMode',
      'only supports routingMode tunnel',
    ],
    [
      'an unknown routing mode',
      p => (p.cilium.routingMode = loose('direct')),
      'cilium.routingMode',
      'tunnel or native',
    ],
    [
      'nativeRoutingCidr with tunnel routing',
      p => (p.cilium.nativeRoutingCidr = '10.0.0.0/8'),
      'cilium.nativeRoutingCidr',
      'only used with routingMode native',
    ],
    [
      'a single cluster',
      p => (p.clusters = p.clusters.slice(0, 1)),
      'clusters',
      'at least two',
    ],
    [
      'more clusters than maxConnectedClusters',
      p => {
        p.clusters = Array.from({ length: 256 }, (_, i) => ({
          ...seedCluster(1),
          aksName: `aks-${i}`,
          ciliumName: `c${i}`,
          clusterId: (i % 255) + 1,
          podCidr: `10.${i % 256}.0.0/16`,
        }));
      },
      'clusters',
      'at most 255 clusters',
    ],
    // Cilium identity, renamed to the plan's fields
    [
      'duplicate Cilium names',
      cluster(2, { ciliumName: 'cluster1' }),
      'clusters[2].ciliumName',
      'also used by clusters[0]',
    ],
    [
      'an invalid Cilium name',
      cluster(1, { ciliumName: 'Cluster_2' }),
      'clusters[1].ciliumName',
      'lowercase letters',
    ],
    [
      'duplicate cluster ids',
      cluster(1, { clusterId: 1 }),
      'clusters[1].clusterId',
      'also used by clusters[0]',
    ],
    [
      'an id above maxConnectedClusters',
      cluster(1, { clusterId: 256 }),
      'clusters[1].clusterId',
      'from 1 to 255',
    ],
    [
      'a missing cluster id',
      cluster(1, { clusterId: loose(undefined) }),
      'clusters[1].clusterId',
      'is required',
    ],
    // AKS
    [
      'an AKS name too long for the dnsPrefix',
      cluster(0, { aksName: `aks-${'x'.repeat(51)}` }),
      'clusters[0].aksName',
      'at most 54',
    ],
    [
      'an AKS name with "_"',
      cluster(0, { aksName: 'aks_ciliumlab' }),
      'clusters[0].aksName',
      'only letters, digits',
    ],
    [
      'duplicate AKS names in one resource group',
      p => {
        p.clusters[1].resourceGroup = p.clusters[0].resourceGroup;
        p.clusters[1].aksName = 'AKS-CILIUMLAB';
      },
      'clusters[1].aksName',
      'unique within a resource group',
    ],
    [
      'duplicate VNet names in one resource group',
      p => {
        p.clusters[2].resourceGroup = p.clusters[0].resourceGroup;
        p.clusters[2].network = {
          vnetName: 'vnet-aks-ciliumlab',
          addressPrefix: '172.21.12.0/24',
        };
      },
      'clusters[2].network.vnetName',
      'unique within a resource group',
    ],
    [
      'a bad resource group',
      cluster(0, { resourceGroup: 'rg ciliumlab' }),
      'clusters[0].resourceGroup',
      'only letters',
    ],
    [
      'a bad location',
      cluster(2, { location: 'West Europe' }),
      'clusters[2].location',
      'lowercase letters and digits',
    ],
    [
      'no nodes',
      cluster(0, { nodeCount: 0 }),
      'clusters[0].nodeCount',
      '1 to 1000',
    ],
    [
      'a bad VM size',
      cluster(0, { vmSize: 'D4s_v5' }),
      'clusters[0].vmSize',
      'Azure size name',
    ],
    [
      'a bad Kubernetes version',
      cluster(0, { kubernetesVersion: 'v1.33' }),
      'clusters[0].kubernetesVersion',
      '<major>.<minor>',
    ],
    [
      'a service range larger than /12',
      cluster(0, { serviceCidr: '10.0.0.0/11' }),
      'clusters[0].serviceCidr',
      'at most a /12',
    ],
    [
      'DNS outside the service range',
      cluster(1, { dnsServiceIP: '10.5.0.10' }),
      'clusters[1].dnsServiceIP',
      'inside the service CIDR',
    ],
    [
      'DNS on the first service address',
      cluster(1, { dnsServiceIP: '10.0.0.1' }),
      'clusters[1].dnsServiceIP',
      'first address',
    ],
    [
      'a bad subnet id',
      cluster(0, { network: { subnetId: 'nodes' } }),
      'clusters[0].network.subnetId',
      'full ARM resource id',
    ],
    [
      'a network of neither form',
      cluster(0, { network: loose({ name: 'x' }) }),
      'clusters[0].network',
      'either { subnetId }',
    ],
    [
      'a missing network',
      cluster(0, { network: loose(undefined) }),
      'clusters[0].network',
      'is required',
    ],
    [
      'a bad VNet name',
      cluster(0, {
        network: { vnetName: 'v', addressPrefix: '172.21.10.0/24' },
      }),
      'clusters[0].network.vnetName',
      '2 to 64',
    ],
    [
      'a spoke too small for its nodes',
      cluster(0, {
        network: { vnetName: 'vnet-1', addressPrefix: '172.21.10.0/29' },
      }),
      'clusters[0].network.addressPrefix',
      'internal load balancer',
    ],
    [
      'a pod range too small for its nodes',
      cluster(0, { podCidr: '10.1.0.0/24' }),
      'clusters[0].podCidr',
      'holds 1 node',
    ],
    // hub
    [
      'spokes without a hub',
      p => delete p.hub,
      'hub',
      'required to connect the spoke VNets',
    ],
    [
      'a hub smaller than /24',
      p => (p.hub!.addressPrefix = '172.21.0.0/25'),
      'hub.addressPrefix',
      '/24 or larger',
    ],
    [
      'a hub without a prefix',
      p => (p.hub!.addressPrefix = loose(undefined)),
      'hub.addressPrefix',
      'a hub prefix is required',
    ],
    [
      'a bad hub name',
      p => (p.hub!.hubName = 'vhub-'),
      'hub.hubName',
      'virtual hub name',
    ],
    [
      'a bad virtual WAN name',
      p => (p.hub!.virtualWanName = ''),
      'hub.virtualWanName',
      'is required',
    ],
    [
      'a bad hub resource group',
      p => (p.hub!.resourceGroup = 'rg.'),
      'hub.resourceGroup',
      'must not end with "."',
    ],
    // address space
    [
      'overlapping pod ranges',
      cluster(2, { podCidr: '10.2.128.0/17' }),
      'clusters[2].podCidr',
      'overlaps clusters[1].podCidr',
    ],
    [
      'a pod range inside the service range',
      cluster(0, { podCidr: '10.0.0.0/17' }),
      'clusters[0].podCidr',
      'overlaps the service CIDR',
    ],
    [
      'a pod range over another spoke',
      cluster(2, { podCidr: '172.21.0.0/16' }),
      'clusters[2].podCidr',
      'overlaps clusters[0].network.addressPrefix',
    ],
    [
      'a pod range over the hub',
      cluster(0, { podCidr: '172.21.0.0/22' }),
      'clusters[0].podCidr',
      'overlaps hub.addressPrefix',
    ],
    [
      'overlapping spokes',
      cluster(1, {
        network: { vnetName: 'vnet-2', addressPrefix: '172.21.10.0/24' },
      }),
      'clusters[1].network.addressPrefix',
      'overlaps clusters[0].network.addressPrefix',
    ],
    [
      'a spoke over the hub',
      cluster(0, {
        network: { vnetName: 'vnet-1', addressPrefix: '172.21.0.0/23' },
      }),
      'clusters[0].network.addressPrefix',
      'overlaps hub.addressPrefix',
    ],
    [
      'a service range over a spoke',
      cluster(1, { serviceCidr: '172.21.0.0/16', dnsServiceIP: '172.21.0.10' }),
      'clusters[1].serviceCidr',
      'overlaps clusters[0].network.addressPrefix',
    ],
    [
      'a service range over a later spoke',
      cluster(0, {
        serviceCidr: '172.21.12.0/24',
        dnsServiceIP: '172.21.12.10',
      }),
      'clusters[0].serviceCidr',
      'overlaps clusters[2].network.addressPrefix',
    ],
    [
      'a service range over the hub',
      cluster(0, { serviceCidr: '172.21.0.0/24', dnsServiceIP: '172.21.0.10' }),
      'clusters[0].serviceCidr',
      'overlaps hub.addressPrefix',
    ],
    [
      'a reserved pod range',
      cluster(0, { podCidr: '169.254.0.0/16' }),
      'clusters[0].podCidr',
      'AKS reserves',
    ],
    [
      'a reserved spoke',
      cluster(0, {
        network: { vnetName: 'vnet-1', addressPrefix: '172.31.0.0/24' },
      }),
      'clusters[0].network.addressPrefix',
      'AKS reserves',
    ],
    [
      'a reserved hub',
      p => (p.hub!.addressPrefix = '192.0.2.0/24'),
      'hub.addressPrefix',
      'AKS reserves',
    ],
    [
      'a reserved service range',
      cluster(0, { serviceCidr: '172.30.0.0/16', dnsServiceIP: '172.30.0.10' }),
      'clusters[0].serviceCidr',
      'AKS reserves',
    ],
    [
      'an IPv6 pod range',
      cluster(0, { podCidr: 'fd00:1::/64' }),
      'clusters[0].podCidr',
      'must be an IPv4 range',
    ],
    [
      'a malformed spoke prefix',
      cluster(0, {
        network: { vnetName: 'vnet-1', addressPrefix: '172.21.10.1/24' },
      }),
      'clusters[0].network.addressPrefix',
      'host bits set',
    ],
    [
      'a missing pod range',
      cluster(0, { podCidr: loose(undefined) }),
      'clusters[0].podCidr',
      'is required',
    ],
  ])('refuses %s', (_what, change, field, rule) => {
    const plan = seedPlan();
    change(plan);
    const violations = check(plan);
    expect(violations).toContainEqual({
      field,
      rule: expect.stringContaining(rule),
      fix: expect.any(String),
    });
    const text = formatViolations(violations);
    expect(text).toContain(`${field}: `);
    expect(text).not.toMatch(/undefined|NaN|\[object/);
    expect(violations.every(v => v.fix.length > 0)).toBe(true);
  });

  it('reports a missing field once, not once per rule about it', () => {
    const plan = seedPlan();
    plan.clusters[0].podCidr = loose(undefined);
    plan.clusters[1].serviceCidr = loose(undefined);
    expect(check(plan)).toEqual([
      {
        field: 'clusters[0].podCidr',
        rule: 'a pod CIDR is required',
        fix: 'set clusters[0].podCidr',
      },
      {
        field: 'clusters[1].serviceCidr',
        rule: 'a service CIDR is required',
        fix: 'set clusters[1].serviceCidr',
      },
    ]);
  });

  it('reports a cluster that is not an object once', () => {
    const plan = seedPlan();
    plan.clusters[1] = loose(null);
    expect(check(plan)).toEqual([
      {
        field: 'clusters[1]',
        rule: 'a cluster is required',
        fix: 'set clusters[1]',
      },
    ]);
  });

  it('reports a missing cilium section once', () => {
    const plan = seedPlan();
    plan.cilium = loose(undefined);
    expect(check(plan)).toEqual([
      {
        field: 'cilium',
        rule: 'the cilium section (chart version and options) is required',
        fix: 'set cilium',
      },
    ]);
  });

  it('says how to fix an unknown chart version', () => {
    const plan = seedPlan();
    plan.cilium.chartVersion = '1.21.0';
    expect(check(plan)).toEqual([
      {
        field: 'cilium.chartVersion',
        rule: 'Cilium chart "1.21.0" has no values schema here',
        fix: 'choose one of 1.16.19, 1.19.6, 1.20.0',
      },
    ]);
  });

  it('reports a shared service range overlapping a spoke on every cluster that uses it', () => {
    const plan = seedPlan();
    plan.clusters.forEach(c =>
      Object.assign(c, {
        serviceCidr: '172.21.10.0/24',
        dnsServiceIP: '172.21.10.10',
      }),
    );
    const fields = check(plan).map(v => v.field);
    expect(fields).toEqual([
      'clusters[0].serviceCidr',
      'clusters[1].serviceCidr',
      'clusters[2].serviceCidr',
    ]);
  });
});

describe('checkNativeRouting', () => {
  const pods = ['10.1.0.0/16', '10.2.0.0/16'].map((text, i) => {
    const range = parseIpv4Cidr(text, `clusters[${i}].podCidr`, 'pod');
    if (!isIpv4Range(range)) throw new Error(text);
    return { field: `clusters[${i}].podCidr`, range };
  });
  it.each([
    [{ routingMode: 'native', nativeRoutingCidr: '10.0.0.0/8' }, []],
    [{ routingMode: 'native', nativeRoutingCidr: '10.0.0.0/14' }, []],
    [{ routingMode: 'tunnel' }, []],
    [
      { routingMode: 'native' },
      ['nativeRoutingCidr (required with routingMode native) is required'],
    ],
    [
      { routingMode: 'native', nativeRoutingCidr: '10.1.0.0/16' },
      ['clusters[1].podCidr (10.2.0.0/16) is outside it'],
    ],
    [
      { routingMode: 'native', nativeRoutingCidr: 'ten/8' },
      ['is not a CIDR block'],
    ],
    [
      { routingMode: 'tunnel', nativeRoutingCidr: '10.0.0.0/8' },
      ['only used with routingMode native'],
    ],
  ] as const)('%j', (cilium, rules) => {
    const violations = checkNativeRouting(cilium, pods);
    expect(violations.map(v => v.field)).toEqual(
      rules.map(() => 'cilium.nativeRoutingCidr'),
    );
    rules.forEach((rule, i) => expect(violations[i].rule).toContain(rule));
  });
});
