import type {
  V1EndpointSlice,
  V1Namespace,
  V1Service,
} from '@kubernetes/client-node';
import type {
  NamespaceObservation,
  ServiceAffinity,
  ServiceObservation,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { compareText } from '@meshportal/plugin-cilium-clustermesh-common';

/** Each key is looked up before its legacy alias, as Cilium's pkg/annotation does. */
const ANNOTATIONS = {
  global: ['service.cilium.io/global', 'io.cilium/global-service'],
  shared: ['service.cilium.io/shared', 'io.cilium/shared-service'],
  affinity: ['service.cilium.io/affinity', 'io.cilium/service-affinity'],
} as const;

/** 1.20+, on the Namespace. */
export const GLOBAL_NAMESPACE_ANNOTATION = 'clustermesh.cilium.io/global';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** The operator's mirrors of remote backends (endpoint-slice sync): not this cluster's own. */
const MESH_SLICE_MANAGER = 'endpointslice-mesh-controller.cilium.io';

function lookup(
  annotations: Record<string, string>,
  keys: readonly string[],
): string | undefined {
  const key = keys.find(candidate => Object.hasOwn(annotations, candidate));
  return key === undefined ? undefined : annotations[key];
}

const isTrue = (value: string | undefined) => value?.toLowerCase() === 'true';

function hasMeshAnnotation(annotations: Record<string, string>): boolean {
  return Object.values(ANNOTATIONS).some(
    keys => lookup(annotations, keys) !== undefined,
  );
}

function affinityOf(value: string | undefined): {
  affinity: ServiceAffinity;
  invalidAffinity?: string;
} {
  const normalized = value?.trim().toLowerCase() ?? '';
  if (normalized === 'local' || normalized === 'remote') {
    return { affinity: normalized };
  }
  // Cilium logs "unrecognized service affinity" and carries on as none.
  if (normalized === '' || normalized === 'none') return { affinity: 'none' };
  return { affinity: 'none', invalidAffinity: value };
}

const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;

/** Ready endpoints per `namespace/service` in this cluster's own EndpointSlices. */
export function readyBackendsByService(
  slices: V1EndpointSlice[],
): Map<string, number> {
  const counts = new Map<string, Set<string>>();
  for (const slice of slices) {
    const labels = slice.metadata?.labels ?? {};
    const service = labels[SERVICE_NAME_LABEL];
    const namespace = slice.metadata?.namespace;
    if (
      !service ||
      !namespace ||
      labels[MANAGED_BY_LABEL] === MESH_SLICE_MANAGER
    ) {
      continue;
    }
    const key = keyOf(namespace, service);
    const ready = counts.get(key) ?? new Set<string>();
    for (const endpoint of slice.endpoints ?? []) {
      if (endpoint.conditions?.ready === false) continue;
      // A dual-stack pod has an endpoint in the IPv4 and in the IPv6 slice: count it once.
      const target = endpoint.targetRef;
      ready.add(
        target?.name
          ? `${target.kind}/${target.namespace ?? namespace}/${target.name}`
          : `${slice.metadata?.name}/${endpoint.addresses.join(',')}`,
      );
    }
    counts.set(key, ready);
  }
  return new Map([...counts].map(([key, set]) => [key, set.size]));
}

export interface ServicesView {
  services: ServiceObservation[];
  plainServices: string[];
}

/** Splits Services into those with any ClusterMesh annotation (global or not) and the rest. */
export function classifyServices(
  services: V1Service[],
  readyBackends: Map<string, number>,
): ServicesView {
  const annotated: ServiceObservation[] = [];
  const plainServices: string[] = [];
  for (const service of services) {
    const namespace = service.metadata?.namespace ?? '';
    const name = service.metadata?.name ?? '';
    const annotations = service.metadata?.annotations ?? {};
    if (!hasMeshAnnotation(annotations)) {
      plainServices.push(keyOf(namespace, name));
      continue;
    }
    const shared = lookup(annotations, ANNOTATIONS.shared);
    annotated.push({
      namespace,
      name,
      global: isTrue(lookup(annotations, ANNOTATIONS.global)),
      // Present but anything other than "true" (e.g. "yes") unshares it, as in Cilium.
      shared: shared === undefined ? true : isTrue(shared),
      ...affinityOf(lookup(annotations, ANNOTATIONS.affinity)),
      readyBackends: readyBackends.get(keyOf(namespace, name)) ?? 0,
    });
  }
  const byKey = (a: { namespace: string; name: string }, b: typeof a) =>
    compareText(keyOf(a.namespace, a.name), keyOf(b.namespace, b.name));
  return {
    services: annotated.sort(byKey),
    plainServices: plainServices.sort(),
  };
}

/** The namespaces that hold an annotated Service, with their 1.20 global flag. */
export function namespaceObservations(
  namespaces: V1Namespace[],
  services: ServiceObservation[],
): NamespaceObservation[] {
  const wanted = new Set(services.map(service => service.namespace));
  const annotationsByName = new Map(
    namespaces.map(namespace => [
      namespace.metadata?.name ?? '',
      namespace.metadata?.annotations ?? {},
    ]),
  );
  return [...wanted].sort().map(name => {
    const value = annotationsByName.get(name)?.[GLOBAL_NAMESPACE_ANNOTATION];
    return value === undefined ? { name } : { name, global: isTrue(value) };
  });
}
