import { isCidrBlock, parseCidr } from '../rules/cidr';
import { AKS_RESERVED_RANGES, toDnsLabel } from './aksRules';
import {
  Ipv4Range,
  numberToIpv4,
  rangeAt,
  rangeOf,
  rangesOverlap,
} from './ipv4';
import { PlannedCluster } from './types';

export interface MeshLayoutInput {
  mesh: string;
  clusterCount: number;
  /** Accepted so callers can pass the whole form; the layout itself does not depend on the region. */
  location: string;
  /** Replaces the mesh name inside the proposed resource names. */
  namePrefix?: string;
  /** The lowest cluster id to hand out (1 by default). */
  firstClusterId?: number;
  /** What a mesh being joined already uses; nothing proposed collides with it. */
  existing?: {
    clusterIds: number[];
    podCidrs: string[];
    /** Spoke VNets and the hub (the proposed hub is then only a fallback). */
    vnetPrefixes: string[];
    /** AKS, resource group and Cilium names, in any mix. */
    names: string[];
    /** Service ranges of existing clusters when they differ from 10.0.0.0/16: new pod ranges avoid them. */
    serviceCidrs?: string[];
  };
}

export type ProposedCluster = Pick<
  PlannedCluster,
  | 'aksName'
  | 'resourceGroup'
  | 'ciliumName'
  | 'clusterId'
  | 'podCidr'
  | 'serviceCidr'
  | 'dnsServiceIP'
  | 'network'
>;

export interface MeshLayout {
  clusters: ProposedCluster[];
  hub: { addressPrefix: string };
}

/** The largest mesh Cilium supports (maxConnectedClusters 511). */
const MAX_MESH_SIZE = 511;
/** Cilium's `cluster.name` limit (checkClusterName enforces the same). */
const CILIUM_NAME_MAX_LENGTH = 32;
const OCTET = 256;
const ip = (a: number, b: number, c: number, d: number) =>
  ((a * OCTET + b) * OCTET + c) * OCTET + d;

/** The seed's shared service range and DNS address (AKS defaults). */
const SERVICE_RANGE = rangeAt(ip(10, 0, 0, 0), 16);
const DNS_SERVICE_OFFSET = 10;
/** The seed's hub; spoke n (cluster id n) is the (9+n)-th /24 after it. */
const HUB_RANGE = rangeAt(ip(172, 21, 0, 0), 24);
const SPOKE_OFFSET = 9;
/** VNets stay in 172.16.0.0/12 below AKS's reserved 172.30.0.0/15. */
const NETWORK_POOL = { first: ip(172, 16, 0, 0), last: ip(172, 29, 255, 255) };
/** Pod and fallback service ranges: 10/8, then 172.16/12, then 192.168/16 (reserved and taken blocks skipped). */
const WIDE_POOLS = [
  { first: ip(10, 0, 0, 0), last: ip(10, 255, 255, 255) },
  { first: ip(172, 16, 0, 0), last: ip(172, 31, 255, 255) },
  { first: ip(192, 168, 0, 0), last: ip(192, 168, 255, 255) },
];

class AddressSpace {
  private readonly taken: Ipv4Range[];

  constructor(taken: Ipv4Range[]) {
    this.taken = [...taken];
  }

  isFree(range: Ipv4Range): boolean {
    return !this.taken.some(other => rangesOverlap(range, other));
  }

  take(range: Ipv4Range): Ipv4Range {
    this.taken.push(range);
    return range;
  }

  /** The first free block of `prefixLength` in `pools`, in order. */
  firstFree(
    prefixLength: number,
    pools: { first: number; last: number }[],
  ): Ipv4Range | undefined {
    const size = 2 ** (32 - prefixLength);
    for (const pool of pools) {
      for (
        let start = pool.first;
        start + size - 1 <= pool.last;
        start += size
      ) {
        const candidate = rangeAt(start, prefixLength);
        if (this.isFree(candidate)) {
          return candidate;
        }
      }
    }
    return undefined;
  }

  /** Takes each preferred block that is still free; the rest stay undefined for `fill`. */
  claim(preferred: (Ipv4Range | undefined)[]): (Ipv4Range | undefined)[] {
    return preferred.map(range =>
      range && this.isFree(range) ? this.take(range) : undefined,
    );
  }

  /** Completes a `claim` from the pools, first free block first. */
  fill(
    claimed: (Ipv4Range | undefined)[],
    prefixLength: number,
    pools: { first: number; last: number }[],
    what: string,
  ): Ipv4Range[] {
    return claimed.map(range => {
      if (range) {
        return range;
      }
      const free = this.firstFree(prefixLength, pools);
      if (!free) {
        throw new Error(
          `No free /${prefixLength} left for ${what}; give the clusters explicit ranges instead`,
        );
      }
      return this.take(free);
    });
  }
}

function parsedRanges(texts: string[] | undefined): Ipv4Range[] {
  return (texts ?? []).flatMap(text => {
    const block = parseCidr(text, '');
    // IPv6 or malformed entries cannot collide with the IPv4 plan.
    return isCidrBlock(block) && block.address.kind() === 'ipv4'
      ? [rangeOf(block)]
      : [];
  });
}

