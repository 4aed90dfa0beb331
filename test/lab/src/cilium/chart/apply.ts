import { ClusterObjects } from '../../kube/clusterObjects';
import { deepEqual } from '../../kube/json';
import { KubeObject } from '../../kube/types';
import { isOwnedBy, MANAGED_BY, objectKey, ReleaseRef } from './metadata';
import { isMap } from './values';

/** Kinds the chart renders that the lab keeps; pruning looks only at these. */
export const RENDERED_KINDS = [
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet' },
];

/** Maps whose keys are the chart's alone: taken whole rather than merged key by key. */
const ATOMIC_FIELDS = new Set(['data', 'stringData']);

function mergeKeyOf(item: unknown): unknown {
  if (!isMap(item)) return undefined;
  return item.name ?? item.port ?? item.ip;
}

function mergeList(
  last: unknown,
  desired: unknown[],
  live: unknown[],
): unknown[] {
  const lastItems = Array.isArray(last) ? last : [];
  return desired.map((item, index) => {
    const key = mergeKeyOf(item);
    const find = (items: unknown[]) =>
      key === undefined
        ? items[index]
        : items.find(candidate => mergeKeyOf(candidate) === key);
    const liveItem = find(live);
    return isMap(item) && isMap(liveItem)
      ? threeWayMerge(find(lastItems), item, liveItem)
      : item;
  });
}

/**
 * Helm's three-way merge, simplified: what the chart renders wins, what it
 * rendered last time and no longer does goes, and everything else on the
 * live object (status, server defaults, other controllers' fields) stays.
 * List items are matched by name/port/ip so defaults inside them stay too.
 */
export function threeWayMerge(
  last: unknown,
  desired: unknown,
  live: unknown,
): unknown {
  if (Array.isArray(desired) && Array.isArray(live)) {
    return mergeList(last, desired, live);
  }
  if (!isMap(desired) || !isMap(live)) return desired;
  const lastMap = isMap(last) ? last : {};
  const result: Record<string, unknown> = { ...live };
  for (const key of Object.keys(lastMap)) {
    if (!(key in desired)) delete result[key];
  }
  for (const [key, value] of Object.entries(desired)) {
    result[key] = ATOMIC_FIELDS.has(key)
      ? value
      : threeWayMerge(lastMap[key], value, live[key]);
  }
  return result;
}

function referenceOf(object: KubeObject) {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace,
    name: object.metadata.name!,
  };
}

export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

/** Creates the object, or updates it when the merge changes anything; never writes an unchanged object. */
export function applyObject(
  objects: ClusterObjects,
  desired: KubeObject,
  last?: KubeObject,
): ApplyOutcome {
  const live = objects.get<KubeObject>(referenceOf(desired));
  if (!live) {
    objects.create(desired);
    return 'created';
  }
  const merged = threeWayMerge(last ?? desired, desired, live) as KubeObject;
  if (deepEqual(merged, live)) return 'unchanged';
  objects.update(merged);
  return 'updated';
}

/** Every object of the rendered kinds that carries this release's ownership. */
export function ownedObjects(
  objects: ClusterObjects,
  release: ReleaseRef,
): KubeObject[] {
  return RENDERED_KINDS.flatMap(type =>
    objects
      .list<KubeObject>(type, { labelSelector: `${MANAGED_BY}=Helm` })
      .filter(object => isOwnedBy(object, release)),
  );
}

/** Deletes what the release owns but no longer renders (everything, for an uninstall). */
export function pruneOwned(
  objects: ClusterObjects,
  release: ReleaseRef,
  keep: Set<string>,
): KubeObject[] {
  const removed: KubeObject[] = [];
  for (const object of ownedObjects(objects, release)) {
    if (keep.has(objectKey(object))) continue;
    try {
      removed.push(objects.delete<KubeObject>(referenceOf(object)));
    } catch (error) {
      if ((error as { code?: number }).code !== 404) throw error;
    }
  }
  return removed;
}
