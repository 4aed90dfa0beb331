import { InputError } from '@backstage/errors';
import {
  CiliumOptions,
  formatViolations,
  isSpokeVnet,
  MeshProvisioningPlan,
  PlannedCluster,
  RuleViolation,
  SpokeNetwork,
  VirtualHubPlan,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  ArmResource,
  ArmRestClient,
  getManagedCluster,
  NETWORK_API_VERSION,
  NODE_SUBNET_NAME,
  readCiliumRelease,
  ReleaseValues,
  virtualNetworkIdOf,
} from '@meshportal/plugin-cilium-clustermesh-node';
import { ClusterAccessCache } from './clusterAccessCache';
import { RegisteredMember, registeredMesh } from './registeredMesh';
import { settleAll } from './settleAll';
import type { MeshToolkit } from './toolkit';

/** What a cluster added to the mesh gets unless the form says otherwise. */
export interface ClusterDefaults {
  location: string;
  kubernetesVersion: string;
  nodeCount: number;
  vmSize: string;
}

export interface MeshReading {
  plan: MeshProvisioningPlan;
  /** The settings of the mesh's last registered cluster. */
  clusterDefaults: ClusterDefaults;
  /** Things worth knowing that do not stop a join (mismatched names, releases not deployed). */
  notes: string[];
}

interface AgentPool {
  name?: string;
  mode?: string;
  count?: number;
  vmSize?: string;
  vnetSubnetID?: string;
}

interface ReadCluster {
  cluster: PlannedCluster;
  outboundType?: string;
  cilium?: CiliumOptions;
  /** ARM id of the spoke VNet, when the cluster has one of ours. */
  spokeVnetId?: string;
  subnetId: string;
}

const SUBNET_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i;

/**
 * The plan of a registered mesh as it runs: every cluster's AKS resource
 * (location, ranges, node pool, subnet) read through ARM, its Cilium release
 * (name, id, chart and mesh options) through Helm, and the virtual hub its
 * spokes are connected to. Only the facts a plan holds leave this function:
 * the release values carry the mesh CA key and are never returned.
 */
