import ipaddr from 'ipaddr.js';
import { CidrBlock, isCidrBlock, parseCidr } from '../rules/cidr';
import { RuleViolation } from '../rules/violation';

/** An IPv4 block as an inclusive integer range, for arithmetic the layout needs. */
export interface Ipv4Range {
  text: string;
  prefixLength: number;
  first: number;
  last: number;
}

export function ipv4ToNumber(address: ipaddr.IPv4): number {
  return address.toByteArray().reduce((value, byte) => value * 256 + byte, 0);
}

export function numberToIpv4(value: number): string {
  return [24, 16, 8, 0]
    .map(shift => Math.floor(value / 2 ** shift) % 256)
    .join('.');
}

export function rangeOf(block: CidrBlock): Ipv4Range {
  const first = ipv4ToNumber(block.address as ipaddr.IPv4);
  return {
    text: block.text,
    prefixLength: block.prefixLength,
    first,
    last: first + 2 ** (32 - block.prefixLength) - 1,
  };
}

export function rangeAt(first: number, prefixLength: number): Ipv4Range {
  return {
    text: `${numberToIpv4(first)}/${prefixLength}`,
    prefixLength,
    first,
    last: first + 2 ** (32 - prefixLength) - 1,
  };
}

export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}

export function rangeContains(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

/** A well-formed IPv4 CIDR, or what is wrong with `value`. */
export function parseIpv4Cidr(
  value: unknown,
  field: string,
  what: string,
): Ipv4Range | RuleViolation {
  if (typeof value !== 'string' || value.trim() === '') {
    return {
      field,
      rule: `${what} is required`,
      fix: 'write an IPv4 address and prefix length, for example 10.10.0.0/16',
    };
  }
  const parsed = parseCidr(value, field);
  if (!isCidrBlock(parsed)) {
    return parsed;
  }
  if (parsed.address.kind() !== 'ipv4') {
    return {
      field,
      rule: `${what} must be an IPv4 range ("${value}" is IPv6)`,
      fix: 'use an IPv4 range such as 10.10.0.0/16; these clusters are IPv4-only',
    };
  }
  return rangeOf(parsed);
}

export function isIpv4Range(
  value: Ipv4Range | RuleViolation,
): value is Ipv4Range {
  return (value as Ipv4Range).first !== undefined;
}

/** `"text"` for strings, the number for numbers, "nothing" for absent values: never "undefined". */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null || value === '') {
    return 'nothing';
  }
  if (typeof value === 'string') {
    return `"${value}"`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return 'a value of the wrong type';
}
