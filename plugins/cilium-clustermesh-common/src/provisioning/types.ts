/**
 * What the provisioning actions build: AKS BYOCNI clusters in spoke VNets
 * joined by a virtual WAN hub, each running Cilium from Helm and meshed.
 * Shared by the scaffolder actions, the backend and the -node I/O code.
 */

/** Where a cluster's nodes live. */
export type SpokeNetwork =
  /** An existing node subnet (ARM id). */
  | { subnetId: string }
  /** A spoke VNet we create (one subnet "nodes" = whole prefix). */
  | { vnetName: string; addressPrefix: string };

export interface PlannedCluster {
  /** AKS managed cluster (ARM resource name); also used as its dnsPrefix. */
  aksName: string;
  resourceGroup: string;
  location: string;
  /** Cilium cluster.name. */
  ciliumName: string;
  /** Cilium cluster.id. */
  clusterId: number;
  /** AKS networkProfile.podCidr == Cilium clusterPoolIPv4PodCIDRList[0]. */
  podCidr: string;
  serviceCidr: string;
  dnsServiceIP: string;
  nodeCount: number;
  vmSize: string;
  kubernetesVersion: string;
  network: SpokeNetwork;
}

/** The seed's virtual WAN + hub that connects the spokes. */
export interface VirtualHubPlan {
  resourceGroup: string;
  location: string;
  virtualWanName: string;
  hubName: string;
  /** ≥ /24, no overlap with spokes/pods/services. */
  addressPrefix: string;
}

export interface CiliumOptions {
  /** e.g. '1.20.0' */
  chartVersion: string;
  maxConnectedClusters: 255 | 511;
  /** hubble.relay + hubble.ui */
  hubble: boolean;
  routingMode: 'tunnel' | 'native';
  /** Used when routingMode is tunnel. */
  tunnelProtocol: 'vxlan' | 'geneve';
  /** Required when routingMode is native (ipv4NativeRoutingCIDR). */
  nativeRoutingCidr?: string;
  encryption: 'none' | 'wireguard';
}

export interface MeshProvisioningPlan {
  /** Mesh name (lowercase DNS label), also the catalog entity name. */
  mesh: string;
  outboundType:
    | 'loadBalancer'
    | 'userDefinedRouting'
    | 'managedNATGateway'
    | 'userAssignedNATGateway';
  /** Absent when every cluster uses an existing subnet. */
  hub?: VirtualHubPlan;
  cilium: CiliumOptions;
  clusters: PlannedCluster[];
}

export type SpokeVnet = Extract<SpokeNetwork, { vnetName: string }>;

/** Whether the cluster's nodes go into a spoke VNet we create. */
export function isSpokeVnet(network: SpokeNetwork): network is SpokeVnet {
  return (network as Partial<SpokeVnet>)?.vnetName !== undefined;
}
