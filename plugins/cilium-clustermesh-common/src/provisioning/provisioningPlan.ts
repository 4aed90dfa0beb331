import { MAX_CONNECTED_CLUSTERS_VALUES } from '../rules/clusterIdentity';
import { checkMeshPlan } from '../rules/meshPlan';
import { RuleViolation } from '../rules/violation';
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
} from './aksRules';
import {
  describeValue,
  Ipv4Range,
  isIpv4Range,
  parseIpv4Cidr,
  rangeContains,
  rangesOverlap,
} from './ipv4';
import {
  CiliumOptions,
  isSpokeVnet,
  MeshProvisioningPlan,
  PlannedCluster,
} from './types';

export interface ProvisioningPlanOptions {
  /** Chart versions whose values schema the portal knows (e.g. 1.16.19, 1.19.6, 1.20.0). */
  chartVersions: string[];
}

const OUTBOUND_TYPES: MeshProvisioningPlan['outboundType'][] = [
  'loadBalancer',
  'userDefinedRouting',
  'managedNATGateway',
  'userAssignedNATGateway',
];
const TUNNEL_PROTOCOLS: CiliumOptions['tunnelProtocol'][] = ['vxlan', 'geneve'];
const ENCRYPTION_TYPES: CiliumOptions['encryption'][] = ['none', 'wireguard'];

type RangeKind = 'pod' | 'service' | 'vnet' | 'hub';

interface PlannedRange {
  kind: RangeKind;
  field: string;
  range: Ipv4Range;
}

const RANGE_LABEL: Record<RangeKind, string> = {
  pod: 'pod CIDR',
  service: 'service CIDR',
  vnet: 'spoke VNet prefix',
  hub: 'hub prefix',
};

/**
 * Everything that must be refused before any Azure or Helm call: Cilium's
 * mesh rules (names, ids, maxConnectedClusters, pod ranges), AKS and Azure
 * naming and network rules, and one address plan in which no pod range,
 * spoke VNet, hub or service range collides with another. Service ranges
 * may repeat across clusters: they never leave a cluster.
 */
export function checkProvisioningPlan(
  plan: MeshProvisioningPlan,
  options: ProvisioningPlanOptions,
): RuleViolation[] {
  const violations: RuleViolation[] = [];
  // Fields reported as missing: other rules about them, or about their
  // parts, would only repeat it (or print "undefined").
  const missing = new Set<string>();
  const requiredViolations = new Set<RuleViolation>();
  const requireValue = (present: boolean, field: string, what: string) => {
    if (!present) {
      const violation = {
        field,
        rule: `${what} is required`,
        fix: `set ${field}`,
      };
      missing.add(field);
      requiredViolations.add(violation);
      violations.push(violation);
    }
  };
  const insideMissing = (field: string) =>
    [...missing].some(
      m => field.startsWith(`${m}.`) || field.startsWith(`${m}[`),
    );
  const keep = (v: RuleViolation) =>
    !insideMissing(v.field) &&
    (requiredViolations.has(v) || !missing.has(v.field));

  violations.push(...checkMeshName(plan.mesh, 'mesh'));
  if (!(OUTBOUND_TYPES as unknown[]).includes(plan.outboundType)) {
    violations.push({
      field: 'outboundType',
      rule: `the outbound type is one of ${OUTBOUND_TYPES.join(
        ', ',
      )} (got ${describeValue(plan.outboundType)})`,
      fix: 'use loadBalancer unless the spokes route egress through a firewall or NAT gateway',
    });
  }

  const hasCilium = typeof plan.cilium === 'object' && plan.cilium !== null;
  const cilium: Partial<CiliumOptions> = hasCilium ? plan.cilium : {};
  requireValue(
    hasCilium,
    'cilium',
    'the cilium section (chart version and options)',
  );
  violations.push(...checkCiliumOptions(cilium, options));

  const listed: unknown[] = Array.isArray(plan.clusters) ? plan.clusters : [];
  requireValue(Array.isArray(plan.clusters), 'clusters', 'the cluster list');
  listed.forEach((cluster, index) =>
    requireValue(
      typeof cluster === 'object' && cluster !== null,
      `clusters[${index}]`,
      'a cluster',
    ),
  );
  const clusters: Partial<PlannedCluster>[] = listed.map(cluster =>
    typeof cluster === 'object' && cluster !== null ? cluster : {},
  );
  clusters.forEach((cluster, index) => {
    const at = `clusters[${index}]`;
    requireValue(
      typeof cluster.clusterId === 'number',
      `${at}.clusterId`,
      'a Cilium cluster id',
    );
    requireValue(
      typeof cluster.podCidr === 'string' && cluster.podCidr !== '',
      `${at}.podCidr`,
      'a pod CIDR',
    );
    requireValue(
      typeof cluster.serviceCidr === 'string' && cluster.serviceCidr !== '',
      `${at}.serviceCidr`,
      'a service CIDR',
    );
    requireValue(
      typeof cluster.network === 'object' && cluster.network !== null,
      `${at}.network`,
      'a network ({ subnetId } or { vnetName, addressPrefix })',
    );
  });

  violations.push(...ciliumMeshViolations(cilium, clusters));
  clusters.forEach((cluster, index) => {
    violations.push(...checkClusterAzure(cluster, `clusters[${index}]`));
  });
  violations.push(
    ...uniqueWithin(
      clusters,
      c => c.resourceGroup,
      c => c.aksName,
      'aksName',
      'AKS cluster names are unique within a resource group',
    ),
    ...uniqueWithin(
      clusters,
      c => c.resourceGroup,
      c => (c.network && isSpokeVnet(c.network) ? c.network.vnetName : ''),
      'network.vnetName',
      'spoke VNet names are unique within a resource group',
    ),
  );
  violations.push(...checkHub(plan, clusters));

  const ranges = plannedRanges(plan, clusters, violations);
  violations.push(...checkAddressSpace(ranges));
  violations.push(...checkRouting(cilium, ranges));

  return dedupe(violations.filter(keep));
}

