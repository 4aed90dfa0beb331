import { ArmError } from '../errors';
import { Ipv4Block } from '../ipv4';
import { newEtag } from './networkOperations';
import { NetworkState, SubnetRecord } from './networkState';
import { SUBNET_TYPE } from './resourceIds';
import {
  AddressRange,
  checkSubnetRange,
  parseAddressPrefix,
  subnetPrefixes,
} from './rules';

/** A subnet as a request defines it, checked against its virtual network. */
export interface SubnetDefinition {
  id: string;
  name: string;
  properties: Record<string, unknown>;
  blocks: Ipv4Block[];
}

/**
 * Checks a subnet's prefixes: valid CIDRs, inside the virtual network, clear
 * of `siblings`. `target` is the path of its `properties` in the request body.
 */
export function defineSubnet(
  name: string,
  properties: Record<string, unknown>,
  virtualNetwork: { id: string; name: string; addressBlocks: Ipv4Block[] },
  siblings: AddressRange[],
  target: string,
): SubnetDefinition {
  const id = `${virtualNetwork.id}/subnets/${name}`;
  const prefixes = subnetPrefixes(properties);
  const blocks = prefixes.values.map((value, index) => {
    const prefixTarget = `${target}.${prefixes.targets[index]}`;
    const block = parseAddressPrefix(value, id, prefixTarget);
    checkSubnetRange(
      { name, blocks: [block] },
      { name: virtualNetwork.name, blocks: virtualNetwork.addressBlocks },
      siblings,
      prefixTarget,
    );
    return block;
  });
  return { id, name, properties, blocks };
}

/** The record for a definition: the existing one, updated, or a new one. */
export function toSubnetRecord(
  definition: SubnetDefinition,
  previous: SubnetRecord | undefined,
): SubnetRecord {
  if (previous) {
    return Object.assign(previous, {
      properties: definition.properties,
      blocks: definition.blocks,
    });
  }
  return { ...definition, provisioningState: 'Updating', etag: newEtag() };
}

export function findSubnet<S extends { name: string }>(
  subnets: S[],
  name: string,
): S | undefined {
  return subnets.find(
    subnet => subnet.name.toLowerCase() === name.toLowerCase(),
  );
}

/** Azure refuses to delete a subnet something still sits in (here: managed clusters' nodes). */
export function checkSubnetUnused(
  subnet: SubnetRecord,
  state: NetworkState,
): void {
  const users = state.usersOfSubnet(subnet);
  if (users.length > 0) {
    throw new ArmError(
      400,
      'InUseSubnetCannotBeDeleted',
      `Subnet ${subnet.name} is in use by ${users.join(
        ', ',
      )} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
    );
  }
}

export function renderSubnet(subnet: SubnetRecord): Record<string, unknown> {
  return {
    name: subnet.name,
    id: subnet.id,
    etag: subnet.etag,
    type: SUBNET_TYPE,
    properties: {
      delegations: [],
      privateEndpointNetworkPolicies: 'Disabled',
      privateLinkServiceNetworkPolicies: 'Enabled',
      ...subnet.properties,
      provisioningState: subnet.provisioningState,
    },
  };
}
