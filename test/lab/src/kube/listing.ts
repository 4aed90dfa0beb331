import { ResourceType } from './resources/resourceType';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { KubeApiError } from './status';
import { lowerBound, ObjectStore, StoredObject } from './store';

export interface ListOptions {
  /** Omitted for a cluster-scoped resource or a list across all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ListPage {
  items: StoredObject[];
  resourceVersion: number;
  continue?: string;
  remainingItemCount?: number;
}

interface ContinueToken {
  v: 'meta.k8s.io/v1';
  rv: number;
  /** The first key the next page may start at. */
  start: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(text: string, store: ObjectStore): ContinueToken {
  let token: Partial<ContinueToken>;
  try {
    token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw KubeApiError.badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
  if (
    token.v !== 'meta.k8s.io/v1' ||
    typeof token.rv !== 'number' ||
    typeof token.start !== 'string'
  ) {
    throw KubeApiError.badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
  if (token.rv < store.oldestResumableVersion) {
    throw KubeApiError.expired(
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
    );
  }
  return token as ContinueToken;
}

/**
 * A list like the etcd-backed registry answers it: objects in key order,
 * filtered by selectors, cut into pages of `limit` with an opaque continue
 * token. Later pages read the current state from the token's key onwards
 * (the real server reads a snapshot; the lab keeps no old versions).
 */
export function listObjects(
  store: ObjectStore,
  resource: ResourceType,
  options: ListOptions,
): ListPage {
  const matchesLabels = parseLabelSelector(options.labelSelector);
  const matchesFields = parseFieldSelector(options.fieldSelector, resource);
  const token = options.continue
    ? decodeContinue(options.continue, store)
    : undefined;
  const resourceVersion = token?.rv ?? store.resourceVersion;
  const sorted = store.list(resource, options.namespace);
  const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
  const items: StoredObject[] = [];
  let index = token ? lowerBound(sorted, token.start) : 0;
  for (; index < sorted.length; index++) {
    const candidate = sorted[index];
    if (matchesLabels && !matchesLabels(candidate.object.metadata.labels)) {
      continue;
    }
    if (matchesFields && !matchesFields(candidate.object)) continue;
    if (items.length === limit) break;
    items.push(candidate);
  }
  if (index >= sorted.length) return { items, resourceVersion };
  const selective = Boolean(matchesLabels || matchesFields);
  return {
    items,
    resourceVersion,
    continue: encodeContinue({
      v: 'meta.k8s.io/v1',
      rv: resourceVersion,
      start: `${items[items.length - 1].key}\0`,
    }),
    ...(selective ? {} : { remainingItemCount: sorted.length - index }),
  };
}
