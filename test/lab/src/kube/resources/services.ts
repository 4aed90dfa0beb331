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
    /** The stored Services, in any order; read only. */
    private readonly existingServices: () => Iterable<KubeObject>,
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
    if (usesNodePorts(spec)) {
      violations.push(...this.assignNodePorts(service));
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
    if (usesNodePorts(spec)) {
      spec.externalTrafficPolicy ??=
        previousSpec.externalTrafficPolicy ?? 'Cluster';
      if (spec.type === 'LoadBalancer') {
        spec.allocateLoadBalancerNodePorts ??=
          previousSpec.allocateLoadBalancerNodePorts ?? true;
      }
      return this.assignNodePorts(next);
    }
    // Leaving NodePort/LoadBalancer drops what only those types use, as the registry's dropTypeDependentFields does.
    if (usesNodePorts(previousSpec)) {
      for (const port of portsOf(spec)) delete port.nodePort;
      delete spec.externalTrafficPolicy;
      delete spec.allocateLoadBalancerNodePorts;
    }
    return [];
  }

  private assignClusterIp(spec: JsonObject): FieldViolation[] {
    if (spec.type === 'ExternalName' || spec.clusterIP === 'None') return [];
    // Numbers, not strings: the scan below runs once per Service stored, for every create.
    const taken = new Set<number>();
    for (const service of this.existingServices()) {
      const clusterIP = isJsonObject(service.spec)
        ? service.spec.clusterIP
        : undefined;
      if (typeof clusterIP === 'string' && clusterIP !== 'None') {
        taken.add(ipToNumber(clusterIP));
      }
    }
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
      if (taken.has(ipToNumber(requested))) {
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
      if (!taken.has(this.firstAddress + offset)) {
        const candidate = numberToIp(this.firstAddress + offset);
        spec.clusterIP = candidate;
        spec.clusterIPs = [candidate];
        return [];
      }
    }
    return [
      invalid('spec.clusterIPs', [], 'failed to allocate IP: range is full'),
    ];
  }

  /** Keeps requested nodePorts if free and in range, and gives the other ports the lowest free ones. */
  private assignNodePorts(service: KubeObject): FieldViolation[] {
    const spec = specOf(service);
    const { namespace, name } = service.metadata;
    const taken = new Set<unknown>();
    for (const other of this.existingServices()) {
      if (
        (other.metadata.namespace === namespace &&
          other.metadata.name === name) ||
        !isJsonObject(other.spec)
      ) {
        continue;
      }
      for (const port of portsOf(other.spec)) taken.add(port.nodePort);
    }
    const violations: FieldViolation[] = [];
    const ports = portsOf(spec);
    ports.forEach((port, index) => {
      if (port.nodePort === undefined) return;
      const requested = port.nodePort;
      const field = `spec.ports[${index}].nodePort`;
      if (
        typeof requested !== 'number' ||
        requested < NODE_PORT_RANGE.first ||
        requested > NODE_PORT_RANGE.last
      ) {
        violations.push(
          invalid(
            field,
            requested,
            `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.first}-${NODE_PORT_RANGE.last}`,
          ),
        );
      } else if (taken.has(requested)) {
        violations.push(
          invalid(field, requested, 'provided port is already allocated'),
        );
      }
    });
    if (violations.length > 0) return violations;
    for (const port of ports) taken.add(port.nodePort);
    let candidate = NODE_PORT_RANGE.first;
    for (const port of ports) {
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

function usesNodePorts(spec: JsonObject): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
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
