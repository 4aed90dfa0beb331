import { ResourceType, storageKeyOf } from './resources/resourceType';
import { KubeObject, WatchEventType } from './types';

/**
 * One stored version of an object. Stored objects are never mutated (every
 * write stores a new one), so their JSON can be cached: a list request just
 * joins cached strings instead of copying or re-serialising the store.
 */
export class StoredObject {
  private fullJson?: string;
  private listItemJson?: string;

  constructor(readonly object: KubeObject, readonly key: string) {}

  get resourceVersion(): number {
    return Number(this.object.metadata.resourceVersion);
  }

  json(): string {
    this.fullJson ??= JSON.stringify(this.object);
    return this.fullJson;
  }

  /** The object as a list item, optionally without apiVersion/kind (see ResourceType.listItemsKeepTypeMeta). */
  listItem(keepTypeMeta: boolean): string {
    if (keepTypeMeta) return this.json();
    if (this.listItemJson === undefined) {
      const { apiVersion: _apiVersion, kind: _kind, ...rest } = this.object;
      this.listItemJson = JSON.stringify(rest);
    }
    return this.listItemJson;
  }

  /** A private copy for code outside the store. */
  copy(): KubeObject {
    return JSON.parse(this.json()) as KubeObject;
  }
}

export interface StoreEvent {
  type: WatchEventType;
  resource: ResourceType;
  /** For DELETED: the last state, stamped with the deletion's resourceVersion. */
  object: StoredObject;
  /** The state before a MODIFIED, so watchers can tell objects entering or leaving a selector. */
  previous?: StoredObject;
  resourceVersion: number;
}

export type StoreListener = (event: StoreEvent) => void;

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** The objects of one resource, with sorted views cached until the next insert or delete. */
class Bucket {
  private readonly objects = new Map<string, Map<string, StoredObject>>();
  private readonly sorted = new Map<string, StoredObject[]>();

  get(namespace: string, name: string): StoredObject | undefined {
    return this.objects.get(namespace)?.get(name);
  }

  /** Sorted by key (namespace/name), like etcd ranges, so continue tokens can resume by key. */
  list(namespace?: string): StoredObject[] {
    const view = namespace ?? '\0all';
    let sorted = this.sorted.get(view);
    if (!sorted) {
      const source =
        namespace === undefined
          ? [...this.objects.values()].flatMap(objects => [...objects.values()])
          : [...(this.objects.get(namespace)?.values() ?? [])];
      // Keys are unique within a bucket, so no two compare equal.
      sorted = source.sort((a, b) => (a.key < b.key ? -1 : 1));
      this.sorted.set(view, sorted);
    }
    return sorted;
  }

  namespaces(): string[] {
    return [...this.objects.keys()];
  }

  /** Every object, unsorted: what a scan needs without paying for the sorted view. */
  *values(): IterableIterator<StoredObject> {
    for (const objects of this.objects.values()) yield* objects.values();
  }

  put(
    namespace: string,
    name: string,
    stored: StoredObject,
  ): StoredObject | undefined {
    let objects = this.objects.get(namespace);
    if (!objects) {
      objects = new Map();
      this.objects.set(namespace, objects);
    }
    const previous = objects.get(name);
    objects.set(name, stored);
    if (previous) {
      this.replaceInViews(namespace, stored);
    } else {
      this.forgetViews(namespace);
    }
    return previous;
  }

  remove(namespace: string, name: string): StoredObject | undefined {
    const objects = this.objects.get(namespace);
    const previous = objects?.get(name);
    if (!objects || !previous) return undefined;
    objects.delete(name);
    if (objects.size === 0) this.objects.delete(namespace);
    this.forgetViews(namespace);
    return previous;
  }

  private replaceInViews(namespace: string, stored: StoredObject): void {
    for (const view of [namespace, '\0all']) {
      const sorted = this.sorted.get(view);
      if (!sorted) continue;
      const index = lowerBound(sorted, stored.key);
      sorted[index] = stored;
    }
  }

