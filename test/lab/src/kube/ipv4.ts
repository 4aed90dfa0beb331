/** IPv4 addresses as numbers, for walking subnets. */

export interface Ipv4Range {
  /** The subnet's network address as a number. */
  first: number;
  /** How many addresses the subnet holds. */
  size: number;
}

export function ipToNumber(ip: string): number {
  return ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

export function numberToIp(value: number): string {
  return [24, 16, 8, 0]
    .map(shift => Math.floor(value / 2 ** shift) % 256)
    .join('.');
}

/** `10.224.0.0/16` → its first address and size. */
export function parseCidr(cidr: string): Ipv4Range {
  const [address, prefix] = cidr.split('/');
  return { first: ipToNumber(address), size: 2 ** (32 - Number(prefix)) };
}

/** The subnet AKS puts nodes in when the cluster brings no VNet of its own. */
export const AKS_MANAGED_NODE_SUBNET = '10.224.0.0/16';

/** Azure keeps the first four addresses of every subnet for itself. */
export const FIRST_USABLE_OFFSET = 4;
