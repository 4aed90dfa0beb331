import { MeshMember } from './member';
import { MeshNetworkView } from './links';

interface Exposure {
  cluster: string;
  listening: () => boolean;
}

/**
 * The network between the clusters' VNets: which cluster's
 * clustermesh-apiserver answers at an address (load balancer IPs and node
 * ports are data, e.g. 172.21.12.8:2379) and which directions are
 * partitioned. Addresses are per cluster and replaced wholesale whenever the
 * cluster's Service changes.
 */
export class MeshNetwork {
  private readonly exposures = new Map<string, Map<string, Exposure>>();
  /** The same exposures by address, for lookups in large meshes. */
  private readonly byAddress = new Map<string, Exposure[]>();
  private readonly partitions = new Set<string>();

  expose(
    cluster: string,
    addresses: { ip: string; port: number }[],
    listening: () => boolean,
  ): void {
    this.withdraw(cluster);
    const own = new Map<string, Exposure>();
    for (const { ip, port } of addresses) {
      const key = addressKey(ip, port);
      const exposure = { cluster, listening };
      own.set(key, exposure);
      this.byAddress.set(key, [...(this.byAddress.get(key) ?? []), exposure]);
    }
    this.exposures.set(cluster, own);
  }

  withdraw(cluster: string): void {
    for (const key of this.exposures.get(cluster)?.keys() ?? []) {
      const remaining = (this.byAddress.get(key) ?? []).filter(
        exposure => exposure.cluster !== cluster,
      );
      if (remaining.length > 0) this.byAddress.set(key, remaining);
      else this.byAddress.delete(key);
    }
    this.exposures.delete(cluster);
  }

  /** Who answers at ip:port, seen from `from`: its own VNet first, as overlapping address spaces never route across. */
  owner(from: string, ip: string, port: number): Exposure | undefined {
    const exposures = this.byAddress.get(addressKey(ip, port));
    return (
      exposures?.find(exposure => exposure.cluster === from) ?? exposures?.[0]
    );
  }

  partition(from: string, to: string): void {
    this.partitions.add(`${from}>${to}`);
  }

  heal(from?: string, to?: string): void {
    for (const key of [...this.partitions]) {
      const [source, target] = key.split('>');
      if ((!from || from === source) && (!to || to === target)) {
        this.partitions.delete(key);
      }
    }
  }

  blocked(from: string, to: string): boolean {
    return this.partitions.has(`${from}>${to}`);
  }

  /** The view one observer's connection attempts go through. */
  viewFrom(
    from: string,
    members: ReadonlyMap<string, MeshMember>,
  ): MeshNetworkView {
    return {
      resolve: (ip, port) => {
        const exposure = this.owner(from, ip, port);
        const member = exposure && members.get(exposure.cluster);
        return member && { member, listening: exposure.listening() };
      },
      blocked: (source, target) => this.blocked(source, target),
    };
  }
}

function addressKey(ip: string, port: number): string {
  return `${ip}:${port}`;
}