export async function readMeshPlan(
  toolkit: MeshToolkit,
  mesh: string,
  signal?: AbortSignal,
): Promise<MeshReading> {
  const { members } = await registeredMesh(toolkit, mesh);
  const { subscriptionId } = toolkit.azure();
  const arm = toolkit.arm();
  const accesses = new ClusterAccessCache(toolkit, signal);
  const violations: RuleViolation[] = [];
  const notes: string[] = [];

  const read = await settleAll(
    members,
    toolkit.settings.concurrency,
    async (member): Promise<ReadCluster | undefined> => {
      const at = `mesh (cluster ${member.ciliumName})`;
      const refuse = (rule: string, fix: string) => {
        violations.push({ field: at, rule, fix });
        return undefined;
      };
      const resource = await getManagedCluster(
        arm,
        subscriptionId,
        member.resourceGroup,
        member.aksName,
        { signal },
      );
      if (!resource) {
        return refuse(
          `AKS cluster ${member.aksName} does not exist in resource group ${member.resourceGroup}`,
          `remove it from the mesh with the "Remove a cluster from a Cilium ClusterMesh" template (cluster ${member.ciliumName}), then try again`,
        );
      }
      const properties = resource.properties ?? {};
      const pools = (properties.agentPoolProfiles ?? []) as AgentPool[];
      const pool =
        pools.find(p => p.mode?.toLowerCase() === 'system') ?? pools[0];
      const subnetId =
        pool?.vnetSubnetID ?? pools.find(p => p.vnetSubnetID)?.vnetSubnetID;
      const network = properties.networkProfile ?? {};
      if (!subnetId) {
        return refuse(
          `AKS cluster ${member.aksName} has no node subnet of its own (AKS manages its VNet), which a mesh plan cannot describe`,
          'mesh only clusters whose nodes are in a subnet you own (network.subnetId) or in a spoke VNet the template created',
        );
      }
      if (!network.podCidr || !network.serviceCidr || !network.dnsServiceIP) {
        return refuse(
          `AKS cluster ${member.aksName} has no podCidr, serviceCidr or dnsServiceIP in its network profile, so it is not a bring-your-own-CNI cluster with an overlay pod range`,
          'mesh only BYOCNI clusters (networkPlugin none) with a pod CIDR',
        );
      }

      const release = await readCiliumRelease(
        toolkit.helm(),
        await accesses.get(member),
        signal,
      );
      if (!release) {
        return refuse(
          `Cilium is not installed on ${member.aksName} (no helm release cilium in kube-system)`,
          'install it with the "Cilium ClusterMesh on AKS" template for this mesh',
        );
      }
      if (release.status !== 'deployed') {
        notes.push(
          `${member.aksName}: Cilium release revision ${release.revision} is ${release.status}; the next install step upgrades it`,
        );
      }
      const values = release.values;
      const named = (values.cluster ?? {}) as { name?: unknown; id?: unknown };
      const ciliumName =
        typeof named.name === 'string' ? named.name : member.ciliumName;
      if (ciliumName !== member.ciliumName) {
        notes.push(
          `${member.aksName}: registered as ${member.ciliumName} but Cilium runs as ${ciliumName}; the plan uses ${ciliumName}`,
        );
      }
      const pool0 = poolOf(values);
      if (pool0 && pool0 !== network.podCidr) {
        return refuse(
          `Cilium's pod pool on ${member.aksName} is ${pool0} but AKS's podCidr is ${network.podCidr}; a plan has one pod CIDR per cluster`,
          `install Cilium on ${member.aksName} with clusterPoolIPv4PodCIDRList [${network.podCidr}]`,
        );
      }
      const cilium = ciliumOptionsOf(release.chartVersion, values);
      if (typeof cilium === 'string') {
        return refuse(cilium, 'mesh clusters installed by the template');
      }
      const spoke = await spokeOf(arm, subnetId, member, signal);
      const cluster: PlannedCluster = {
        aksName: resource.name ?? member.aksName,
        resourceGroup: member.resourceGroup,
        location: resource.location ?? '',
        ciliumName,
        clusterId: Number(named.id ?? 0),
        podCidr: network.podCidr,
        serviceCidr: network.serviceCidr,
        dnsServiceIP: network.dnsServiceIP,
        nodeCount: pool?.count ?? 0,
        vmSize: pool?.vmSize ?? '',
        kubernetesVersion: String(properties.kubernetesVersion ?? ''),
        network: spoke?.network ?? { subnetId },
      };
      return {
        cluster,
        outboundType: network.outboundType,
        cilium,
        spokeVnetId: spoke?.vnetId,
        subnetId,
      };
    },
  );
  const clusters = read.filter((r): r is ReadCluster => r !== undefined);
  violations.push(...meshWide(clusters));
  if (violations.length > 0) {
    throw new InputError(
      `Mesh ${mesh} cannot be read as a plan:\n${formatViolations(violations)}`,
    );
  }

  const hub = await hubOf(
    arm,
    subscriptionId,
    mesh,
    clusters.flatMap(c => (c.spokeVnetId ? [c.spokeVnetId] : [])),
    signal,
  );
  for (const entry of clusters) {
    // A spoke no hub of the mesh connects is, for the plan, just a subnet.
    if (
      entry.spokeVnetId &&
      !hub?.connected.has(entry.spokeVnetId.toLowerCase())
    ) {
      entry.cluster.network = { subnetId: entry.subnetId };
      notes.push(
        `${entry.cluster.aksName}: its VNet is connected to no virtual hub of the mesh; planned as an existing subnet`,
      );
    }
  }
  const last = clusters[clusters.length - 1].cluster;
  return {
    plan: {
      mesh,
      outboundType: (clusters[0].outboundType ??
        'loadBalancer') as MeshProvisioningPlan['outboundType'],
      ...(hub && clusters.some(c => isSpokeVnet(c.cluster.network))
        ? { hub: hub.plan }
        : {}),
      cilium: clusters[0].cilium!,
      clusters: clusters.map(c => c.cluster),
    },
    clusterDefaults: {
      location: last.location,
      kubernetesVersion: last.kubernetesVersion,
      nodeCount: last.nodeCount,
      vmSize: last.vmSize,
    },
    notes,
  };
}

