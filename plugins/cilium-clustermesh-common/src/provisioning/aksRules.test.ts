import {
  checkAksClusterName,
  checkHubPrefix,
  checkKubernetesVersion,
  checkLocation,
  checkMeshName,
  checkNetworkResourceName,
  checkNodeCount,
  checkNotReserved,
  checkPodCidrCapacity,
  checkResourceGroupName,
  checkServiceNetwork,
  checkSubnetCapacity,
  checkSubnetId,
  checkVmSize,
  toDnsLabel,
} from './aksRules';
import { Ipv4Range, isIpv4Range, parseIpv4Cidr } from './ipv4';
import { RuleViolation } from '../rules/violation';

function range(text: string): Ipv4Range {
  const parsed = parseIpv4Cidr(text, 'f', 'a range');
  if (!isIpv4Range(parsed)) throw new Error(`bad test range ${text}`);
  return parsed;
}

/** Matches violations that include one with this field, rule and fix. */
function holding(field: string, rule: string, fix?: string) {
  return expect.arrayContaining([
    {
      field,
      rule: expect.stringContaining(rule),
      fix: fix ? expect.stringContaining(fix) : expect.any(String),
    },
  ]);
}

function allText(violations: RuleViolation[]): string {
  return violations.map(v => `${v.field} ${v.rule} ${v.fix}`).join('\n');
}

describe('checkMeshName', () => {
  it.each([['seed'], ['payments-eu'], ['a'], ['1'], ['m'.repeat(63)]])(
    'accepts %j',
    name => expect(checkMeshName(name, 'mesh')).toEqual([]),
  );
  it.each([
    ['', 'is required', 'for example'],
    [undefined, 'is required', 'for example'],
    ['Payments', 'lowercase DNS label', 'use "payments"'],
    ['pay_ments', 'lowercase DNS label', 'use "pay-ments"'],
    ['-mesh', 'lowercase DNS label', 'use "mesh"'],
    ['mesh-', 'lowercase DNS label', 'use "mesh"'],
    ['m'.repeat(64), 'lowercase DNS label', `use "${'m'.repeat(63)}"`],
  ])('rejects %j', (name, rule, fix) => {
    const violations = checkMeshName(name, 'mesh');
    expect(violations).toEqual(holding('mesh', rule, fix));
    expect(allText(violations)).not.toContain('undefined');
  });
});

describe('checkAksClusterName', () => {
  it.each([['aks-ciliumlab'], ['aks-ciliumlab2'], ['A'], ['a'.repeat(54)]])(
    'accepts %j',
    name => expect(checkAksClusterName(name, 'n')).toEqual([]),
  );
  it.each([
    ['', 'is required', 'aks-mesh-1'],
    ['a'.repeat(55), 'at most 54 characters', 'shorten'],
    ['1aks', 'starts with a letter', 'use "aks-1aks"'],
    ['aks_1', 'only letters, digits and "-"', 'use "aks-1"'],
    ['aks.eu', 'only letters, digits and "-"', 'use "aks-eu"'],
    ['aks-', 'ends with a letter or digit', 'drop'],
  ])(
    'rejects %j (AKS allows some, the dnsPrefix does not)',
    (name, rule, fix) => {
      const violations = checkAksClusterName(name, 'clusters[0].aksName');
      expect(violations).toEqual(holding('clusters[0].aksName', rule, fix));
      expect(allText(violations)).not.toContain('undefined');
    },
  );
});

describe('checkResourceGroupName', () => {
  it.each([['rsg-ciliumlab'], ['RG_(prod).1'], ['grüppe'], ['r'.repeat(90)]])(
    'accepts %j',
    name => expect(checkResourceGroupName(name, 'rg')).toEqual([]),
  );
  it.each([
    [undefined, 'is required'],
    ['r'.repeat(91), 'at most 90'],
    ['rg with space', 'only letters'],
    ['rg/1', 'only letters'],
    ['rg.', 'must not end with "."'],
  ])('rejects %j', (name, rule) => {
    const violations = checkResourceGroupName(name, 'hub.resourceGroup');
    expect(violations).toEqual(holding('hub.resourceGroup', rule));
    expect(allText(violations)).not.toContain('undefined');
  });
});

describe('checkLocation', () => {
  it.each([['westeurope'], ['eastus2']])('accepts %j', location =>
    expect(checkLocation(location, 'l')).toEqual([]),
  );
  it.each([
    ['West Europe', 'use "westeurope"'],
    ['west-europe', 'use "westeurope"'],
    ['', 'for example'],
  ])('rejects %j', (location, fix) => {
    const violations = checkLocation(location, 'clusters[1].location');
    expect(violations).toEqual(holding('clusters[1].location', '', fix));
    expect(allText(violations)).not.toContain('undefined');
  });
});

