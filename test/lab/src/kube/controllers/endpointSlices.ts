import { ClusterObjects } from '../clusterObjects';
import { deepEqual } from '../json';
import {
  API_VERSIONS,
  ClusterState,
  ENDPOINT_SLICE_MANAGER,
} from './clusterState';
import { deleteObject } from './deletion';
import { controllerReference, isPodReady } from './podTemplates';
import { EndpointSlice, Pod, Service, ServicePort } from './shapes';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/** The Services the controller keeps slices for: those selecting pods. */
export function selectorOf(
  service: Service,
): Record<string, string> | undefined {
  const selector = service.spec?.selector;
  return service.spec?.type !== 'ExternalName' &&
    selector &&
    Object.keys(selector).length > 0
    ? selector
    : undefined;
}

/** What an endpoint shows of a pod; a pod change that leaves this alone changes no slice. */
export function endpointFacts(pod: Pod | undefined): unknown {
  if (!pod) return undefined;
  return {
    name: pod.metadata.name,
    labels: pod.metadata.labels,
    ip: pod.status?.podIP,
    ready: isPodReady(pod),
    nodeName: pod.spec?.nodeName,
    terminal:
      pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed',
  };
}

/** FindPort: a numeric targetPort as is, a named one through the pod's container ports. */
function resolvePort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  for (const container of pod.spec?.containers ?? []) {
    const match = container.ports?.find(
      candidate =>
        candidate.name === target && (candidate.protocol ?? 'TCP') === protocol,
    );
    if (match) return match.containerPort;
  }
  return undefined;
}

/**
 * One EndpointSlice per selecting Service, listing its pods that have an
 * address, as the endpointslice controller writes them for up to 100
 * endpoints. Ports are resolved against the first pod; a Service without
 * pods gets a slice without endpoints or ports, like the real placeholder.
 */
export class EndpointSliceController {
  constructor(
    private readonly state: ClusterState,
    private readonly objects: ClusterObjects,
    private readonly zoneOf: (nodeName: string) => string | undefined,
  ) {}

  reconcile(key: string): void {
    const service = this.state.services.get(key);
    const existing = this.state.slicesOf(key);
    const selector = service && selectorOf(service);
    if (!service || !selector) {
      for (const slice of existing) this.deleteSlice(slice);
      return;
    }
    const [kept, ...duplicates] = existing;
    for (const slice of duplicates) this.deleteSlice(slice);
    const wanted = this.sliceFor(service, selector);
    if (!kept) {
      this.objects.create({
        ...wanted,
        metadata: {
          ...wanted.metadata,
          generateName: `${service.metadata.name}-`,
        },
      });
      return;
    }
    const current = {
      labels: kept.metadata.labels,
      ownerReferences: kept.metadata.ownerReferences,
      addressType: kept.addressType,
      endpoints: kept.endpoints,
      ports: kept.ports,
    };
    const next = {
      labels: wanted.metadata.labels,
      ownerReferences: wanted.metadata.ownerReferences,
      addressType: wanted.addressType,
      endpoints: wanted.endpoints,
      ports: wanted.ports,
    };
    if (deepEqual(current, next)) return;
    const { ports: _ports, ...withoutPorts } = kept;
    this.objects.update({
      ...withoutPorts,
      metadata: {
        ...kept.metadata,
        labels: next.labels,
        ownerReferences: next.ownerReferences,
      },
      addressType: next.addressType,
      endpoints: next.endpoints,
      ...(next.ports ? { ports: next.ports } : {}),
    });
  }

  private sliceFor(
    service: Service,
    selector: Record<string, string>,
  ): EndpointSlice {
    const namespace = service.metadata.namespace!;
    const publishNotReady = service.spec?.publishNotReadyAddresses === true;
    const pods = this.state
      .podsSelectedBy(namespace, selector)
      .filter(
        pod =>
          pod.status?.podIP &&
          pod.status.phase !== 'Succeeded' &&
          pod.status.phase !== 'Failed',
      )
      .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    const endpoints = pods.map(pod => {
      const serving = isPodReady(pod);
      const terminating = Boolean(pod.metadata.deletionTimestamp);
      const nodeName = pod.spec?.nodeName;
      const zone = nodeName ? this.zoneOf(nodeName) : undefined;
      return {
        addresses: [pod.status!.podIP!],
        conditions: {
          ready: publishNotReady || (serving && !terminating),
          serving,
          terminating,
        },
        ...(nodeName ? { nodeName } : {}),
        ...(zone !== undefined ? { zone } : {}),
        targetRef: {
          kind: 'Pod',
          namespace,
          name: pod.metadata.name,
          uid: pod.metadata.uid,
        },
      };
    });
    const [first] = pods;
    const ports = first
      ? (service.spec?.ports ?? []).flatMap(port => {
          const resolved = resolvePort(first, port);
          return resolved === undefined
            ? []
            : [
                {
                  ...(port.name !== undefined ? { name: port.name } : {}),
                  protocol: port.protocol ?? 'TCP',
                  port: resolved,
                },
              ];
        })
      : undefined;
    const serviceLabels = { ...service.metadata.labels };
    delete serviceLabels[SERVICE_NAME_LABEL];
    delete serviceLabels[MANAGED_BY_LABEL];
    return {
      apiVersion: API_VERSIONS.EndpointSlice,
      kind: 'EndpointSlice',
      metadata: {
        namespace,
        labels: {
          ...serviceLabels,
          [SERVICE_NAME_LABEL]: service.metadata.name!,
          [MANAGED_BY_LABEL]: ENDPOINT_SLICE_MANAGER,
          ...(service.spec?.clusterIP === 'None'
            ? { [HEADLESS_LABEL]: '' }
            : {}),
        },
        ownerReferences: [controllerReference(service)],
      },
      addressType: 'IPv4',
      endpoints,
      ...(ports ? { ports } : {}),
    };
  }

  private deleteSlice(slice: EndpointSlice): void {
    deleteObject(this.objects, slice);
  }
}