function poolOf(values: ReleaseValues): string | undefined {
  const ipam = values.ipam as ReleaseValues | undefined;
  const operator = ipam?.operator as ReleaseValues | undefined;
  const pools = operator?.clusterPoolIPv4PodCIDRList;
  return Array.isArray(pools) && typeof pools[0] === 'string'
    ? pools[0]
    : undefined;
}

/** The mesh options the release was installed with, or why a plan cannot hold them. */
function ciliumOptionsOf(
  chartVersion: string,
  values: ReleaseValues,
): CiliumOptions | string {
  const section = (key: string) =>
    (values[key] ?? {}) as Record<string, unknown>;
  const hubble = section('hubble');
  const relay = (hubble.relay ?? {}) as { enabled?: unknown };
  const encryption = section('encryption');
  const mesh = section('clustermesh');
  let encryptionType: CiliumOptions['encryption'] = 'none';
  if (encryption.enabled === true) {
    if (encryption.type !== 'wireguard') {
      return `Cilium encryption type ${String(
        encryption.type ?? 'ipsec',
      )} is not one the templates install (none or wireguard)`;
    }
    encryptionType = 'wireguard';
  }
  const routingMode = values.routingMode ?? 'tunnel';
  if (routingMode !== 'tunnel' && routingMode !== 'native') {
    return `Cilium routingMode ${String(routingMode)} is unknown`;
  }
  const tunnelProtocol = values.tunnelProtocol ?? 'vxlan';
  if (tunnelProtocol !== 'vxlan' && tunnelProtocol !== 'geneve') {
    return `Cilium tunnelProtocol ${String(tunnelProtocol)} is unknown`;
  }
  return {
    chartVersion,
    maxConnectedClusters: (mesh.maxConnectedClusters ??
      255) as CiliumOptions['maxConnectedClusters'],
    hubble: relay.enabled === true,
    routingMode,
    tunnelProtocol,
    ...(typeof values.ipv4NativeRoutingCIDR === 'string'
      ? { nativeRoutingCidr: values.ipv4NativeRoutingCIDR }
      : {}),
    encryption: encryptionType,
  };
}

/** One plan has one outbound type and one set of Cilium options: refuse a mesh whose clusters disagree. */
function meshWide(clusters: ReadCluster[]): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const differing = (what: string, valueOf: (c: ReadCluster) => unknown) => {
    const seen = new Map<string, string[]>();
    for (const entry of clusters) {
      const value = JSON.stringify(valueOf(entry) ?? null);
      seen.set(value, [...(seen.get(value) ?? []), entry.cluster.aksName]);
    }
    if (seen.size <= 1) return;
    violations.push({
      field: `mesh (${what})`,
      rule: `the clusters differ (${[...seen]
        .map(([value, names]) => `${names.join(', ')}: ${value}`)
        .join('; ')}), but a plan holds one value for the whole mesh`,
      fix: `make ${what} equal on every cluster first`,
    });
  };
  differing('outbound type', c => c.outboundType);
  differing('Cilium chart version', c => c.cilium?.chartVersion);
  differing('Cilium options', c => ({ ...c.cilium, chartVersion: undefined }));
  return violations;
}

/**
 * The spoke VNet the templates create for a cluster (`vnet-<aksName>` in its
 * resource group, one `nodes` subnet spanning it); any other subnet is the
 * plan's `{ subnetId }`.
 */
