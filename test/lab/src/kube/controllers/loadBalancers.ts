import { createHash } from 'node:crypto';
import { ManagedClusterSpec } from '../../clusters';
import { ClusterObjects } from '../clusterObjects';
import {
  AKS_MANAGED_NODE_SUBNET,
  FIRST_USABLE_OFFSET,
  ipToNumber,
  numberToIp,
  parseCidr,
} from '../ipv4';
import { ClusterState, keyOf } from './clusterState';
import { internalIpOf } from './pods';
import { LoadBalancerIngress, Service } from './shapes';

export const INTERNAL_ANNOTATION =
  'service.beta.kubernetes.io/azure-load-balancer-internal';
export const IPV4_ANNOTATION =
  'service.beta.kubernetes.io/azure-load-balancer-ipv4';

/**
 * Azure public addresses the lab hands to public load balancers. They are
 * data only: nothing listens on them and the lab never connects to them.
 */
const PUBLIC_RANGE = parseCidr('20.50.0.0/16');
/** Where internal load balancers' addresses start in the node subnet, clear of the nodes. */
const INTERNAL_START_OFFSET = 200;

function isInternal(service: Service): boolean {
  return service.metadata.annotations?.[INTERNAL_ANNOTATION] === 'true';
}

function requestedAddress(service: Service): string | undefined {
  return (
    service.metadata.annotations?.[IPV4_ANNOTATION] ||
    service.spec?.loadBalancerIP ||
    undefined
  );
}

function ingressOf(service: Service | undefined): LoadBalancerIngress[] {
  return service?.status?.loadBalancer?.ingress ?? [];
}

function contains(range: { first: number; size: number }, ip: string): boolean {
  const offset = ipToNumber(ip) - range.first;
  return offset >= 0 && offset < range.size;
}

export interface LoadBalancerOptions {
  spec: ManagedClusterSpec;
  delayMs: number;
}

/**
 * The Azure cloud provider's service controller: a LoadBalancer Service gets
 * its frontend address `delayMs` after it asks for one. Internal ones
 * (annotation `azure-load-balancer-internal: "true"`) get a free address of
 * the node subnet from .200 up; public ones an Azure-looking public address
 * derived from the cluster and Service, so it is the same every run. An
 * address asked for (annotation `azure-load-balancer-ipv4` or
 * `spec.loadBalancerIP`) is used as given.
 */
export class LoadBalancerController {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Services whose delay has passed, so the next sync assigns their address. */
  private readonly due = new Set<string>();
  /** Frontend address → key of the Service that has it. */
  private readonly assigned = new Map<string, string>();
  private readonly nodeSubnet: { first: number; size: number };
  private pending = false;

  constructor(
    private readonly state: ClusterState,
    private readonly objects: ClusterObjects,
    private readonly options: LoadBalancerOptions,
    private readonly enqueue: (key: string) => void,
  ) {
    this.nodeSubnet = parseCidr(
      options.spec.nodeSubnetPrefix ?? AKS_MANAGED_NODE_SUBNET,
    );
  }

  /** Keeps the address index in step with the Services' status. */
  serviceChanged(before: Service | undefined, after: Service | undefined) {
    for (const ingress of ingressOf(before)) {
      if (ingress.ip && this.assigned.get(ingress.ip) === keyOf(before!)) {
        this.assigned.delete(ingress.ip);
      }
    }
    for (const ingress of ingressOf(after)) {
      if (ingress.ip) this.assigned.set(ingress.ip, keyOf(after!));
    }
  }

  /** While pending, Azure provisions nothing: Services keep waiting without an address. */
  setPending(pending: boolean): void {
    this.pending = pending;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.due.clear();
    if (!pending) {
      for (const [key, service] of this.state.services) {
        if (service.spec?.type === 'LoadBalancer') this.enqueue(key);
      }
    }
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  reconcile(key: string): void {
    const service = this.state.services.get(key);
    const ingress = ingressOf(service);
    if (!service || service.spec?.type !== 'LoadBalancer') {
      this.forget(key);
      if (service && ingress.length > 0) {
        this.objects.updateStatus({
          ...service,
          status: { ...service.status, loadBalancer: {} },
        });
      }
      return;
    }
    if (ingress.length > 0 && this.satisfies(service, ingress[0].ip)) {
      this.forget(key);
      return;
    }
    if (this.pending) return;
    if (this.due.delete(key)) {
      this.objects.updateStatus({
        ...service,
        status: {
          ...service.status,
          loadBalancer: {
            ingress: [{ ip: this.addressFor(service), ipMode: 'VIP' }],
          },
        },
      });
      return;
    }
    if (!this.timers.has(key)) {
      const timer = setTimeout(() => {
        this.timers.delete(key);
        this.due.add(key);
        this.enqueue(key);
      }, this.options.delayMs);
      timer.unref();
      this.timers.set(key, timer);
    }
  }

  /** Services whose address Azure is still working on (not counting the pending fault). */
  get assignmentsInFlight(): number {
    return this.timers.size + this.due.size;
  }

  private forget(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.due.delete(key);
  }

  /** Whether the address the Service has is still the kind it asks for. */
  private satisfies(service: Service, ip: string | undefined): boolean {
    if (!ip) return false;
    const requested = requestedAddress(service);
    if (requested) return ip === requested;
    return contains(isInternal(service) ? this.nodeSubnet : PUBLIC_RANGE, ip);
  }

  private addressFor(service: Service): string {
    const requested = requestedAddress(service);
    if (requested) return requested;
    const key = keyOf(service);
    const free = (ip: string) => {
      const holder = this.assigned.get(ip);
      return holder === undefined || holder === key;
    };
    return isInternal(service)
      ? this.internalAddress(free)
      : this.publicAddress(service, free);
  }

  private internalAddress(free: (ip: string) => boolean): string {
    const nodeAddresses = new Set(
      [...this.state.nodes.values()].map(internalIpOf),
    );
    const { first, size } = this.nodeSubnet;
    const start = Math.min(INTERNAL_START_OFFSET, size - 2);
    // From .200 to the last address before broadcast, then wrapping round to the first usable one.
    const usable = size - 1 - FIRST_USABLE_OFFSET;
    for (let step = 0; step < usable; step++) {
      const offset =
        ((start - FIRST_USABLE_OFFSET + step) % usable) + FIRST_USABLE_OFFSET;
      const ip = numberToIp(first + offset);
      if (free(ip) && !nodeAddresses.has(ip)) return ip;
    }
    throw new Error(
      `The node subnet of cluster ${this.options.spec.name} has no free address left for an internal load balancer`,
    );
  }

  private publicAddress(
    service: Service,
    free: (ip: string) => boolean,
  ): string {
    const { spec } = this.options;
    const digest = createHash('sha256')
      .update(
        `${spec.subscriptionId}/${spec.resourceGroup}/${spec.name}/${service.metadata.namespace}/${service.metadata.name}`,
      )
      .digest();
    // .0 and .255 of each /24 look odd on a frontend, so stay within 1-254.
    const usable = (PUBLIC_RANGE.size / 256) * 254;
    const start = digest.readUInt32BE(0) % usable;
    for (let step = 0; step < usable; step++) {
      const index = (start + step) % usable;
      const ip = numberToIp(
        PUBLIC_RANGE.first + Math.floor(index / 254) * 256 + (index % 254) + 1,
      );
      if (free(ip)) return ip;
    }
    throw new Error('The lab ran out of public load balancer addresses');
  }
}