function checkCiliumOptions(
  cilium: Partial<CiliumOptions>,
  options: ProvisioningPlanOptions,
): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (!options.chartVersions.includes(cilium.chartVersion as string)) {
    violations.push({
      field: 'cilium.chartVersion',
      rule: `Cilium chart ${describeValue(
        cilium.chartVersion,
      )} has no values schema here`,
      fix:
        options.chartVersions.length > 0
          ? `choose one of ${options.chartVersions.join(', ')}`
          : 'ask an administrator to configure the supported Cilium chart versions',
    });
  }
  if (typeof cilium.hubble !== 'boolean') {
    violations.push({
      field: 'cilium.hubble',
      rule: `hubble is true or false (got ${describeValue(cilium.hubble)})`,
      fix: 'set it to true to install Hubble Relay and UI',
    });
  }
  if (!(ENCRYPTION_TYPES as unknown[]).includes(cilium.encryption)) {
    violations.push({
      field: 'cilium.encryption',
      rule: `encryption is ${ENCRYPTION_TYPES.join(
        ' or ',
      )} (got ${describeValue(cilium.encryption)})`,
      fix: 'use wireguard to encrypt pod traffic between nodes and clusters, or none',
    });
  }
  if (
    cilium.routingMode === 'tunnel' &&
    !(TUNNEL_PROTOCOLS as unknown[]).includes(cilium.tunnelProtocol)
  ) {
    violations.push({
      field: 'cilium.tunnelProtocol',
      rule: `the tunnel protocol is ${TUNNEL_PROTOCOLS.join(
        ' or ',
      )} (got ${describeValue(cilium.tunnelProtocol)})`,
      fix: 'use vxlan (8472/UDP between node subnets) unless you need geneve (6081/UDP)',
    });
  }
  return violations;
}

