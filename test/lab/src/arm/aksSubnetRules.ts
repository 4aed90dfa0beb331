import { invalidAksParameter } from './aksRules';
import { ArmError } from './errors';
import { objectAt } from './http';
import { Ipv4Block, blocksOverlap, parseIpv4Block } from './ipv4';
import { parseNetworkResourceId } from './network/resourceIds';

export interface VirtualNetworkOfSubnet {
  name: string;
  addressBlocks: Ipv4Block[];
  subnets: { name: string; blocks: Ipv4Block[] }[];
}

/** How AKS finds the subnet an agent pool's `vnetSubnetID` names. */
export interface SubnetLookup {
  /** The virtual network holding the subnet; undefined when there is no such subnet. */
  virtualNetworkOfSubnet(subnetId: string): VirtualNetworkOfSubnet | undefined;
}

/**
 * AKS's checks of bring-your-own subnets: each `vnetSubnetID` must name an
 * existing subnet, and the cluster's pod and service ranges must stay clear of
 * that subnet's virtual network (use-byo-cni.md: they "must not overlap with
 * the virtual network").
 */
export function checkAgentPoolSubnets(
  properties: Record<string, unknown>,
  subnets: SubnetLookup,
): void {
  const pools = Array.isArray(properties.agentPoolProfiles)
    ? (properties.agentPoolProfiles as Record<string, unknown>[])
    : [];
  const virtualNetworks = new Set<VirtualNetworkOfSubnet>();
  pools.forEach((pool, index) => {
    if (typeof pool.vnetSubnetID !== 'string') return;
    virtualNetworks.add(
      requireSubnet(
        pool.vnetSubnetID,
        `agentPoolProfiles[${index}].vnetSubnetID`,
        subnets,
      ),
    );
  });
  const networkProfile = objectAt(properties, 'networkProfile');
  for (const virtualNetwork of virtualNetworks) {
    checkClusterRange(networkProfile, 'podCidr', virtualNetwork);
    checkClusterRange(networkProfile, 'serviceCidr', virtualNetwork);
  }
}

function requireSubnet(
  subnetId: string,
  target: string,
  subnets: SubnetLookup,
): VirtualNetworkOfSubnet {
  const parsed = parseNetworkResourceId(subnetId);
  if (
    parsed?.type.toLowerCase() !== 'virtualnetworks' ||
    parsed.childType?.toLowerCase() !== 'subnets'
  ) {
    throw invalidAksParameter(
      target,
      `'${subnetId}' is not a valid subnet resource ID.`,
    );
  }
  const virtualNetwork = subnets.virtualNetworkOfSubnet(subnetId);
  if (!virtualNetwork) {
    // AKS's SubnetNotFound wording, under the lab's InvalidParameter envelope.
    throw invalidAksParameter(
      target,
      `Could not find subnet ${parsed.childName} in vnet ${parsed.name} from resource group ${parsed.resourceGroup} of subscription ${parsed.subscriptionId}.`,
    );
  }
  return virtualNetwork;
}

const RANGE_KINDS = {
  podCidr: { kind: 'pod', code: 'PodCidrOverlapExistingSubnetsCidr' },
  serviceCidr: {
    kind: 'service',
    code: 'ServiceCidrOverlapExistingSubnetsCidr',
  },
};

/**
 * A range that collides with a subnet gets AKS's own error code; one that
 * only collides with the rest of the address space gets InvalidParameter.
 */
function checkClusterRange(
  networkProfile: Record<string, unknown>,
  key: keyof typeof RANGE_KINDS,
  virtualNetwork: VirtualNetworkOfSubnet,
): void {
  const text = networkProfile[key];
  // An unparseable range was already refused by checkNetworkProfile.
  const block = typeof text === 'string' ? parseIpv4Block(text) : undefined;
  if (!block) return;
  const target = `networkProfile.${key}`;
  const { kind, code } = RANGE_KINDS[key];
  const subnetBlock = virtualNetwork.subnets
    .flatMap(subnet => subnet.blocks)
    .find(candidate => blocksOverlap(candidate, block));
  if (subnetBlock) {
    throw new ArmError(
      400,
      code,
      `The specified ${kind} CIDR ${block.text} is conflicted with an existing subnet CIDR ${subnetBlock.text}`,
      target,
    );
  }
  const spaceBlock = virtualNetwork.addressBlocks.find(candidate =>
    blocksOverlap(candidate, block),
  );
  if (spaceBlock) {
    throw invalidAksParameter(
      target,
      `The ${kind} CIDR ${block.text} overlaps address prefix ${spaceBlock.text} of virtual network '${virtualNetwork.name}'; it must not overlap the cluster's virtual network.`,
    );
  }
}
