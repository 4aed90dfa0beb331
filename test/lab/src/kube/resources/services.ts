import { deepEqual, isJsonObject, JsonObject } from '../json';
import { FieldViolation, KubeObject } from '../types';
import { invalid } from '../validation';

const NODE_PORT_RANGE = { first: 30000, last: 32767 };

/**
 * What the Service REST storage does beyond validation: defaulting, ClusterIP
 * and NodePort allocation. Allocation looks at the Services already stored
 * instead of keeping a bitmap, so dry runs and deletes need no bookkeeping.
 */
export class ServiceAllocator {
  private readonly firstAddress: number;
  private readonly size: number;

  constructor(
    serviceCidr: string,
    private readonly existingServices: () => KubeObject[],
  ) {
    const [address, prefix] = serviceCidr.split('/');
    this.firstAddress = ipToNumber(address);
    this.size = 2 ** (32 - Number(prefix));
  }

  prepareForCreate(service: KubeObject): FieldViolation[] {
    const spec = specOf(service);
    spec.type ??= 'ClusterIP';
    spec.sessionAffinity ??= 'None';
    if (spec.type !== 'ExternalName') {
      spec.internalTrafficPolicy ??= 'Cluster';
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
    }
    for (const port of portsOf(spec)) {
      port.protocol ??= 'TCP';
      port.targetPort ??= port.port;
    }
    service.status = { loadBalancer: {} };
    const violations = this.assignClusterIp(spec);
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      violations.push(...this.assignNodePorts(spec));
      spec.externalTrafficPolicy ??= 'Cluster';
    }
    if (spec.type === 'LoadBalancer') {
      spec.allocateLoadBalancerNodePorts ??= true;
    }
    return violations;
  }

  prepareForUpdate(next: KubeObject, previous: KubeObject): FieldViolation[] {
    const spec = specOf(next);
    const previousSpec = specOf(previous);
    // An update that leaves allocated values out keeps them, as the real registry does.
    spec.clusterIP ??= previousSpec.clusterIP;
    spec.clusterIPs ??= previousSpec.clusterIPs;
    const previousPorts = portsOf(previousSpec);
    for (const port of portsOf(spec)) {
      port.protocol ??= 'TCP';
      port.targetPort ??= port.port;
      const before = previousPorts.find(
        candidate => candidate.port === port.port,
      );
      if (port.nodePort === undefined && before?.nodePort !== undefined) {
        port.nodePort = before.nodePort;
      }
    }
    if (
      previousSpec.clusterIP &&
      !deepEqual(spec.clusterIP, previousSpec.clusterIP)
    ) {
      return [
        invalid(
          'spec.clusterIPs[0]',
          spec.clusterIP,
          'may not change once set',
        ),
      ];
    }
    return [];
  }

  private assignClusterIp(spec: JsonObject): FieldViolation[] {
    if (spec.type === 'ExternalName' || spec.clusterIP === 'None') return [];
    const taken = new Set(
      this.existingServices().map(service => specOf(service).clusterIP),
    );
    const requested =
      typeof spec.clusterIP === 'string' && spec.clusterIP
        ? spec.clusterIP
        : undefined;
    if (requested) {
      const offset = ipToNumber(requested) - this.firstAddress;
      if (!(offset > 0 && offset < this.size - 1)) {
        return [
          invalid(
            'spec.clusterIPs',
            [requested],
            `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range`,
          ),
        ];
      }
      if (taken.has(requested)) {
        return [
          invalid(
            'spec.clusterIPs',
            [requested],
            `failed to allocate IP ${requested}: provided IP is already allocated`,
          ),
        ];
      }
      spec.clusterIPs = [requested];
      return [];
    }
    for (let offset = 1; offset < this.size - 1; offset++) {
      const candidate = numberToIp(this.firstAddress + offset);
      if (!taken.has(candidate)) {
        spec.clusterIP = candidate;
        spec.clusterIPs = [candidate];
        return [];
      }
    }
    return [
      invalid('spec.clusterIPs', [], 'failed to allocate IP: range is full'),
    ];
  }

  private assignNodePorts(spec: JsonObject): FieldViolation[] {
    const taken = new Set(
      this.existingServices().flatMap(service =>
        portsOf(specOf(service)).map(port => port.nodePort),
      ),
    );
    let candidate = NODE_PORT_RANGE.first;
    for (const port of portsOf(spec)) {
      if (port.nodePort !== undefined) continue;
      while (taken.has(candidate)) candidate++;
      if (candidate > NODE_PORT_RANGE.last) {
        return [
          invalid(
            'spec.ports',
            spec.ports,
            'failed to allocate a nodePort: range is full',
          ),
        ];
      }
      port.nodePort = candidate;
      taken.add(candidate);
    }
    return [];
  }
}

function specOf(service: KubeObject): JsonObject {
  if (!isJsonObject(service.spec)) service.spec = {};
  return service.spec as JsonObject;
}

function portsOf(spec: JsonObject): JsonObject[] {
  return Array.isArray(spec.ports) ? spec.ports.filter(isJsonObject) : [];
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

function numberToIp(value: number): string {
  return [24, 16, 8, 0]
    .map(shift => Math.floor(value / 2 ** shift) % 256)
    .join('.');
}