/** The existing Cilium mesh rules, with their fields renamed to the plan's. */
function ciliumMeshViolations(
  cilium: Partial<CiliumOptions>,
  clusters: Partial<PlannedCluster>[],
): RuleViolation[] {
  const maxConnected =
    typeof cilium.maxConnectedClusters === 'number'
      ? cilium.maxConnectedClusters
      : NaN;
  const violations = checkMeshPlan({
    maxConnectedClusters: maxConnected,
    clusters: clusters.map(cluster => ({
      name: typeof cluster.ciliumName === 'string' ? cluster.ciliumName : '',
      id: typeof cluster.clusterId === 'number' ? cluster.clusterId : NaN,
      podCidr: typeof cluster.podCidr === 'string' ? cluster.podCidr : '',
      serviceCidr:
        typeof cluster.serviceCidr === 'string' ? cluster.serviceCidr : '',
    })),
  });
  const rename = (text: string) =>
    text
      .replace(/^maxConnectedClusters$/, 'cilium.maxConnectedClusters')
      .replace(/(clusters\[\d+\])\.name\b/g, '$1.ciliumName')
      .replace(/(clusters\[\d+\])\.id\b/g, '$1.clusterId');
  return violations.map(v => {
    if (v.field === 'maxConnectedClusters' && Number.isNaN(maxConnected)) {
      return {
        field: 'cilium.maxConnectedClusters',
        rule: `maxConnectedClusters is either ${MAX_CONNECTED_CLUSTERS_VALUES.join(
          ' or ',
        )} (got ${describeValue(cilium.maxConnectedClusters)})`,
        fix: 'use 255 unless the mesh needs more than 255 clusters; it cannot be changed after install',
      };
    }
    return { field: rename(v.field), rule: rename(v.rule), fix: rename(v.fix) };
  });
}

function checkClusterAzure(
  cluster: Partial<PlannedCluster>,
  at: string,
): RuleViolation[] {
  const violations = [
    ...checkAksClusterName(cluster.aksName, `${at}.aksName`),
    ...checkResourceGroupName(cluster.resourceGroup, `${at}.resourceGroup`),
    ...checkLocation(cluster.location, `${at}.location`),
    ...checkNodeCount(cluster.nodeCount, `${at}.nodeCount`),
    ...checkVmSize(cluster.vmSize, `${at}.vmSize`),
    ...checkKubernetesVersion(
      cluster.kubernetesVersion,
      `${at}.kubernetesVersion`,
    ),
    ...checkServiceNetwork(cluster.serviceCidr, cluster.dnsServiceIP, {
      serviceCidr: `${at}.serviceCidr`,
      dnsServiceIP: `${at}.dnsServiceIP`,
    }),
  ];
  const network = cluster.network;
  if (typeof network !== 'object' || network === null) {
    return violations;
  }
  if (isSpokeVnet(network)) {
    violations.push(
      ...checkNetworkResourceName(
        network.vnetName,
        `${at}.network.vnetName`,
        'a virtual network',
      ),
    );
  } else if ('subnetId' in network) {
    violations.push(
      ...checkSubnetId(network.subnetId, `${at}.network.subnetId`),
    );
  } else {
    violations.push({
      field: `${at}.network`,
      rule: 'a network is either { subnetId } (an existing node subnet) or { vnetName, addressPrefix } (a spoke VNet to create)',
      fix: 'set one of the two forms',
    });
  }
  return violations;
}

/** Reports every later cluster whose `key` repeats an earlier one's within the same `scope` (case-insensitive, like ARM). */
function uniqueWithin(
  clusters: Partial<PlannedCluster>[],
  scope: (cluster: Partial<PlannedCluster>) => string | undefined,
  key: (cluster: Partial<PlannedCluster>) => string | undefined,
  property: string,
  rule: string,
): RuleViolation[] {
  const first = new Map<string, number>();
  const violations: RuleViolation[] = [];
  clusters.forEach((cluster, index) => {
    const scopeValue = scope(cluster);
    const keyValue = key(cluster);
    if (!scopeValue || !keyValue) {
      return;
    }
    const id = `${scopeValue.toLowerCase()}\u0000${keyValue.toLowerCase()}`;
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, index);
      return;
    }
    violations.push({
      field: `clusters[${index}].${property}`,
      rule: `${rule} ("${keyValue}" is also used by clusters[${earlier}] in resource group "${scopeValue}")`,
      fix: `change clusters[${index}].${property} or put the cluster in another resource group`,
    });
  });
  return violations;
}