async function spokeOf(
  arm: ArmRestClient,
  subnetId: string,
  member: RegisteredMember,
  signal?: AbortSignal,
): Promise<{ network: SpokeNetwork; vnetId: string } | undefined> {
  const parts = SUBNET_ID.exec(subnetId);
  if (
    !parts ||
    parts[1].toLowerCase() !== member.resourceGroup.toLowerCase() ||
    parts[2].toLowerCase() !== `vnet-${member.aksName}`.toLowerCase() ||
    parts[3].toLowerCase() !== NODE_SUBNET_NAME
  ) {
    return undefined;
  }
  const vnetId = virtualNetworkIdOf(subnetId);
  const vnet = await arm.get(vnetId, NETWORK_API_VERSION, { signal });
  const subnets = (vnet?.properties?.subnets ?? []) as {
    name?: string;
    properties?: { addressPrefix?: string; addressPrefixes?: string[] };
  }[];
  const space = (
    vnet?.properties?.addressSpace as { addressPrefixes?: string[] } | undefined
  )?.addressPrefixes;
  const prefix =
    subnets[0]?.properties?.addressPrefix ??
    subnets[0]?.properties?.addressPrefixes?.[0];
  if (
    !vnet ||
    subnets.length !== 1 ||
    subnets[0].name?.toLowerCase() !== NODE_SUBNET_NAME ||
    !prefix ||
    space?.length !== 1 ||
    space[0] !== prefix
  ) {
    return undefined;
  }
  return {
    network: { vnetName: vnet.name ?? parts[2], addressPrefix: prefix },
    vnetId: vnet.id ?? vnetId,
  };
}

/**
 * The virtual hub the mesh's spokes are connected to: the plan action's
 * default (`vhub-<mesh>` in `rg-<mesh>-hub`) when it connects one of them,
 * else the first hub of the subscription that does (meshes planned with a
 * name prefix).
 */
async function hubOf(
  arm: ArmRestClient,
  subscriptionId: string,
  mesh: string,
  spokeVnetIds: string[],
  signal?: AbortSignal,
): Promise<{ plan: VirtualHubPlan; connected: Set<string> } | undefined> {
  if (spokeVnetIds.length === 0) return undefined;
  const spokes = new Set(spokeVnetIds.map(id => id.toLowerCase()));
  const connectedSpokes = async (hub: ArmResource) => {
    const connections = await arm.get<{
      value?: { properties?: { remoteVirtualNetwork?: { id?: string } } }[];
    }>(`${hub.id}/hubVirtualNetworkConnections`, NETWORK_API_VERSION, {
      signal,
    });
    return new Set(
      (connections?.value ?? [])
        .map(c => c.properties?.remoteVirtualNetwork?.id?.toLowerCase() ?? '')
        .filter(id => spokes.has(id)),
    );
  };
  const hubPlan = (hub: ArmResource): VirtualHubPlan => {
    const wanId =
      (hub.properties?.virtualWan as { id?: string } | undefined)?.id ?? '';
    return {
      resourceGroup:
        /\/resourceGroups\/([^/]+)\//i.exec(hub.id ?? '')?.[1] ?? '',
      location: hub.location ?? '',
      virtualWanName: wanId.split('/').pop() ?? '',
      hubName: hub.name ?? '',
      addressPrefix: String(hub.properties?.addressPrefix ?? ''),
    };
  };
  const defaultHub = await arm.get(
    `/subscriptions/${subscriptionId}/resourceGroups/rg-${mesh}-hub/providers/Microsoft.Network/virtualHubs/vhub-${mesh}`,
    NETWORK_API_VERSION,
    { signal },
  );
  if (defaultHub?.id) {
    const connected = await connectedSpokes(defaultHub);
    if (connected.size > 0) return { plan: hubPlan(defaultHub), connected };
  }
  const all = await arm.get<{ value?: ArmResource[] }>(
    `/subscriptions/${subscriptionId}/providers/Microsoft.Network/virtualHubs`,
    NETWORK_API_VERSION,
    { signal },
  );
  for (const hub of all?.value ?? []) {
    if (!hub.id || hub.id.toLowerCase() === defaultHub?.id?.toLowerCase()) {
      continue;
    }
    const connected = await connectedSpokes(hub);
    if (connected.size > 0) return { plan: hubPlan(hub), connected };
  }
  return undefined;
}
