import ipaddr from 'ipaddr.js';
import { RuleViolation } from '../rules/violation';
import {
  describeValue,
  ipv4ToNumber,
  Ipv4Range,
  isIpv4Range,
  numberToIpv4,
  parseIpv4Cidr,
  rangeAt,
  rangesOverlap,
} from './ipv4';

/**
 * Ranges AKS refuses for pod, service and VNet address space (use-byo-cni.md;
 * Cilium's aks-clustermesh-prep repeats them).
 */
export const AKS_RESERVED_RANGES = [
  '169.254.0.0/16',
  '172.30.0.0/16',
  '172.31.0.0/16',
  '192.0.2.0/24',
] as const;

/** The AKS system node pool's `count` limits. */
export const AKS_NODE_COUNT_MIN = 1;
export const AKS_NODE_COUNT_MAX = 1000;

const MESH_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const DNS_PREFIX_MAX_LENGTH = 54;
const RESOURCE_GROUP_MAX_LENGTH = 90;
const RESOURCE_GROUP_PATTERN = /^[-\p{L}\p{N}_.()]+$/u;
const LOCATION_PATTERN = /^[a-z0-9]+$/;
const VM_SIZE_PATTERN = /^Standard_[A-Za-z0-9][A-Za-z0-9_-]*$/;
const KUBERNETES_VERSION_PATTERN = /^\d+\.\d+(\.\d+)?$/;
// Microsoft.Network names (virtualNetworks, virtualWans, virtualHubs).
const NETWORK_NAME_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
const SUBNET_ID_PATTERN =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;
/** Azure keeps five addresses of every subnet for itself. */
const AZURE_SUBNET_RESERVED_ADDRESSES = 5;
/** Cilium's cluster-pool hands each node one block of this size (`clusterPoolIPv4MaskSize`, which we leave at its default). */
export const CILIUM_POD_MASK_SIZE = 24;

function required(
  value: unknown,
  field: string,
  what: string,
  example: string,
): RuleViolation[] {
  if (typeof value === 'string' && value !== '') {
    return [];
  }
  return [
    {
      field,
      rule: `${what} is required (got ${describeValue(value)})`,
      fix: `set it, for example ${example}`,
    },
  ];
}

/** Lowercase letters, digits and "-" runs, trimmed to `maxLength` without a trailing "-". */
export function toDnsLabel(text: string, maxLength: number): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+/, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
}

/** The mesh name is a catalog entity name and a label value: a lowercase DNS label. */
export function checkMeshName(name: unknown, field: string): RuleViolation[] {
  const missing = required(name, field, 'a mesh name', '"payments-eu"');
  if (missing.length > 0) {
    return missing;
  }
  const text = name as string;
  if (MESH_NAME_PATTERN.test(text)) {
    return [];
  }
  const suggestion = toDnsLabel(text, 63);
  return [
    {
      field,
      rule: `a mesh name is a lowercase DNS label: 1 to 63 lowercase letters, digits and "-", starting and ending with a letter or digit (${describeValue(
        text,
      )} is not)`,
      fix: suggestion ? `use "${suggestion}"` : 'use a name such as "mesh-1"',
    },
  ];
}

/**
 * The AKS resource name allows 63 characters and "_", but the actions also
 * use it as the cluster's dnsPrefix, so it must meet the stricter dnsPrefix
 * rule: 1–54 characters, letters, digits and "-", starting with a letter
 * (older tooling insists) and ending with a letter or digit.
 */
export function checkAksClusterName(
  name: unknown,
  field: string,
): RuleViolation[] {
  const missing = required(name, field, 'an AKS cluster name', '"aks-mesh-1"');
  if (missing.length > 0) {
    return missing;
  }
  const text = name as string;
  const violations: RuleViolation[] = [];
  const also = 'an AKS cluster name is also its dnsPrefix, which';
  if (text.length > DNS_PREFIX_MAX_LENGTH) {
    violations.push({
      field,
      rule: `${also} has at most ${DNS_PREFIX_MAX_LENGTH} characters ("${text}" has ${text.length})`,
      fix: 'shorten the name',
    });
  }
  if (!/^[A-Za-z]/.test(text)) {
    violations.push({
      field,
      rule: `${also} starts with a letter ("${text}" does not)`,
      fix: `use "aks-${toDnsLabel(text, DNS_PREFIX_MAX_LENGTH - 4) || '1'}"`,
    });
  }
  if (/[^A-Za-z0-9-]/.test(text)) {
    violations.push({
      field,
      rule: `${also} uses only letters, digits and "-" ("${text}" has other characters)`,
      fix: `use "${toDnsLabel(text, DNS_PREFIX_MAX_LENGTH) || 'aks-1'}"`,
    });
  }
  if (!/[A-Za-z0-9]$/.test(text)) {
    violations.push({
      field,
      rule: `${also} ends with a letter or digit ("${text}" does not)`,
      fix: 'drop the trailing character',
    });
  }
  return violations;
}