function checkHub(
  plan: MeshProvisioningPlan,
  clusters: Partial<PlannedCluster>[],
): RuleViolation[] {
  const hub = plan.hub;
  if (hub === undefined || hub === null) {
    const spokes = clusters
      .map((cluster, index) =>
        cluster.network && isSpokeVnet(cluster.network) ? index : -1,
      )
      .filter(index => index >= 0);
    if (spokes.length === 0) {
      return [];
    }
    return [
      {
        field: 'hub',
        rule: `a virtual hub is required to connect the spoke VNets the plan creates (clusters[${spokes.join(
          '], clusters[',
        )}])`,
        fix: 'add a hub with a /24 address prefix, or give those clusters an existing subnetId',
      },
    ];
  }
  return [
    ...checkResourceGroupName(hub.resourceGroup, 'hub.resourceGroup'),
    ...checkLocation(hub.location, 'hub.location'),
    ...checkNetworkResourceName(
      hub.virtualWanName,
      'hub.virtualWanName',
      'a virtual WAN',
    ),
    ...checkNetworkResourceName(hub.hubName, 'hub.hubName', 'a virtual hub'),
  ];
}

/** Parses every range the plan names; adds a violation for each malformed one that checkMeshPlan does not already cover. */
function plannedRanges(
  plan: MeshProvisioningPlan,
  clusters: Partial<PlannedCluster>[],
  violations: RuleViolation[],
): PlannedRange[] {
  const ranges: PlannedRange[] = [];
  const add = (kind: RangeKind, value: unknown, field: string) => {
    const parsed = parseIpv4Cidr(value, field, `a ${RANGE_LABEL[kind]}`);
    if (isIpv4Range(parsed)) {
      ranges.push({ kind, field, range: parsed });
    } else {
      violations.push(parsed);
    }
  };
  if (plan.hub) {
    add('hub', plan.hub.addressPrefix, 'hub.addressPrefix');
  }
  clusters.forEach((cluster, index) => {
    const at = `clusters[${index}]`;
    if (cluster.network && isSpokeVnet(cluster.network)) {
      add('vnet', cluster.network.addressPrefix, `${at}.network.addressPrefix`);
    }
    add('pod', cluster.podCidr, `${at}.podCidr`);
    if (typeof cluster.serviceCidr === 'string') {
      // Parsed (and reported) by checkServiceNetwork; only keep it here.
      const parsed = parseIpv4Cidr(
        cluster.serviceCidr,
        `${at}.serviceCidr`,
        '',
      );
      if (isIpv4Range(parsed)) {
        ranges.push({
          kind: 'service',
          field: `${at}.serviceCidr`,
          range: parsed,
        });
      }
    }
  });
  for (const { kind, field, range } of ranges) {
    violations.push(...checkNotReserved(range, field));
    if (kind === 'hub') {
      violations.push(...checkHubPrefix(range, field));
    }
  }
  clusters.forEach((cluster, index) => {
    if (
      typeof cluster.nodeCount !== 'number' ||
      checkNodeCount(cluster.nodeCount, '').length > 0
    ) {
      return;
    }
    const at = `clusters[${index}]`;
    for (const { field, range } of ranges) {
      if (field === `${at}.podCidr`) {
        violations.push(
          ...checkPodCidrCapacity(range, cluster.nodeCount, field),
        );
      } else if (field === `${at}.network.addressPrefix`) {
        violations.push(
          ...checkSubnetCapacity(range, cluster.nodeCount, field),
        );
      }
    }
  });
  return ranges;
}

/**
 * Pairwise overlaps that checkMeshPlan does not cover. Pod–pod and
 * pod–service are its rules; service–service is allowed. A clash involving
 * a service range is reported on the service range, any other on the range
 * listed later (hub first, then each cluster's VNet, pods, services).
 */
