import { namespaceIsGlobal, serviceAnnotations } from './annotations';

export {
  GLOBAL_NAMESPACE_ANNOTATION,
  SERVICE_ANNOTATIONS,
  namespaceIsGlobal,
  serviceAnnotations,
} from './annotations';
export type { ServiceAffinity, ServiceAnnotations } from './annotations';

/** One endpoint of the Service's EndpointSlices in its own cluster. */
export interface ServiceBackend {
  ip: string;
  ready: boolean;
}

/**
 * One cluster's copy of a Service. Global services are matched across
 * clusters by namespace and name only.
 */
export interface ServiceInstance {
  clusterName: string;
  clusterId: number;
  /** Minor version of the Cilium running in that cluster (`ciliumMinor`). */
  ciliumMinor: number;
  /** `clustermesh.defaultGlobalNamespace`; only read from 1.20 on. */
  defaultGlobalNamespace: boolean;
  namespaceAnnotations: Record<string, string>;
  service: {
    namespace: string;
    name: string;
    annotations: Record<string, string>;
    /** False when only the Namespace exists here. */
    exists: boolean;
  };
  backends: ServiceBackend[];
}

export interface ReachableBackend {
  cluster: string;
  clusterId: number;
  ip: string;
}

/**
 * Whether the cluster's clustermesh-apiserver writes the Service to
 * `cilium/state/services/v1/<cluster>/<ns>/<name>` for its peers.
 */
export function isExported(instance: ServiceInstance): boolean {
  if (!instance.service.exists) return false;
  const { global, shared } = serviceAnnotations(instance.service.annotations);
  return global && shared && inGlobalNamespace(instance);
}

/**
 * What a client in the consumer's cluster reaches through the Service.
 * `remoteExports` are the peers' copies the consumer is connected to;
 * copies that aren't exported or are for another Service are ignored.
 */
export function effectiveBackends(
  consumer: ServiceInstance,
  remoteExports: ServiceInstance[],
): ReachableBackend[] {
  // Remote backends only attach to a local Service of the same ns/name (cilium#19701).
  if (!consumer.service.exists) return [];
  const local = reachable(consumer);
  const { global, affinity } = serviceAnnotations(consumer.service.annotations);
  if (!global || !inGlobalNamespace(consumer)) return local;
  const remote = remoteExports
    .filter(peer => peer.clusterName !== consumer.clusterName)
    .filter(peer => sameService(peer, consumer) && isExported(peer))
    .flatMap(reachable);
  // Affinity is decided in the consuming cluster and only falls back when
  // the preferred side has nothing healthy (selectbackends.go).
  switch (affinity) {
    case 'local':
      return local.length > 0 ? local : remote;
    case 'remote':
      return remote.length > 0 ? remote : local;
    default:
      return [...local, ...remote];
  }
}

/** `num-shared-services` a peer reports for this cluster: its exported Services. */
export function numSharedServices(instances: ServiceInstance[]): number {
  return instances.filter(isExported).length;
}

/**
 * The ≤ 1.18 agent's `num-global-services`: distinct ns/name in its global
 * service cache, i.e. exported by at least one connected peer, whether or not
 * a local Service picks them up and whether or not they have backends.
 */
export function numGlobalServices(remoteExports: ServiceInstance[]): number {
  const names = new Set(
    remoteExports
      .filter(isExported)
      .map(({ service }) => `${service.namespace}/${service.name}`),
  );
  return names.size;
}

function inGlobalNamespace(instance: ServiceInstance): boolean {
  return namespaceIsGlobal(
    instance.ciliumMinor,
    instance.namespaceAnnotations,
    instance.defaultGlobalNamespace,
  );
}

function sameService(a: ServiceInstance, b: ServiceInstance): boolean {
  return (
    a.service.namespace === b.service.namespace &&
    a.service.name === b.service.name
  );
}

/** Not-ready endpoints never become load-balancer backends, local or exported. */
function reachable(instance: ServiceInstance): ReachableBackend[] {
  return instance.backends
    .filter(backend => backend.ready)
    .map(backend => ({
      cluster: instance.clusterName,
      clusterId: instance.clusterId,
      ip: backend.ip,
    }));
}