export function checkResourceGroupName(
  name: unknown,
  field: string,
): RuleViolation[] {
  const missing = required(name, field, 'a resource group', '"rg-mesh-1"');
  if (missing.length > 0) {
    return missing;
  }
  const text = name as string;
  const violations: RuleViolation[] = [];
  if (text.length > RESOURCE_GROUP_MAX_LENGTH) {
    violations.push({
      field,
      rule: `a resource group name has at most ${RESOURCE_GROUP_MAX_LENGTH} characters ("${text}" has ${text.length})`,
      fix: 'shorten the name',
    });
  }
  if (!RESOURCE_GROUP_PATTERN.test(text)) {
    violations.push({
      field,
      rule: `a resource group name uses only letters, digits, "-", "_", "." and parentheses ("${text}" does not)`,
      fix: `use "${text.replace(/[^-\p{L}\p{N}_.()]+/gu, '-')}"`,
    });
  }
  if (text.endsWith('.')) {
    violations.push({
      field,
      rule: `a resource group name must not end with "." ("${text}" does)`,
      fix: 'drop the trailing "."',
    });
  }
  return violations;
}

/** Azure region names as ARM spells them: `westeurope`, `eastus2`. */
export function checkLocation(
  location: unknown,
  field: string,
): RuleViolation[] {
  const missing = required(
    location,
    field,
    'an Azure location',
    '"westeurope"',
  );
  if (missing.length > 0) {
    return missing;
  }
  const text = location as string;
  if (LOCATION_PATTERN.test(text)) {
    return [];
  }
  const suggestion = text.toLowerCase().replace(/[^a-z0-9]/g, '');
  return [
    {
      field,
      rule: `an Azure location is the region's ARM name in lowercase letters and digits (${describeValue(
        text,
      )} is not)`,
      fix: suggestion
        ? `use "${suggestion}"`
        : 'use a region such as "westeurope"',
    },
  ];
}

export function checkNodeCount(count: unknown, field: string): RuleViolation[] {
  if (
    typeof count === 'number' &&
    Number.isInteger(count) &&
    count >= AKS_NODE_COUNT_MIN &&
    count <= AKS_NODE_COUNT_MAX
  ) {
    return [];
  }
  return [
    {
      field,
      rule: `the system node pool has ${AKS_NODE_COUNT_MIN} to ${AKS_NODE_COUNT_MAX} nodes (got ${describeValue(
        count,
      )})`,
      fix: 'use a whole number of nodes such as 3',
    },
  ];
}

/** Loose on purpose: the set of sizes differs per region and changes often. */
export function checkVmSize(size: unknown, field: string): RuleViolation[] {
  const missing = required(size, field, 'a VM size', '"Standard_D4s_v5"');
  if (missing.length > 0) {
    return missing;
  }
  if (VM_SIZE_PATTERN.test(size as string)) {
    return [];
  }
  return [
    {
      field,
      rule: `a VM size is an Azure size name such as "Standard_D4s_v5" (got ${describeValue(
        size,
      )})`,
      fix: 'write the size as Azure lists it, starting with "Standard_"',
    },
  ];
}

export function checkKubernetesVersion(
  version: unknown,
  field: string,
): RuleViolation[] {
  const missing = required(version, field, 'a Kubernetes version', '"1.33"');
  if (missing.length > 0) {
    return missing;
  }
  if (KUBERNETES_VERSION_PATTERN.test(version as string)) {
    return [];
  }
  const stripped = (version as string).trim().replace(/^v/i, '');
  return [
    {
      field,
      rule: `a Kubernetes version is "<major>.<minor>" or "<major>.<minor>.<patch>" (got ${describeValue(
        version,
      )})`,
      fix: KUBERNETES_VERSION_PATTERN.test(stripped)
        ? `use "${stripped}"`
        : 'use a version AKS offers in the region, such as "1.33" or "1.33.2"',
    },
  ];
}

