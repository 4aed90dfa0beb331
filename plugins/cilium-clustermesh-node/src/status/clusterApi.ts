import {
  ApiException,
  Configuration,
  HttpMethod,
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
  /** The scrape as it arrived, UTF-8. */
  podMetrics(pod: string, port: number): Promise<Uint8Array>;
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

/**
 * Kubernetes answers as the wire JSON, read without client-node's model
 * deserialisation: at 255 clusters the backend makes ~4,000 reads per
 * refresh, and converting each into model classes cost more CPU (and
 * garbage) than the request itself. Observers only read plain fields.
 */
async function getBody(
  configuration: Configuration,
  path: string,
  query: Record<string, string | number | undefined>,
  accept: string,
): Promise<Buffer> {
  const context = configuration.baseServer.makeRequestContext(
    path,
    HttpMethod.GET,
  );
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) context.setQueryParam(name, String(value));
  }
  context.setHeaderParam('Accept', accept);
  await configuration.authMethods.default?.applySecurityAuthentication(context);
  const response = await configuration.httpApi.send(context).toPromise();
  const body = await response.body.binary();
  const status = response.httpStatusCode;
  if (status < 200 || status > 299) {
    // The same exception client-node throws, so errors classify alike.
    throw new ApiException(
      status,
      `HTTP ${status}`,
      body.toString('utf8', 0, Math.min(body.length, 4096)),
      response.headers,
    );
  }
  return body;
}

async function getJson<T>(
  configuration: Configuration,
  path: string,
  query: Record<string, string | number | undefined> = {},
): Promise<T> {
  const body = await getBody(configuration, path, query, 'application/json');
  return JSON.parse(body.toString('utf8')) as T;
}

/** A list page as it travels: `continue`, which client-node renames `_continue`. */
interface WireList<T> {
  items?: T[];
  metadata?: { continue?: string };
}

export function createClusterApi(
  configuration: Configuration,
  namespace: string,
): ClusterApi {
  const inNamespace = `/api/v1/namespaces/${encodeURIComponent(namespace)}`;
  const appsInNamespace = `/apis/apps/v1/namespaces/${encodeURIComponent(
    namespace,
  )}`;
  const one = <T>(source: string, path: string) =>
    get(source, () => getJson<T>(configuration, path));
  const every = <T>(source: string, path: string, query = {}) =>
    listAll<T>(source, async continueToken => {
      const page = await getJson<WireList<T>>(configuration, path, {
        ...query,
        limit: LIST_PAGE_SIZE,
        continue: continueToken,
      });
      return {
        items: page.items ?? [],
        metadata: { _continue: page.metadata?.continue },
      };
    });
  const named = (name: string) => encodeURIComponent(name);
  return {
    configMap: name =>
      one<V1ConfigMap>(
        `GET configmaps/${name}`,
        `${inNamespace}/configmaps/${named(name)}`,
      ),
    daemonSet: name =>
      one<V1DaemonSet>(
        `GET daemonsets/${name}`,
        `${appsInNamespace}/daemonsets/${named(name)}`,
      ),
    deployment: name =>
      one<V1Deployment>(
        `GET deployments/${name}`,
        `${appsInNamespace}/deployments/${named(name)}`,
      ),
    service: name =>
      one<V1Service>(
        `GET services/${name}`,
        `${inNamespace}/services/${named(name)}`,
      ),
    pods: labelSelector =>
      every<V1Pod>(`LIST pods -l ${labelSelector}`, `${inNamespace}/pods`, {
        labelSelector,
      }),
    podMetrics: (pod, port) =>
      read(`GET pods/${pod}:${port}/proxy/metrics`, () =>
        getBody(
          configuration,
          `${inNamespace}/pods/${named(`${pod}:${port}`)}/proxy/metrics`,
          {},
          'text/plain, */*;q=0.8',
        ),
      ),
    allServices: () =>
      every<V1Service>('LIST services (all namespaces)', '/api/v1/services'),
    allEndpointSlices: () =>
      every<V1EndpointSlice>(
        'LIST endpointslices (all namespaces)',
        '/apis/discovery.k8s.io/v1/endpointslices',
      ),
    allNamespaces: () =>
      every<V1Namespace>('LIST namespaces', '/api/v1/namespaces'),
  };
}
