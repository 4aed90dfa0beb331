import ipaddr from 'ipaddr.js';
import { RuleViolation } from './violation';

/** A parsed CIDR block: the network address and prefix length. */
export interface CidrBlock {
  text: string;
  address: ipaddr.IPv4 | ipaddr.IPv6;
  prefixLength: number;
}

/** Parses a CIDR whose host bits are zero, or explains what is wrong with it. */
export function parseCidr(
  text: string,
  field: string,
): CidrBlock | RuleViolation {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(text);
  } catch {
    return {
      field,
      rule: `"${text}" is not a CIDR block`,
      fix: 'write an address and prefix length, for example 10.10.0.0/16',
    };
  }
  const [address, prefixLength] = parsed;
  const network =
    address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(text)
      : ipaddr.IPv6.networkAddressFromCIDR(text);
  if (network.toString() !== address.toString()) {
    return {
      field,
      rule: `"${text}" has host bits set`,
      fix: `use ${network.toString()}/${prefixLength}`,
    };
  }
  return { text, address, prefixLength };
}

export function isCidrBlock(
  value: CidrBlock | RuleViolation,
): value is CidrBlock {
  return (value as CidrBlock).address !== undefined;
}

/** Two blocks overlap when either contains the other's network address. */
export function cidrsOverlap(a: CidrBlock, b: CidrBlock): boolean {
  if (a.address.kind() !== b.address.kind()) {
    return false;
  }
  return (
    a.address.match(b.address, b.prefixLength) ||
    b.address.match(a.address, a.prefixLength)
  );
}
