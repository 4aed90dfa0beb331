import { formatIpv4Address, parseIpv4Block } from '../../arm/ipv4';

interface Block {
  first: number;
  size: number;
}

/**
 * Cilium's cluster-pool IPAM: the operator carves per-node blocks of
 * `podCidrMaskSize` out of the cluster pool, and each agent hands out pod
 * addresses from its node's block (the first host address is the node's
 * cilium_host router IP).
 */
export class ClusterPoolIpam {
  private readonly nodeBlocks = new Map<string, Block & { next: number }>();
  private readonly blocks: Block[];
  private nextBlock = 0;

  constructor(poolCidrs: string[], maskSize: number) {
    this.blocks = poolCidrs.flatMap(cidr => {
      const pool = parseIpv4Block(cidr);
      if (!pool) return [];
      const prefix = Math.max(maskSize, pool.prefixLength);
      const size = 2 ** (32 - prefix);
      return Array.from(
        { length: 2 ** (prefix - pool.prefixLength) },
        (_, index) => ({ first: pool.first + index * size, size }),
      );
    });
  }

  /** The next pod address on `node`, or undefined when the pool is exhausted. */
  allocate(node: string): string | undefined {
    let block = this.nodeBlocks.get(node);
    if (!block) {
      const free = this.blocks[this.nextBlock];
      if (!free) return undefined;
      this.nextBlock += 1;
      block = { ...free, next: 2 };
      this.nodeBlocks.set(node, block);
    }
    if (block.next >= block.size - 1) return undefined;
    const address = block.first + block.next;
    block.next += 1;
    return formatIpv4Address(address);
  }
}
