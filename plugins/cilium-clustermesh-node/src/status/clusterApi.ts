import {
  AppsV1Api,
  Configuration,
  CoreV1Api,
  DiscoveryV1Api,
  V1ConfigMap,
  V1DaemonSet,
  V1Deployment,
  V1EndpointSlice,
  V1ListMeta,
  V1Namespace,
  V1Pod,
  V1Service,
} from '@kubernetes/client-node';
import { isNotFound, ObservationFailure, observationError } from './errors';

/** Page size for cluster-wide lists: bounded memory per answer, few requests. */
export const LIST_PAGE_SIZE = 500;
/** A continue token that never ends would otherwise loop until the deadline. */
const MAX_PAGES = 10_000;

/**
 * The reads the observer makes, and nothing else: get and list, plus GET
 * through `pods/proxy`. Each failure is thrown as an ObservationFailure naming
 * what was read; a Namespaced get answers undefined on 404.
 */
export interface ClusterApi {
  configMap(name: string): Promise<V1ConfigMap | undefined>;
  daemonSet(name: string): Promise<V1DaemonSet | undefined>;
  deployment(name: string): Promise<V1Deployment | undefined>;
  service(name: string): Promise<V1Service | undefined>;
  pods(labelSelector: string): Promise<V1Pod[]>;
  podMetrics(pod: string, port: number): Promise<string>;
  allServices(): Promise<V1Service[]>;
  allEndpointSlices(): Promise<V1EndpointSlice[]>;
  allNamespaces(): Promise<V1Namespace[]>;
}

async function read<T>(source: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new ObservationFailure(observationError(source, error));
  }
}

async function get<T>(
  source: string,
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw new ObservationFailure(observationError(source, error));
  }
}

async function listAll<T>(
  source: string,
  page: (
    continueToken: string | undefined,
  ) => Promise<{ items: T[]; metadata?: V1ListMeta }>,
): Promise<T[]> {
  const items: T[] = [];
  let continueToken: string | undefined;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const token = continueToken;
    const answer = await read(source, () => page(token));
    items.push(...answer.items);
    continueToken = answer.metadata?._continue || undefined;
    if (!continueToken) return items;
  }
  throw new ObservationFailure({
    source,
    kind: 'invalid',
    message: `${source}: the server kept paginating past ${MAX_PAGES} pages`,
  });
}

export function createClusterApi(
  configuration: Configuration,
  namespace: string,
): ClusterApi {
  const core = new CoreV1Api(configuration);
  const apps = new AppsV1Api(configuration);
  const discovery = new DiscoveryV1Api(configuration);
  return {
    configMap: name =>
      get(`GET configmaps/${name}`, () =>
        core.readNamespacedConfigMap({ name, namespace }),
      ),
    daemonSet: name =>
      get(`GET daemonsets/${name}`, () =>
        apps.readNamespacedDaemonSet({ name, namespace }),
      ),
    deployment: name =>
      get(`GET deployments/${name}`, () =>
        apps.readNamespacedDeployment({ name, namespace }),
      ),
    service: name =>
      get(`GET services/${name}`, () =>
        core.readNamespacedService({ name, namespace }),
      ),
    pods: labelSelector =>
      listAll(`LIST pods -l ${labelSelector}`, continueToken =>
        core.listNamespacedPod({
          namespace,
          labelSelector,
          limit: LIST_PAGE_SIZE,
          _continue: continueToken,
        }),
      ),
    podMetrics: (pod, port) =>
      read(`GET pods/${pod}:${port}/proxy/metrics`, async () =>
        String(
          await core.connectGetNamespacedPodProxyWithPath({
            name: `${pod}:${port}`,
            namespace,
            path: 'metrics',
          }),
        ),
      ),
    allServices: () =>
      listAll('LIST services (all namespaces)', continueToken =>
        core.listServiceForAllNamespaces({
          limit: LIST_PAGE_SIZE,
          _continue: continueToken,
        }),
      ),
    allEndpointSlices: () =>
      listAll('LIST endpointslices (all namespaces)', continueToken =>
        discovery.listEndpointSliceForAllNamespaces({
          limit: LIST_PAGE_SIZE,
          _continue: continueToken,
        }),
      ),
    allNamespaces: () =>
      listAll('LIST namespaces', continueToken =>
        core.listNamespace({
          limit: LIST_PAGE_SIZE,
          _continue: continueToken,
        }),
      ),
  };
}