function spokePreference(id: number): Ipv4Range | undefined {
  const first = HUB_RANGE.first + (SPOKE_OFFSET + id) * OCTET;
  return first + OCTET - 1 <= NETWORK_POOL.last
    ? rangeAt(first, 24)
    : undefined;
}

function podPreference(id: number): Ipv4Range | undefined {
  return id >= 1 && id <= 255 ? rangeAt(ip(10, id, 0, 0), 16) : undefined;
}

interface Names {
  aksName: string;
  resourceGroup: string;
  ciliumName: string;
}

/** `aks-<base>-<n>`, `rg-<base>-<n>` and `<base>-<n>`, shortened to the AKS dnsPrefix and Cilium name limits. */
function namesFor(base: string, n: number): Names {
  const suffix = `-${n}`;
  const cut = (max: number) =>
    toDnsLabel(base, max - suffix.length) || 'cluster';
  return {
    aksName: `aks-${cut(54 - 4)}${suffix}`,
    resourceGroup: `rg-${cut(90 - 3)}${suffix}`,
    ciliumName: `${cut(CILIUM_NAME_MAX_LENGTH)}${suffix}`,
  };
}

/**
 * Proposes ids, names and address space for `clusterCount` new clusters,
 * extending the seed's layout: cluster id n gets pod range 10.n.0.0/16, the
 * shared service range 10.0.0.0/16 with DNS at 10.0.0.10, and the spoke
 * 172.21.0.0/24 + (9+n)·256 (172.21.10.0/24 for id 1, … 172.21.255.0/24 for
 * id 246, then on into 172.22.0.0/24 …), with the hub at 172.21.0.0/24.
 * That fits 255 clusters (511 for spokes) without touching AKS's reserved
 * ranges. Whatever is taken (by `existing` or reserved) falls back to the
 * first free block: /16s from 10/8, 172.16/12 and 192.168/16 for pods and
 * the service range, /24s from 172.16.0.0–172.29.255.255 for VNets. Names
 * use n = the cluster id, or the next number whose names are all unused.
 * Throws when the address space runs out: private space holds only about
 * 268 pod /16s next to the VNets, so larger meshes need explicit ranges.
 */
export function proposeMeshLayout(input: MeshLayoutInput): MeshLayout {
  if (
    !Number.isInteger(input.clusterCount) ||
    input.clusterCount < 0 ||
    input.clusterCount > MAX_MESH_SIZE
  ) {
    throw new RangeError(
      `clusterCount is a whole number from 0 to ${MAX_MESH_SIZE} (got ${input.clusterCount})`,
    );
  }
  const existing = input.existing;
  const usedIds = new Set(existing?.clusterIds ?? []);
  const ids: number[] = [];
  for (
    let id = Math.max(1, Math.floor(input.firstClusterId ?? 1));
    ids.length < input.clusterCount;
    id++
  ) {
    if (!usedIds.has(id)) {
      ids.push(id);
    }
  }

  const space = new AddressSpace([
    ...parsedRanges([...AKS_RESERVED_RANGES]),
    ...parsedRanges(existing?.podCidrs),
    ...parsedRanges(existing?.vnetPrefixes),
  ]);
  // Every preference is claimed before any fallback is filled, so a
  // fallback never takes a block another request prefers. VNets first:
  // their pool (172.16/12) is also the pods' second pool.
  const [hub] = space.fill(
    space.claim([HUB_RANGE]),
    24,
    [NETWORK_POOL],
    'the hub',
  );
  const spokes = space.fill(
    space.claim(ids.map(spokePreference)),
    24,
    [NETWORK_POOL],
    'spoke VNets',
  );
  // Service ranges may repeat across clusters (new and existing), so one
  // is enough; it only has to stay clear of every VNet and pod range.
  const serviceClaim = space.claim([SERVICE_RANGE]);
  for (const range of parsedRanges(existing?.serviceCidrs)) {
    space.take(range);
  }
  const podClaims = space.claim(ids.map(podPreference));
  const [service] = space.fill(
    serviceClaim,
    16,
    WIDE_POOLS,
    'the service range',
  );
  const pods = space.fill(podClaims, 16, WIDE_POOLS, 'pod ranges');

  const base = input.namePrefix || input.mesh;
  const usedNames = new Set(
    (existing?.names ?? []).map(name => name.toLowerCase()),
  );
  const clusters = ids.map((clusterId, index): ProposedCluster => {
    let n = clusterId;
    let names = namesFor(base, n);
    while (Object.values(names).some(name => usedNames.has(name))) {
      n += 1;
      names = namesFor(base, n);
    }
    Object.values(names).forEach(name => usedNames.add(name));
    return {
      ...names,
      clusterId,
      podCidr: pods[index].text,
      serviceCidr: service.text,
      dnsServiceIP: numberToIpv4(service.first + DNS_SERVICE_OFFSET),
      network: {
        vnetName: `vnet-${names.aksName}`,
        addressPrefix: spokes[index].text,
      },
    };
  });
  return { clusters, hub: { addressPrefix: hub.text } };
}