const reservedRanges: Ipv4Range[] = AKS_RESERVED_RANGES.map(text => {
  const [address, prefixLength] = text.split('/');
  return rangeAt(
    ipv4ToNumber(ipaddr.IPv4.parse(address)),
    Number(prefixLength),
  );
});

/** Refuses address space AKS keeps for itself. */
export function checkNotReserved(
  range: Ipv4Range,
  field: string,
): RuleViolation[] {
  return reservedRanges
    .filter(reserved => rangesOverlap(range, reserved))
    .map(reserved => ({
      field,
      rule: `${range.text} overlaps ${reserved.text}, which AKS reserves`,
      fix: `choose a range outside ${AKS_RESERVED_RANGES.join(', ')}`,
    }));
}

/**
 * The service range and the cluster DNS address. Kubernetes' API server
 * refuses IPv4 service ranges with more than 20 host bits ("for 32-bit
 * addresses, the mask must be >= 12"), so AKS's "must be smaller than /12"
 * is read as "no larger than a /12": /12 itself is accepted, /11 is not.
 * The DNS address must lie inside the range and be neither its network
 * address nor its first address, which the `kubernetes` Service takes.
 */
export function checkServiceNetwork(
  serviceCidr: unknown,
  dnsServiceIP: unknown,
  fields: { serviceCidr: string; dnsServiceIP: string },
): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const service = parseIpv4Cidr(
    serviceCidr,
    fields.serviceCidr,
    'a service CIDR',
  );
  if (!isIpv4Range(service)) {
    violations.push(service);
  } else {
    if (service.prefixLength < 12) {
      violations.push({
        field: fields.serviceCidr,
        rule: `a service CIDR is at most a /12 (${service.text} is a /${service.prefixLength})`,
        fix: 'use a /16 such as 10.0.0.0/16',
      });
    }
    if (service.prefixLength > 30) {
      violations.push({
        field: fields.serviceCidr,
        rule: `a service CIDR needs room for the kubernetes and DNS Services (${service.text} is a /${service.prefixLength})`,
        fix: 'use a /16 such as 10.0.0.0/16',
      });
    }
    violations.push(...checkNotReserved(service, fields.serviceCidr));
  }

  const dnsMissing = required(
    dnsServiceIP,
    fields.dnsServiceIP,
    'a DNS service IP',
    '"10.0.0.10"',
  );
  if (dnsMissing.length > 0) {
    return [...violations, ...dnsMissing];
  }
  const dnsText = dnsServiceIP as string;
  if (!ipaddr.IPv4.isValidFourPartDecimal(dnsText)) {
    return [
      ...violations,
      {
        field: fields.dnsServiceIP,
        rule: `a DNS service IP is an IPv4 address (got ${describeValue(
          dnsText,
        )})`,
        fix: isIpv4Range(service)
          ? `use ${numberToIpv4(service.first + 10)}`
          : 'use an address such as 10.0.0.10',
      },
    ];
  }
  if (!isIpv4Range(service)) {
    return violations;
  }
  const dns = ipv4ToNumber(ipaddr.IPv4.parse(dnsText));
  const suggestion = `use ${numberToIpv4(service.first + 10)}`;
  if (dns < service.first || dns > service.last) {
    violations.push({
      field: fields.dnsServiceIP,
      rule: `the DNS service IP lies inside the service CIDR (${dnsText} is outside ${service.text})`,
      fix: suggestion,
    });
  } else if (dns === service.first) {
    violations.push({
      field: fields.dnsServiceIP,
      rule: `the DNS service IP must not be the network address of ${service.text}`,
      fix: suggestion,
    });
  } else if (dns === service.first + 1) {
    violations.push({
      field: fields.dnsServiceIP,
      rule: `the DNS service IP must not be the first address of ${service.text}: the kubernetes Service takes it`,
      fix: suggestion,
    });
  }
  return violations;
}