describe('checkNodeCount', () => {
  it.each([[1], [3], [1000]])('accepts %j', count =>
    expect(checkNodeCount(count, 'c')).toEqual([]),
  );
  it.each([[0], [1001], [2.5], ['3'], [undefined], [-1]])(
    'rejects %j',
    count => {
      const violations = checkNodeCount(count, 'clusters[0].nodeCount');
      expect(violations).toEqual(
        holding('clusters[0].nodeCount', '1 to 1000 nodes'),
      );
      expect(allText(violations)).not.toContain('undefined');
    },
  );
});

describe('checkVmSize', () => {
  it.each([['Standard_D4s_v5'], ['Standard_B2s'], ['Standard_M416-208s_v2']])(
    'accepts %j',
    size => expect(checkVmSize(size, 'v')).toEqual([]),
  );
  it.each([['D4s_v5'], ['standard_d4s_v5'], ['Standard_'], ['Standard D4s']])(
    'rejects %j',
    size => {
      const violations = checkVmSize(size, 'clusters[0].vmSize');
      expect(violations).toEqual(
        holding('clusters[0].vmSize', 'Azure size name'),
      );
      expect(allText(violations)).not.toContain('undefined');
    },
  );
});

describe('checkKubernetesVersion', () => {
  it.each([['1.33'], ['1.33.2'], ['1.30.10']])('accepts %j', version =>
    expect(checkKubernetesVersion(version, 'k')).toEqual([]),
  );
  it.each([
    ['v1.33', 'use "1.33"'],
    ['1', 'such as "1.33"'],
    ['latest', 'such as "1.33"'],
    ['1.33.2.1', 'such as "1.33"'],
  ])('rejects %j', (version, fix) => {
    const violations = checkKubernetesVersion(
      version,
      'clusters[0].kubernetesVersion',
    );
    expect(violations).toEqual(
      holding('clusters[0].kubernetesVersion', '"<major>.<minor>"', fix),
    );
    expect(allText(violations)).not.toContain('undefined');
  });
});

describe('checkServiceNetwork', () => {
  const fields = {
    serviceCidr: 'clusters[0].serviceCidr',
    dnsServiceIP: 'clusters[0].dnsServiceIP',
  };
  it.each([
    ['10.0.0.0/16', '10.0.0.10'],
    ['10.11.0.0/16', '10.11.0.10'],
    ['10.16.0.0/12', '10.16.0.10'],
    ['10.0.0.0/16', '10.0.255.254'],
  ])('accepts %s with DNS at %s', (serviceCidr, dns) => {
    expect(checkServiceNetwork(serviceCidr, dns, fields)).toEqual([]);
  });
  it.each([
    [
      '10.0.0.0/11',
      '10.0.0.10',
      fields.serviceCidr,
      'at most a /12',
      '10.0.0.0/16',
    ],
    ['10.0.0.0/31', '10.0.0.1', fields.serviceCidr, 'needs room', '/16'],
    ['10.0.0.0', '10.0.0.10', fields.serviceCidr, 'not a CIDR block', ''],
    [
      '10.0.0.5/16',
      '10.0.0.10',
      fields.serviceCidr,
      'host bits set',
      'use 10.0.0.0/16',
    ],
    ['fd00::/108', '10.0.0.10', fields.serviceCidr, 'IPv4', ''],
    [
      '172.30.0.0/16',
      '172.30.0.10',
      fields.serviceCidr,
      'AKS reserves',
      'outside',
    ],
    [undefined, '10.0.0.10', fields.serviceCidr, 'is required', ''],
    [
      '10.0.0.0/16',
      '10.1.0.10',
      fields.dnsServiceIP,
      'inside the service CIDR',
      'use 10.0.0.10',
    ],
    [
      '10.0.0.0/16',
      '10.0.0.0',
      fields.dnsServiceIP,
      'network address',
      'use 10.0.0.10',
    ],
    [
      '10.0.0.0/16',
      '10.0.0.1',
      fields.dnsServiceIP,
      'first address',
      'use 10.0.0.10',
    ],
    [
      '10.0.0.0/16',
      '10.0.0.300',
      fields.dnsServiceIP,
      'IPv4 address',
      'use 10.0.0.10',
    ],
    ['10.0.0.0/16', undefined, fields.dnsServiceIP, 'is required', ''],
  ])('refuses %s with DNS at %s', (serviceCidr, dns, field, rule, fix) => {
    const violations = checkServiceNetwork(serviceCidr, dns, fields);
    expect(violations).toEqual(holding(field, rule, fix));
    expect(allText(violations)).not.toContain('undefined');
  });
});

