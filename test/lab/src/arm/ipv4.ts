/** An IPv4 block as AKS reads `podCidr` / `serviceCidr`. */
export interface Ipv4Block {
  text: string;
  /** Network address as an unsigned 32-bit number. */
  first: number;
  last: number;
  prefixLength: number;
}

export function parseIpv4Address(text: string): number | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1).map(Number);
  if (octets.some(octet => octet > 255)) return undefined;
  return octets.reduce((address, octet) => address * 256 + octet, 0);
}

/** Parses `a.b.c.d/n`; host bits are cleared, as AKS normalises them. */
export function parseIpv4Block(text: string): Ipv4Block | undefined {
  const [addressText, prefixText, ...rest] = text.split('/');
  if (
    rest.length > 0 ||
    prefixText === undefined ||
    !/^\d{1,2}$/.test(prefixText)
  ) {
    return undefined;
  }
  const address = parseIpv4Address(addressText);
  const prefixLength = Number(prefixText);
  if (address === undefined || prefixLength > 32) return undefined;
  const size = 2 ** (32 - prefixLength);
  const first = Math.floor(address / size) * size;
  return { text, first, last: first + size - 1, prefixLength };
}

export function blockContains(block: Ipv4Block, address: number): boolean {
  return address >= block.first && address <= block.last;
}

export function blocksOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.first <= b.last && b.first <= a.last;
}

export function formatIpv4Address(address: number): string {
  return [24, 16, 8, 0]
    .map(shift => Math.floor(address / 2 ** shift) % 256)
    .join('.');
}

/** Whether `inner` lies entirely inside `outer`. */
export function blockWithin(inner: Ipv4Block, outer: Ipv4Block): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}