/** Cilium gives each node a /24 from the pod range; AKS may add one surge node during upgrades. */
export function checkPodCidrCapacity(
  podCidr: Ipv4Range,
  nodeCount: number,
  field: string,
): RuleViolation[] {
  const blocks =
    podCidr.prefixLength <= CILIUM_POD_MASK_SIZE
      ? 2 ** (CILIUM_POD_MASK_SIZE - podCidr.prefixLength)
      : 0;
  const needed = nodeCount + 1;
  if (blocks >= needed) {
    return [];
  }
  return [
    {
      field,
      rule: `Cilium gives every node a /${CILIUM_POD_MASK_SIZE} of the pod CIDR, so ${podCidr.text} holds ${blocks} node(s); ${nodeCount} node(s) plus one upgrade surge node need ${needed}`,
      fix: `use a larger pod range, such as a /16 (256 nodes)`,
    },
  ];
}

/** A spoke subnet holds the nodes, one upgrade surge node and the clustermesh-apiserver's internal load balancer. */
export function checkSubnetCapacity(
  prefix: Ipv4Range,
  nodeCount: number,
  field: string,
): RuleViolation[] {
  const usable =
    2 ** (32 - prefix.prefixLength) - AZURE_SUBNET_RESERVED_ADDRESSES;
  const needed = nodeCount + 2;
  if (usable >= needed) {
    return [];
  }
  return [
    {
      field,
      rule: `${prefix.text} leaves ${Math.max(
        usable,
        0,
      )} usable address(es) after Azure's ${AZURE_SUBNET_RESERVED_ADDRESSES}; ${nodeCount} node(s), one upgrade surge node and the clustermesh-apiserver internal load balancer need ${needed}`,
      fix: 'use a larger prefix, such as a /24',
    },
  ];
}

/** The virtual hub's own range: Azure refuses anything smaller than a /24. */
export function checkHubPrefix(
  prefix: Ipv4Range,
  field: string,
): RuleViolation[] {
  if (prefix.prefixLength <= 24) {
    return [];
  }
  return [
    {
      field,
      rule: `a virtual hub address prefix is a /24 or larger (${prefix.text} is a /${prefix.prefixLength})`,
      fix: 'use a /24 such as 172.21.0.0/24',
    },
  ];
}

const NETWORK_NAME_EXAMPLES = {
  'a virtual network': '"vnet-mesh-1"',
  'a virtual WAN': '"vwan-mesh"',
  'a virtual hub': '"vhub-mesh"',
};

/** Names of virtual networks, virtual WANs and virtual hubs (2–64 and 1–80 characters). */
export function checkNetworkResourceName(
  name: unknown,
  field: string,
  what: keyof typeof NETWORK_NAME_EXAMPLES,
): RuleViolation[] {
  const example = NETWORK_NAME_EXAMPLES[what];
  const missing = required(name, field, `${what} name`, example);
  if (missing.length > 0) {
    return missing;
  }
  const text = name as string;
  const [min, max] = what === 'a virtual network' ? [2, 64] : [1, 80];
  const violations: RuleViolation[] = [];
  if (text.length < min || text.length > max) {
    violations.push({
      field,
      rule: `${what} name has ${min} to ${max} characters ("${text}" has ${text.length})`,
      fix: `use a name such as ${example}`,
    });
  }
  if (!NETWORK_NAME_PATTERN.test(text)) {
    violations.push({
      field,
      rule: `${what} name uses letters, digits, "_", "." and "-", starts with a letter or digit and ends with a letter, digit or "_" ("${text}" does not)`,
      fix: `use a name such as ${example}`,
    });
  }
  return violations;
}

export function checkSubnetId(
  subnetId: unknown,
  field: string,
): RuleViolation[] {
  const example =
    '"/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>"';
  const missing = required(subnetId, field, 'a subnet id', example);
  if (missing.length > 0) {
    return missing;
  }
  if (SUBNET_ID_PATTERN.test(subnetId as string)) {
    return [];
  }
  return [
    {
      field,
      rule: `a subnet id is the subnet's full ARM resource id (got ${describeValue(
        subnetId,
      )})`,
      fix: `copy the id from the subnet's properties, shaped like ${example}`,
    },
  ];
}