function checkAddressSpace(ranges: PlannedRange[]): RuleViolation[] {
  const violations: RuleViolation[] = [];
  ranges.forEach((a, i) => {
    for (const b of ranges.slice(i + 1)) {
      const kinds = new Set([a.kind, b.kind]);
      const coveredByMeshPlan =
        (kinds.size === 1 && a.kind === 'pod') ||
        (kinds.has('pod') && kinds.has('service'));
      const allowed = kinds.size === 1 && a.kind === 'service';
      if (coveredByMeshPlan || allowed || !rangesOverlap(a.range, b.range)) {
        continue;
      }
      const [reported, other] = a.kind === 'service' ? [a, b] : [b, a];
      violations.push({
        field: reported.field,
        rule: `${RANGE_LABEL[reported.kind]} ${reported.range.text} overlaps ${
          other.field
        } (${RANGE_LABEL[other.kind]} ${
          other.range.text
        }); VNet, hub and pod ranges must be unique, and service ranges must stay clear of them`,
        fix: `move ${reported.field} or ${other.field} to free address space`,
      });
    }
  });
  return violations;
}

/**
 * The values always set `aksbyocni.enabled`, and the Cilium chart refuses
 * any routing mode but tunnel with it ("RoutingMode must be set to tunnel
 * when aksbyocni.enabled=true"); Azure would not route pod ranges between
 * spokes anyway, since BYOCNI clusters get no route table. So native routing
 * is refused here rather than by a failed `helm install` on fresh clusters.
 */
function checkRouting(
  cilium: Partial<CiliumOptions>,
  ranges: PlannedRange[],
): RuleViolation[] {
  if (cilium.routingMode === 'native') {
    return [
      {
        field: 'cilium.routingMode',
        rule: 'AKS BYOCNI clusters run Cilium with aksbyocni.enabled, which only supports routingMode tunnel (and Azure does not route pod ranges between spokes)',
        fix: 'use routingMode tunnel with tunnelProtocol vxlan or geneve, and drop nativeRoutingCidr',
      },
    ];
  }
  if (cilium.routingMode !== 'tunnel') {
    return [
      {
        field: 'cilium.routingMode',
        rule: `the routing mode is tunnel or native (got ${describeValue(
          cilium.routingMode,
        )})`,
        fix: 'use tunnel',
      },
    ];
  }
  return checkNativeRouting(
    cilium,
    ranges
      .filter(r => r.kind === 'pod')
      .map(r => ({ field: r.field, range: r.range })),
  );
}

/**
 * `nativeRoutingCidr` is set exactly when routingMode is native, and then
 * contains every pod range: Cilium masquerades traffic to anything outside
 * it, which would hide pod addresses from the other clusters.
 */
export function checkNativeRouting(
  cilium: Pick<Partial<CiliumOptions>, 'routingMode' | 'nativeRoutingCidr'>,
  podRanges: { field: string; range: Ipv4Range }[],
): RuleViolation[] {
  const field = 'cilium.nativeRoutingCidr';
  const set =
    cilium.nativeRoutingCidr !== undefined && cilium.nativeRoutingCidr !== '';
  if (cilium.routingMode !== 'native') {
    return set
      ? [
          {
            field,
            rule: `nativeRoutingCidr is only used with routingMode native (routingMode is ${describeValue(
              cilium.routingMode,
            )})`,
            fix: 'remove nativeRoutingCidr',
          },
        ]
      : [];
  }
  const parsed = parseIpv4Cidr(
    cilium.nativeRoutingCidr,
    field,
    'nativeRoutingCidr (required with routingMode native)',
  );
  if (!isIpv4Range(parsed)) {
    return [parsed];
  }
  return podRanges
    .filter(pod => !rangeContains(parsed, pod.range))
    .map(pod => ({
      field,
      rule: `nativeRoutingCidr ${parsed.text} must contain every pod CIDR, and ${pod.field} (${pod.range.text}) is outside it`,
      fix: 'widen nativeRoutingCidr, for example to 10.0.0.0/8 when the pod ranges are 10.x.0.0/16',
    }));
}

function dedupe(violations: RuleViolation[]): RuleViolation[] {
  const seen = new Set<string>();
  return violations.filter(v => {
    const key = `${v.field}\u0000${v.rule}\u0000${v.fix}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
