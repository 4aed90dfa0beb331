import { jsonCopy } from './json';
import { ResourceOperations, UpdateOptions, WriteOptions } from './operations';
import { PatchType } from './patch';
import { storageKeyOf } from './resources/resourceType';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { KubeApiError } from './status';
import { StoredObject } from './store';
import { KubeObject, WatchEventType } from './types';

export interface TypeReference {
  /** `v1`, `apps/v1`, `cilium.io/v2` */
  apiVersion: string;
  kind: string;
}

export interface ObjectReference extends TypeReference {
  /** Required for namespaced kinds. */
  namespace?: string;
  name: string;
}

export interface ObjectQuery {
  /** Omit to list across all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ChangeFilter extends Partial<TypeReference>, ObjectQuery {
  name?: string;
}

export interface ObjectChange<T> {
  type: WatchEventType;
  object: T;
  /** The state before a MODIFIED. */
  previous?: T;
  resourceVersion: string;
}

/**
 * A change whose copies are made on first read: many listeners only need
 * to know that something changed, and a large lab delivers a lot of events.
 */
function lazyChange<T>(event: {
  type: WatchEventType;
  object: StoredObject;
  previous?: StoredObject;
  resourceVersion: number;
}): ObjectChange<T> {
  let object: T | undefined;
  let previous: T | undefined;
  const change = {
    type: event.type,
    resourceVersion: String(event.resourceVersion),
    get object(): T {
      object ??= event.object.copy() as T;
      return object;
    },
  } as ObjectChange<T>;
  if (event.previous) {
    const stored = event.previous;
    Object.defineProperty(change, 'previous', {
      enumerable: true,
      get: () => {
        previous ??= stored.copy() as T;
        return previous;
      },
    });
  }
  return change;
}

/**
 * The lab's in-process door to a cluster's objects: the same rules as the
 * HTTP API (validation, defaults, conflicts, events) without HTTP or
 * authorization. Objects going in and out are copies, so callers may mutate
 * them freely. Failures throw KubeApiError carrying the Status the API would send.
 */
export class ClusterObjects {
  constructor(private readonly operations: ResourceOperations) {}

  get<T extends object = KubeObject>(
    reference: ObjectReference,
  ): T | undefined {
    const resource = this.operations.resourceOf(reference);
    return this.operations
      .find(resource, reference.namespace, reference.name)
      ?.copy() as T | undefined;
  }

  list<T extends object = KubeObject>(
    type: TypeReference,
    query: ObjectQuery = {},
  ): T[] {
    const resource = this.operations.resourceOf(type);
    return this.operations
      .list(resource, query)
      .items.map(stored => stored.copy() as T);
  }

  create<T extends object>(object: T, options: WriteOptions = {}): T {
    const body = jsonCopy(object) as unknown as KubeObject;
    const resource = this.operations.resourceOf(body);
    return this.operations
      .create(resource, body.metadata?.namespace, body, options)
      .copy() as T;
  }

  /** A PUT: fails with 409 Conflict if `metadata.resourceVersion` is set and stale. */
  update<T extends object>(object: T, options: UpdateOptions = {}): T {
    const body = jsonCopy(object) as unknown as KubeObject;
    const resource = this.operations.resourceOf(body);
    const { namespace, name = '' } = body.metadata ?? {};
    return this.operations
      .update(resource, namespace, name, body, options)
      .copy() as T;
  }

  /** A PUT to the `/status` subresource: only the status of `object` is written. */
  updateStatus<T extends object>(object: T, options: WriteOptions = {}): T {
    return this.update(object, { ...options, subresource: 'status' });
  }

  patch<T extends object = KubeObject>(
    reference: ObjectReference,
    patch: unknown,
    patchType: PatchType = 'merge',
    options: UpdateOptions = {},
  ): T {
    const resource = this.operations.resourceOf(reference);
    const { namespace, name } = reference;
    return this.operations
      .patch(resource, namespace, name, patchType, jsonCopy(patch), options)
      .copy() as T;
  }

  /** Returns the deleted object; throws 404 NotFound if there was none. */
  delete<T extends object = KubeObject>(
    reference: ObjectReference,
    options: WriteOptions = {},
  ): T {
    const resource = this.operations.resourceOf(reference);
    return this.operations
      .delete(resource, reference.namespace, reference.name, options)
      .copy() as T;
  }

  /** Binds a pending pod to a node, as the scheduler does; 409 if it is already bound. */
  bindPod<T extends object = KubeObject>(
    namespace: string,
    name: string,
    nodeName: string,
  ): T {
    return this.operations.bindPod(namespace, name, nodeName).copy() as T;
  }

  /**
   * Calls `listener` after every committed change matching `filter` (before
   * or after the change), in commit order. Changes the listener makes are
   * delivered after it returns. Returns a function that unsubscribes.
   */
  onChange<T extends object = KubeObject>(
    filter: ChangeFilter,
    listener: (change: ObjectChange<T>) => void,
  ): () => void {
    const resource =
      filter.apiVersion && filter.kind
        ? this.operations.resourceOf(filter as TypeReference)
        : undefined;
    if (filter.fieldSelector && !resource) {
      throw KubeApiError.badRequest(
        'a fieldSelector needs apiVersion and kind: field selectors depend on the kind',
      );
    }
    const matchesLabels = parseLabelSelector(filter.labelSelector);
    const matchesFields =
      resource && parseFieldSelector(filter.fieldSelector, resource);
    const matches = ({ object }: StoredObject): boolean =>
      (filter.kind === undefined || object.kind === filter.kind) &&
      (filter.namespace === undefined ||
        object.metadata.namespace === filter.namespace) &&
      (filter.name === undefined || object.metadata.name === filter.name) &&
      (!matchesLabels || matchesLabels(object.metadata.labels)) &&
      (!matchesFields || matchesFields(object));
    return this.operations.store.subscribe(event => {
      if (resource && storageKeyOf(event.resource) !== storageKeyOf(resource)) {
        return;
      }
      if (
        !matches(event.object) &&
        !(event.previous && matches(event.previous))
      ) {
        return;
      }
      listener(lazyChange<T>(event));
    });
  }
}
