import { objectKey } from '../store';
import { KubeObject } from '../types';
import {
  DaemonSet,
  Deployment,
  EndpointSlice,
  Node,
  OwnerReference,
  Pod,
  ReplicaSet,
  Service,
} from './shapes';

/** The kinds the controllers watch, by the store key their resource is kept under. */
export const WATCHED_KINDS = {
  '/nodes': 'Node',
  '/pods': 'Pod',
  '/services': 'Service',
  'apps/replicasets': 'ReplicaSet',
  'apps/deployments': 'Deployment',
  'apps/daemonsets': 'DaemonSet',
  'discovery.k8s.io/endpointslices': 'EndpointSlice',
} as const;

export type WatchedKind = (typeof WATCHED_KINDS)[keyof typeof WATCHED_KINDS];

export const API_VERSIONS: Record<WatchedKind, string> = {
  Node: 'v1',
  Pod: 'v1',
  Service: 'v1',
  ReplicaSet: 'apps/v1',
  Deployment: 'apps/v1',
  DaemonSet: 'apps/v1',
  EndpointSlice: 'discovery.k8s.io/v1',
};

export const ENDPOINT_SLICE_MANAGER = 'endpointslice-controller.k8s.io';

const EMPTY: ReadonlySet<string> = new Set();

/** A multimap of string to string, dropping empty sets so it does not grow with churn. */
class SetIndex {
  private readonly sets = new Map<string, Set<string>>();

  add(index: string, value: string): void {
    let values = this.sets.get(index);
    if (!values) {
      values = new Set();
      this.sets.set(index, values);
    }
    values.add(value);
  }

  delete(index: string, value: string): void {
    const values = this.sets.get(index);
    if (!values) return;
    values.delete(value);
    if (values.size === 0) this.sets.delete(index);
  }

  get(index: string): ReadonlySet<string> {
    return this.sets.get(index) ?? EMPTY;
  }
}

export function keyOf(object: KubeObject): string {
  return objectKey(object.metadata.namespace, object.metadata.name!);
}

export function ownerReferencesOf(object: KubeObject): OwnerReference[] {
  const references = object.metadata.ownerReferences;
  return Array.isArray(references) ? (references as OwnerReference[]) : [];
}

export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return ownerReferencesOf(object).find(reference => reference.controller);
}

/** `namespace`, label key and value in one index key; NUL cannot occur in any of them. */
function labelIndexKey(namespace: string, key: string, value: string): string {
  return `${namespace}\0${key}\0${value}`;
}

/**
 * The controllers' informer caches: the stored objects of the watched kinds
 * (shared with the store, which never mutates a stored object, so nothing
 * here may mutate them either) and the indexes the controllers look up by.
 */
export class ClusterState {
  readonly nodes = new Map<string, Node>();
  readonly pods = new Map<string, Pod>();
  readonly services = new Map<string, Service>();
  readonly replicaSets = new Map<string, ReplicaSet>();
  readonly deployments = new Map<string, Deployment>();
  readonly daemonSets = new Map<string, DaemonSet>();
  readonly endpointSlices = new Map<string, EndpointSlice>();
  /** Owner uid → `Kind|namespace/name` of objects naming it in ownerReferences. */
  private readonly dependents = new SetIndex();
  /** Node name → keys of pods bound to it. */
  private readonly podsOnNode = new SetIndex();
  /** Keys of pods not yet bound to a node. */
  readonly unscheduledPods = new Set<string>();
  /** Namespace + label pair → keys of pods carrying it. */
  private readonly podsByLabel = new SetIndex();
  /** Namespace + one of its selector's pairs → keys of Services selecting it. */
  private readonly servicesBySelector = new SetIndex();
  /** Service key → keys of the EndpointSlices managed for it. */
  private readonly slicesOfService = new SetIndex();

  /** Applies a committed change; returns what was cached before. */
  apply(
    kind: WatchedKind,
    object: KubeObject,
    removed: boolean,
  ): KubeObject | undefined {
    const key = keyOf(object);
    const objects = this.mapOf(kind);
    const before = objects.get(key);
    if (before) this.unindex(kind, key, before);
    if (removed) {
      objects.delete(key);
    } else {
      objects.set(key, object);
      this.index(kind, key, object);
    }
    return before;
  }

  /** Objects of `kind` that name `uid` in their ownerReferences. */
  dependentsOf<T extends KubeObject>(uid: string, kind: WatchedKind): T[] {
    const prefix = `${kind}|`;
    const objects = this.mapOf(kind);
    const found: T[] = [];
    for (const entry of this.dependents.get(uid)) {
      if (!entry.startsWith(prefix)) continue;
      const object = objects.get(entry.slice(prefix.length));
      if (object) found.push(object as T);
    }
    return found;
  }

