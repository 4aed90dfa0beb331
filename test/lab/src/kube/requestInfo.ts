import { KubeApiError } from './status';

export interface ResourceRequest {
  kind: 'resource';
  verb: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** For proxy subresources: the path after `proxy`, always starting with `/`. */
  subpath: string;
  query: URLSearchParams;
}

export interface NonResourceRequest {
  kind: 'nonResource';
  verb: string;
  path: string;
  query: URLSearchParams;
}

export type RequestInfo = ResourceRequest | NonResourceRequest;

/** Subresources of a namespace, which must not be mistaken for a resource inside it. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Go's strconv.ParseBool, which the API server uses for `watch`. */
export function isTrue(value: string | null): boolean {
  return (
    value !== null && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)
  );
}

function decodeSegments(path: string): string[] {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw KubeApiError.badRequest(`invalid URL path: ${path}`);
  }
}

/** Works out what a request is about, the way the API server's RequestInfoFactory does. */
export function parseRequestInfo(method: string, url: URL): RequestInfo {
  const query = url.searchParams;
  const segments = decodeSegments(url.pathname);
  const httpVerb = method.toLowerCase();
  const nonResource = (): NonResourceRequest => ({
    kind: 'nonResource',
    verb: httpVerb,
    path: url.pathname,
    query,
  });
  let parts: string[];
  let apiGroup: string;
  let apiVersion: string;
  if (segments[0] === 'api' && segments.length >= 3) {
    [apiGroup, apiVersion, parts] = ['', segments[1], segments.slice(2)];
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    [apiGroup, apiVersion, parts] = [
      segments[1],
      segments[2],
      segments.slice(3),
    ];
  } else {
    return nonResource();
  }
  let legacyWatch = false;
  if (parts[0] === 'watch') {
    legacyWatch = true;
    parts = parts.slice(1);
  }
  let namespace: string | undefined;
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1];
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2])) {
      parts = parts.slice(2);
    }
  }
  const [resource, name, subresource, ...rest] = parts;
  if (!resource) return nonResource();
  let verb: string;
  switch (httpVerb) {
    case 'get':
    case 'head':
      if (legacyWatch || isTrue(query.get('watch'))) verb = 'watch';
      else verb = name ? 'get' : 'list';
      break;
    case 'post':
      verb = 'create';
      break;
    case 'put':
      verb = 'update';
      break;
    case 'patch':
      verb = 'patch';
      break;
    case 'delete':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      verb = httpVerb;
  }
  if (legacyWatch && name) {
    query.set(
      'fieldSelector',
      [query.get('fieldSelector'), `metadata.name=${name}`]
        .filter(Boolean)
        .join(','),
    );
  }
  return {
    kind: 'resource',
    verb,
    apiGroup,
    apiVersion,
    resource,
    namespace,
    name: legacyWatch ? undefined : name,
    subresource,
    subpath: `/${rest.join('/')}${
      rest.length > 0 && url.pathname.endsWith('/') ? '/' : ''
    }`,
    query,
  };
}