describe('checkNotReserved', () => {
  it.each([
    ['10.0.0.0/8'],
    ['172.21.0.0/16'],
    ['172.29.255.0/24'],
    ['192.0.3.0/24'],
  ])('accepts %s', cidr =>
    expect(checkNotReserved(range(cidr), 'f')).toEqual([]),
  );
  it.each([
    ['169.254.10.0/24', '169.254.0.0/16'],
    ['172.30.1.0/24', '172.30.0.0/16'],
    ['172.31.0.0/16', '172.31.0.0/16'],
    ['172.16.0.0/12', '172.30.0.0/16'],
    ['192.0.2.128/25', '192.0.2.0/24'],
  ])('refuses %s (overlaps %s)', (cidr, reserved) => {
    expect(checkNotReserved(range(cidr), 'clusters[0].podCidr')).toEqual(
      holding('clusters[0].podCidr', `overlaps ${reserved}`, 'outside'),
    );
  });
});

describe('capacity', () => {
  it.each([
    ['10.1.0.0/16', 3, true],
    ['10.1.0.0/16', 255, true],
    ['10.1.0.0/16', 256, false],
    ['10.1.0.0/22', 3, true],
    ['10.1.0.0/23', 3, false],
    ['10.1.0.0/25', 1, false],
  ])('pod range %s for %i nodes: %s', (cidr, nodes, ok) => {
    expect(
      checkPodCidrCapacity(range(cidr), nodes, 'clusters[0].podCidr'),
    ).toEqual(
      ok ? [] : holding('clusters[0].podCidr', 'a /24 of the pod CIDR'),
    );
  });
  it.each([
    ['172.21.10.0/24', 3, true],
    ['172.21.10.0/29', 1, true],
    ['172.21.10.0/29', 2, false],
    ['172.21.10.0/28', 9, true],
    ['172.21.10.0/28', 10, false],
  ])('spoke %s for %i nodes: %s', (cidr, nodes, ok) => {
    const field = 'clusters[0].network.addressPrefix';
    expect(checkSubnetCapacity(range(cidr), nodes, field)).toEqual(
      ok ? [] : holding(field, 'internal load balancer'),
    );
  });
  it.each([
    ['172.21.0.0/24', true],
    ['172.20.0.0/23', true],
    ['172.21.0.0/25', false],
  ])('hub %s: %s', (cidr, ok) => {
    expect(checkHubPrefix(range(cidr), 'hub.addressPrefix')).toEqual(
      ok ? [] : holding('hub.addressPrefix', '/24 or larger'),
    );
  });
});

describe('network resource names and subnet ids', () => {
  it.each([
    ['vnet-aks-ciliumlab', 'a virtual network', true],
    ['v', 'a virtual network', false],
    ['v', 'a virtual hub', true],
    ['vwan.', 'a virtual WAN', false],
    ['vwan_', 'a virtual WAN', true],
    ['-vhub', 'a virtual hub', false],
    ['x'.repeat(81), 'a virtual hub', false],
  ] as const)('%j as %s: %s', (name, what, ok) => {
    expect(checkNetworkResourceName(name, 'hub.hubName', what)).toEqual(
      ok ? [] : holding('hub.hubName', `${what} name`),
    );
  });
  it.each([
    [
      '/subscriptions/0000/resourceGroups/rg-1/providers/Microsoft.Network/virtualNetworks/vnet-1/subnets/nodes',
      true,
    ],
    [
      '/subscriptions/0000/resourcegroups/rg-1/providers/microsoft.network/virtualNetworks/vnet-1/subnets/nodes',
      true,
    ],
    [
      '/subscriptions/0000/resourceGroups/rg-1/providers/Microsoft.Network/virtualNetworks/vnet-1',
      false,
    ],
    ['nodes', false],
  ])('subnet id %s: %s', (id, ok) => {
    const field = 'clusters[0].network.subnetId';
    expect(checkSubnetId(id, field)).toEqual(
      ok ? [] : holding(field, 'full ARM resource id'),
    );
  });
});

describe('toDnsLabel', () => {
  it.each([
    ['Payments EU', 63, 'payments-eu'],
    ['--a__b--', 63, 'a-b'],
    ['abc-def', 4, 'abc'],
    ['___', 10, ''],
  ])('%j (max %i) -> %j', (text, max, expected) => {
    expect(toDnsLabel(text, max)).toBe(expected);
  });
});