  /** Objects of `kind` whose controller is the object with `uid`. */
  controlledBy<T extends KubeObject>(uid: string, kind: WatchedKind): T[] {
    return this.dependentsOf<T>(uid, kind).filter(
      object => controllerOf(object)?.uid === uid,
    );
  }

  podsBoundTo(nodeName: string): Pod[] {
    return [...this.podsOnNode.get(nodeName)]
      .map(key => this.pods.get(key))
      .filter((pod): pod is Pod => pod !== undefined);
  }

  podCountOn(nodeName: string): number {
    return this.podsOnNode.get(nodeName).size;
  }

  /** Pods of the namespace that carry every pair of `selector`, found through its rarest pair. */
  podsSelectedBy(namespace: string, selector: Record<string, string>): Pod[] {
    let smallest: ReadonlySet<string> | undefined = undefined;
    for (const [key, value] of Object.entries(selector)) {
      const candidates = this.podsByLabel.get(
        labelIndexKey(namespace, key, value),
      );
      if (!smallest || candidates.size < smallest.size) smallest = candidates;
    }
    return [...(smallest ?? [])]
      .map(key => this.pods.get(key)!)
      .filter(pod =>
        Object.entries(selector).every(
          ([key, value]) => pod.metadata.labels?.[key] === value,
        ),
      );
  }

  /** Keys of the namespace's Services whose selector may match `labels` (the caller checks). */
  servicesPossiblySelecting(
    namespace: string,
    labels: Record<string, string> | undefined,
  ): Set<string> {
    const keys = new Set<string>();
    for (const [key, value] of Object.entries(labels ?? {})) {
      for (const service of this.servicesBySelector.get(
        labelIndexKey(namespace, key, value),
      )) {
        keys.add(service);
      }
    }
    return keys;
  }

  slicesOf(serviceKey: string): EndpointSlice[] {
    return [...this.slicesOfService.get(serviceKey)]
      .map(key => this.endpointSlices.get(key))
      .filter((slice): slice is EndpointSlice => slice !== undefined);
  }

  private mapOf(kind: WatchedKind): Map<string, KubeObject> {
    switch (kind) {
      case 'Node':
        return this.nodes;
      case 'Pod':
        return this.pods;
      case 'Service':
        return this.services;
      case 'ReplicaSet':
        return this.replicaSets;
      case 'Deployment':
        return this.deployments;
      case 'DaemonSet':
        return this.daemonSets;
      default:
        return this.endpointSlices;
    }
  }

  private index(kind: WatchedKind, key: string, object: KubeObject): void {
    this.indexing(kind, key, object, true);
  }

  private unindex(kind: WatchedKind, key: string, object: KubeObject): void {
    this.indexing(kind, key, object, false);
  }

  private indexing(
    kind: WatchedKind,
    key: string,
    object: KubeObject,
    add: boolean,
  ): void {
    const update = (index: SetIndex, at: string, value: string) =>
      add ? index.add(at, value) : index.delete(at, value);
    for (const owner of ownerReferencesOf(object)) {
      update(this.dependents, owner.uid, `${kind}|${key}`);
    }
    const namespace = object.metadata.namespace ?? '';
    if (kind === 'Pod') {
      const nodeName = (object as Pod).spec?.nodeName;
      if (nodeName) update(this.podsOnNode, nodeName, key);
      else if (add) this.unscheduledPods.add(key);
      else this.unscheduledPods.delete(key);
      for (const [label, value] of Object.entries(
        object.metadata.labels ?? {},
      )) {
        update(this.podsByLabel, labelIndexKey(namespace, label, value), key);
      }
    } else if (kind === 'Service') {
      const selector = (object as Service).spec?.selector ?? {};
      const [first] = Object.entries(selector).sort(([a], [b]) =>
        a < b ? -1 : 1,
      );
      // One pair is enough to find a Service from a pod: a pod it selects carries all of them.
      if (first) {
        update(
          this.servicesBySelector,
          labelIndexKey(namespace, first[0], first[1]),
          key,
        );
      }
    } else if (kind === 'EndpointSlice') {
      const labels = object.metadata.labels ?? {};
      const service = labels['kubernetes.io/service-name'];
      if (
        service &&
        labels['endpointslice.kubernetes.io/managed-by'] ===
          ENDPOINT_SLICE_MANAGER
      ) {
        update(this.slicesOfService, objectKey(namespace, service), key);
      }
    }
  }
}
