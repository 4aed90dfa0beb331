import type { ClusterObjects } from '../../kube/clusterObjects';
import type { KubeObject } from '../../kube/types';
import {
  effectiveBackends,
  isExported,
  ReachableBackend,
  ServiceInstance,
} from '../services/globalServices';
import { ciliumMinor, CiliumSettings } from '../settings';

export type { ServiceInstance };
export type ServiceBackend = ReachableBackend;

/** A cluster's Services with their ready endpoints, and whether its clustermesh-apiserver exports each. */
export interface ClusterService extends ServiceInstance {
  exported: boolean;
}

/** Reads every Service of a cluster with what its EndpointSlices say about its backends. */
export function collectServiceInstances(
  objects: ClusterObjects,
  settings: CiliumSettings,
): ClusterService[] {
  const namespaces = new Map(
    objects
      .list({ apiVersion: 'v1', kind: 'Namespace' })
      .map(namespace => [
        namespace.metadata.name!,
        namespace.metadata.annotations ?? {},
      ]),
  );
  const backends = new Map<string, ServiceInstance['backends']>();
  for (const slice of objects.list({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
  })) {
    const service = slice.metadata.labels?.['kubernetes.io/service-name'];
    if (!service) continue;
    const key = `${slice.metadata.namespace}/${service}`;
    const list = backends.get(key) ?? [];
    for (const endpoint of ((slice as KubeObject & { endpoints?: any[] })
      .endpoints ?? []) as {
      addresses?: string[];
      conditions?: { ready?: boolean };
    }[]) {
      for (const ip of endpoint.addresses ?? []) {
        list.push({ ip, ready: endpoint.conditions?.ready !== false });
      }
    }
    backends.set(key, list);
  }
  const minor = ciliumMinor(settings.chartVersion);
  return objects
    .list({ apiVersion: 'v1', kind: 'Service' })
    .filter(service => service.metadata.namespace !== 'kube-system')
    .map(service => {
      const namespace = service.metadata.namespace!;
      const name = service.metadata.name!;
      const instance: ServiceInstance = {
        clusterName: settings.clusterName,
        clusterId: settings.clusterId,
        ciliumMinor: minor,
        defaultGlobalNamespace: settings.clustermesh.defaultGlobalNamespace,
        namespaceAnnotations: namespaces.get(namespace) ?? {},
        service: {
          namespace,
          name,
          annotations: service.metadata.annotations ?? {},
          exists: true,
        },
        backends: backends.get(`${namespace}/${name}`) ?? [],
      };
      return { ...instance, exported: isExported(instance) };
    });
}

/** The backends a client in the consumer cluster reaches for namespace/name. */
export function effectiveServiceBackends(
  consumer: CiliumSettings,
  localServices: ClusterService[],
  connectedPeersServices: ClusterService[],
  namespace: string,
  name: string,
): ServiceBackend[] {
  const matches = (instance: ServiceInstance) =>
    instance.service.namespace === namespace && instance.service.name === name;
  const local: ServiceInstance = localServices.find(matches) ?? {
    clusterName: consumer.clusterName,
    clusterId: consumer.clusterId,
    ciliumMinor: ciliumMinor(consumer.chartVersion),
    defaultGlobalNamespace: consumer.clustermesh.defaultGlobalNamespace,
    namespaceAnnotations: {},
    service: { namespace, name, annotations: {}, exists: false },
    backends: [],
  };
  return effectiveBackends(local, connectedPeersServices.filter(matches));
}