  private forgetViews(namespace: string): void {
    this.sorted.delete(namespace);
    this.sorted.delete('\0all');
  }
}

/** Index of the first object whose key is >= `key`. */
export function lowerBound(
  sorted: readonly StoredObject[],
  key: string,
): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle].key < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The cluster's etcd: objects by resource, one resourceVersion counter for
 * everything, and a bounded history of changes for watches to resume from.
 */
export class ObjectStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<StoreListener>();
  private readonly pending: StoreEvent[] = [];
  private dispatching = false;
  private revision = 0;
  /** Events up to and including this revision are no longer in the history. */
  private compactedThrough = 0;

  constructor(private readonly historyLimit: number) {}

  get resourceVersion(): number {
    return this.revision;
  }

  get(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
  ): StoredObject | undefined {
    return this.buckets.get(storageKeyOf(resource))?.get(namespace ?? '', name);
  }

  list(resource: ResourceType, namespace?: string): readonly StoredObject[] {
    return this.buckets.get(storageKeyOf(resource))?.list(namespace) ?? [];
  }

  /** Stores a new version (the caller hands over ownership of `object`) and stamps its resourceVersion. */
  put(resource: ResourceType, object: KubeObject): StoredObject {
    const { namespace, name = '' } = object.metadata;
    const revision = ++this.revision;
    object.metadata.resourceVersion = String(revision);
    const stored = new StoredObject(object, objectKey(namespace, name));
    const previous = this.bucketOf(resource).put(namespace ?? '', name, stored);
    this.record({
      type: previous ? 'MODIFIED' : 'ADDED',
      resource,
      object: stored,
      previous,
      resourceVersion: revision,
    });
    return stored;
  }

  remove(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
  ): StoredObject | undefined {
    const removed = this.buckets
      .get(storageKeyOf(resource))
      ?.remove(namespace ?? '', name);
    if (!removed) return undefined;
    const revision = ++this.revision;
    const tombstone = removed.copy();
    tombstone.metadata.resourceVersion = String(revision);
    const stored = new StoredObject(tombstone, removed.key);
    this.record({
      type: 'DELETED',
      resource,
      object: stored,
      resourceVersion: revision,
    });
    return stored;
  }

  /** Every stored object of the resource, in no particular order. */
  values(resource: ResourceType): Iterable<StoredObject> {
    return this.buckets.get(storageKeyOf(resource))?.values() ?? [];
  }

  /** Namespaces that hold at least one object of this resource. */
  namespacesOf(resource: ResourceType): string[] {
    return this.buckets.get(storageKeyOf(resource))?.namespaces() ?? [];
  }

  /**
   * Changes after `resourceVersion`, oldest first, or undefined when some of
   * them have already been dropped from the bounded history.
   */
  eventsSince(resourceVersion: number): StoreEvent[] | undefined {
    if (resourceVersion < this.compactedThrough) return undefined;
    let low = 0;
    let high = this.history.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.history[middle].resourceVersion <= resourceVersion) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return this.history.slice(low);
  }

  /** The oldest resourceVersion a watch can still resume from. */
  get oldestResumableVersion(): number {
    return this.compactedThrough;
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private bucketOf(resource: ResourceType): Bucket {
    const key = storageKeyOf(resource);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new Bucket();
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(
        0,
        this.history.length - this.historyLimit,
      );
      this.compactedThrough = dropped[dropped.length - 1].resourceVersion;
    }
    this.pending.push(event);
    this.dispatch();
  }

  /**
   * Delivers events in commit order even when a listener writes to the store:
   * the nested write's event is queued behind the one being delivered.
   */
  private dispatch(): void {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (
        let event = this.pending.shift();
        event;
        event = this.pending.shift()
      ) {
        for (const listener of [...this.listeners]) {
          try {
            listener(event);
          } catch (error) {
            // A failing listener is a bug in the lab; surface it without starving the others.
            queueMicrotask(() => {
              throw error;
            });
          }
        }
      }
    } finally {
      this.dispatching = false;
    }
  }
}
