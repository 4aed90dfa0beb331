import { ArmError, invalidParameter } from '../errors';
import {
  Ipv4Block,
  blockWithin,
  blocksOverlap,
  formatIpv4Address,
  parseIpv4Address,
  parseIpv4Block,
} from '../ipv4';

/**
 * An address prefix as Microsoft.Network reads it: missing, malformed, or with
 * host bits set (`10.1.0.1/16`) are three different 400s.
 */
export function parseAddressPrefix(
  value: unknown,
  resourceId: string,
  target: string,
): Ipv4Block {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ArmError(
      400,
      'AddressPrefixStringCannotBeNullOrEmpty',
      `Address prefix string for resource ${resourceId} cannot be null or empty.`,
      target,
    );
  }
  const block = parseIpv4Block(value);
  if (!block) {
    throw new ArmError(
      400,
      'InvalidAddressPrefixFormat',
      `Address prefix ${value} of resource ${resourceId} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.`,
      target,
    );
  }
  if (parseIpv4Address(value.split('/')[0]) !== block.first) {
    throw new ArmError(
      400,
      'InvalidCIDRNotation',
      `The address prefix ${value} in resource ${resourceId} has an invalid CIDR notation. For the given prefix length, the address prefix should be ${formatIpv4Address(
        block.first,
      )}/${block.prefixLength}.`,
      target,
    );
  }
  return block;
}

/** The prefixes a subnet body carries: `addressPrefixes` if given, else `addressPrefix`. */
export function subnetPrefixes(properties: Record<string, unknown>): {
  values: unknown[];
  targets: string[];
} {
  if (
    Array.isArray(properties.addressPrefixes) &&
    properties.addressPrefixes.length > 0
  ) {
    return {
      values: properties.addressPrefixes,
      targets: properties.addressPrefixes.map(
        (_, index) => `addressPrefixes[${index}]`,
      ),
    };
  }
  return { values: [properties.addressPrefix], targets: ['addressPrefix'] };
}

export interface AddressRange {
  name: string;
  blocks: Ipv4Block[];
}

/** A subnet must lie inside its virtual network and clear of its siblings. */
export function checkSubnetRange(
  subnet: AddressRange,
  virtualNetwork: AddressRange,
  siblings: AddressRange[],
  target: string,
): void {
  const outside = subnet.blocks.some(
    block => !virtualNetwork.blocks.some(space => blockWithin(block, space)),
  );
  if (outside) {
    throw new ArmError(
      400,
      'NetcfgSubnetRangeOutsideVnet',
      `Subnet '${subnet.name}' is not valid because its IP address range is outside the IP address range of virtual network '${virtualNetwork.name}'.`,
      target,
    );
  }
  if (
    siblings.some(
      sibling => overlapping(subnet.blocks, sibling.blocks).length > 0,
    )
  ) {
    throw new ArmError(
      400,
      'NetcfgSubnetRangesOverlap',
      `Subnet '${subnet.name}' is not valid because its IP address range overlaps with that of an existing subnet in virtual network '${virtualNetwork.name}'.`,
      target,
    );
  }
}

/** Virtual WAN: "The minimum address space is /24 to create a hub." */
const LONGEST_HUB_PREFIX = 24;

export function checkHubAddressPrefix(block: Ipv4Block, target: string): void {
  if (block.prefixLength > LONGEST_HUB_PREFIX) {
    throw invalidParameter(
      target,
      `The value of parameter ${target} is invalid: virtual hub address prefix ${block.text} is smaller than /${LONGEST_HUB_PREFIX}. A hub needs a /${LONGEST_HUB_PREFIX} or larger address space (a /23 is recommended).`,
    );
  }
}

/** The prefixes among `blocks` that overlap any of `others`. */
export function overlapping(
  blocks: Ipv4Block[],
  others: Ipv4Block[],
): string[] {
  return blocks
    .filter(block => others.some(other => blocksOverlap(block, other)))
    .map(block => block.text);
}
