import { randomUUID } from 'node:crypto';
import { deepEqual, isJsonObject, jsonCopy, kubeTimestamp } from './json';
import { listObjects, ListOptions, ListPage } from './listing';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  PATCH_CONTENT_TYPES,
  PatchType,
} from './patch';
import { ResourceRegistry } from './resources/registry';
import { ResourceType } from './resources/resourceType';
import { KubeApiError } from './status';
import { objectKey, ObjectStore, StoredObject } from './store';
import { FieldViolation, KubeObject } from './types';
import { validateObjectMeta } from './validation';

export interface WriteOptions {
  dryRun?: boolean;
}

export interface UpdateOptions extends WriteOptions {
  /** `status` writes change only the status; anything else changes all but the status. */
  subresource?: 'status';
}

export interface DeleteOptions extends WriteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
}

const UNDELETABLE_NAMESPACES = new Set([
  'default',
  'kube-system',
  'kube-public',
]);
const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * The API server's registry logic, shared by HTTP handlers and the lab's
 * in-process API: defaulting, validation, optimistic concurrency, status
 * subresources, generation, dry runs and cascading namespace deletion.
 * Everything is synchronous; errors are thrown as KubeApiError.
 */
export class ResourceOperations {
  constructor(
    readonly store: ObjectStore,
    readonly registry: ResourceRegistry,
  ) {}

  find(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
  ): StoredObject | undefined {
    return this.store.get(resource, scoped(resource, namespace), name);
  }

  get(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
  ): StoredObject {
    const stored = this.find(resource, namespace, name);
    if (!stored) throw KubeApiError.notFound(resource, name);
    return stored;
  }

  list(resource: ResourceType, options: ListOptions): ListPage {
    return listObjects(this.store, resource, {
      ...options,
      namespace: scoped(resource, options.namespace),
    });
  }

  create(
    resource: ResourceType,
    namespace: string | undefined,
    body: unknown,
    options: WriteOptions = {},
  ): StoredObject {
    const object = this.decode(resource, body);
    this.placeInNamespace(resource, object, namespace);
    const metadata = object.metadata;
    if (!metadata.name && metadata.generateName) {
      metadata.name = metadata.generateName + randomSuffix();
    }
    if (resource.namespaced) this.requireNamespace(metadata.namespace!);
    for (const field of [
      'resourceVersion',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'managedFields',
    ]) {
      delete metadata[field];
    }
    metadata.uid = randomUUID();
    metadata.creationTimestamp = kubeTimestamp();
    if (resource.tracksGeneration) metadata.generation = 1;
    else delete metadata.generation;
    this.rejectInvalid(resource, object, [
      ...(resource.prepareForCreate?.(object) ?? []),
      ...validateObjectMeta(object, resource.nameRule),
      ...resource.validate(object),
    ]);
    const name = metadata.name!;
    if (this.store.get(resource, metadata.namespace, name)) {
      throw KubeApiError.alreadyExists(resource, name);
    }
    if (options.dryRun) {
      return new StoredObject(object, objectKey(metadata.namespace, name));
    }
    return this.store.put(resource, object);
  }

  update(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options: UpdateOptions = {},
  ): StoredObject {
    const current = this.get(resource, namespace, name);
    const requested = this.decode(resource, body);
    if (
      !requested.metadata.resourceVersion &&
      resource.requiresResourceVersionOnUpdate
    ) {
      this.rejectInvalid(resource, requested, [
        {
          field: 'metadata.resourceVersion',
          reason: 'FieldValueInvalid',
          message: 'Invalid value: 0x0: must be specified for an update',
        },
      ]);
    }
    return this.replace(resource, current, requested, options);
  }

  patch(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    patch: unknown,
    options: UpdateOptions = {},
  ): StoredObject {
    const current = this.get(resource, namespace, name);
    let patched: unknown;
    if (patchType === 'json') {
      patched = applyJsonPatch(current.object, patch);
    } else {
      if (!isJsonObject(patch)) {
        throw KubeApiError.badRequest(
          'json: cannot unmarshal array into Go value of type map[string]interface {}',
        );
      }
      if (patchType === 'strategic' && !resource.supportsStrategicMerge) {
        throw KubeApiError.unsupportedMediaType(PATCH_CONTENT_TYPES.strategic, [
          PATCH_CONTENT_TYPES.json,
          PATCH_CONTENT_TYPES.merge,
          'application/apply-patch+yaml',
        ]);
      }
      patched =
        patchType === 'strategic'
          ? applyStrategicMergePatch(current.object, patch)
          : applyMergePatch(current.object, patch);
    }
    return this.replace(
      resource,
      current,
      this.decode(resource, patched),
      options,
    );
  }

  delete(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): StoredObject {
    const current = this.get(resource, namespace, name);
    const { uid, resourceVersion } = options.preconditions ?? {};
    if (uid && uid !== current.object.metadata.uid) {
      throw KubeApiError.conflict(
        resource,
        name,
        `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.object.metadata.uid}`,
      );
    }
    if (
      resourceVersion &&
      resourceVersion !== current.object.metadata.resourceVersion
    ) {
      throw KubeApiError.conflict(
        resource,
        name,
        `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${current.object.metadata.resourceVersion}`,
      );
    }
    if (isCore(resource, 'namespaces') && UNDELETABLE_NAMESPACES.has(name)) {
      throw KubeApiError.forbidden(
        `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        {
          name,
          kind: 'namespaces',
        },
      );
    }
    if (options.dryRun) return current;
    for (const dependent of this.dependentsOf(resource, current.object)) {
      this.store.remove(
        dependent.resource,
        dependent.namespace,
        dependent.name,
      );
    }
    return this.store.remove(resource, scoped(resource, namespace), name)!;
  }

  deleteCollection(
    resource: ResourceType,
    listOptions: ListOptions,
    options: WriteOptions = {},
  ): StoredObject[] {
    return this.list(resource, listOptions).items.map(stored =>
      this.delete(
        resource,
        stored.object.metadata.namespace,
        stored.object.metadata.name!,
        options,
      ),
    );
  }

  /**
   * What POST pods/{name}/binding does for the scheduler: sets spec.nodeName,
   * which no update may change, and marks the pod PodScheduled.
   */
  bindPod(namespace: string, name: string, nodeName: string): StoredObject {
    const pods = this.registry.find('', 'v1', 'pods')!;
    const current = this.get(pods, namespace, name);
    const pod = jsonCopy(current.object);
    const spec = isJsonObject(pod.spec) ? pod.spec : {};
    if (spec.nodeName) {
      throw KubeApiError.conflict(
        { group: '', plural: 'pods/binding' },
        name,
        `pod ${name} is already assigned to node "${String(spec.nodeName)}"`,
      );
    }
    spec.nodeName = nodeName;
    pod.spec = spec;
    const status = isJsonObject(pod.status) ? pod.status : {};
    const conditions = Array.isArray(status.conditions)
      ? status.conditions.filter(
          condition =>
            !(isJsonObject(condition) && condition.type === 'PodScheduled'),
        )
      : [];
    status.conditions = [
      ...conditions,
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: kubeTimestamp(),
      },
    ];
    pod.status = status;
    return this.store.put(pods, pod);
  }

  /** The type the registry serves for an object's apiVersion and kind. */
  resourceOf(object: { apiVersion?: unknown; kind?: unknown }): ResourceType {
    const resource =
      typeof object.apiVersion === 'string' && typeof object.kind === 'string'
        ? this.registry.findByKind(object.apiVersion, object.kind)
        : undefined;
    if (!resource) {
      throw KubeApiError.badRequest(
        `no kind "${String(object.kind)}" is registered for version "${String(
          object.apiVersion,
        )}"`,
      );
    }
    return resource;
  }

  /** Writes `requested` over `current`: the shared tail of update and patch. */
  private replace(
    resource: ResourceType,
    current: StoredObject,
    requested: KubeObject,
    options: UpdateOptions,
  ): StoredObject {
    if (options.subresource === 'status' && !resource.hasStatusSubresource) {
      throw KubeApiError.noSuchResource();
    }
    const previous = current.object;
    const { name, namespace } = previous.metadata;
    if (
      requested.metadata.name !== undefined &&
      requested.metadata.name !== name
    ) {
      throw KubeApiError.badRequest(
        `the name of the object (${requested.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    this.placeInNamespace(resource, requested, namespace);
    const requestedVersion = requested.metadata.resourceVersion;
    if (
      requestedVersion &&
      requestedVersion !== previous.metadata.resourceVersion
    ) {
      throw KubeApiError.staleResourceVersion(resource, name!);
    }
    let next: KubeObject;
    const violations: FieldViolation[] = [];
    if (options.subresource === 'status') {
      next = jsonCopy(previous);
      next.status = requested.status;
    } else {
      next = requested;
      next.metadata = {
        ...requested.metadata,
        name,
        uid: previous.metadata.uid,
        creationTimestamp: previous.metadata.creationTimestamp,
        generation: previous.metadata.generation,
      };
      if (resource.hasStatusSubresource) {
        next.status = jsonCopy(previous.status);
      }
      violations.push(...(resource.prepareForUpdate?.(next, previous) ?? []));
    }
    next.metadata.resourceVersion = previous.metadata.resourceVersion;
    if (next.metadata.generation === undefined) delete next.metadata.generation;
    if (
      resource.tracksGeneration &&
      !deepEqual(specOf(next), specOf(previous))
    ) {
      next.metadata.generation = (previous.metadata.generation ?? 0) + 1;
    }
    violations.push(
      ...validateObjectMeta(next, resource.nameRule),
      ...resource.validate(next),
    );
    this.rejectInvalid(resource, next, violations);
    // Like the real server, an update that changes nothing writes nothing and notifies no watcher.
    if (deepEqual(next, previous)) return current;
    if (options.dryRun) return new StoredObject(next, current.key);
    return this.store.put(resource, next);
  }

  /** Checks apiVersion/kind and the object shape, and returns a KubeObject with metadata. */
  private decode(resource: ResourceType, body: unknown): KubeObject {
    if (!isJsonObject(body)) {
      throw KubeApiError.badRequest(
        `Object 'Kind' is missing in '${JSON.stringify(body)}'`,
      );
    }
    const object = body as KubeObject;
    object.apiVersion ??= resource.apiVersion;
    object.kind ??= resource.kind;
    if (
      object.apiVersion !== resource.apiVersion ||
      object.kind !== resource.kind
    ) {
      throw KubeApiError.badRequest(
        `${object.kind} in version "${object.apiVersion}" cannot be handled as a ${resource.kind}: no kind "${object.kind}" is registered for version "${object.apiVersion}"`,
      );
    }
    if (!isJsonObject(object.metadata)) object.metadata = {};
    return object;
  }

  private placeInNamespace(
    resource: ResourceType,
    object: KubeObject,
    namespace: string | undefined,
  ): void {
    if (!resource.namespaced) {
      delete object.metadata.namespace;
      return;
    }
    const inBody = object.metadata.namespace;
    if (inBody && namespace && inBody !== namespace) {
      throw KubeApiError.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const effective = namespace ?? inBody;
    if (!effective) {
      throw KubeApiError.badRequest('the namespace of the object is required');
    }
    object.metadata.namespace = effective;
  }

  private requireNamespace(namespace: string): void {
    const namespaces = this.registry.find('', 'v1', 'namespaces')!;
    if (!this.store.get(namespaces, undefined, namespace)) {
      throw KubeApiError.notFound(namespaces, namespace);
    }
  }

  private rejectInvalid(
    resource: ResourceType,
    object: KubeObject,
    violations: FieldViolation[],
  ): void {
    if (violations.length > 0) {
      throw KubeApiError.invalid(
        resource,
        object.metadata.name ?? '',
        violations,
      );
    }
  }

  /** Objects that go when this one goes: a namespace's contents, a CRD's custom resources. */
  private dependentsOf(
    resource: ResourceType,
    object: KubeObject,
  ): { resource: ResourceType; namespace?: string; name: string }[] {
    let targets: { resource: ResourceType; namespace?: string }[] = [];
    if (isCore(resource, 'namespaces')) {
      targets = this.registry
        .all()
        .filter(candidate => candidate.namespaced)
        .map(candidate => ({
          resource: candidate,
          namespace: object.metadata.name,
        }));
    } else if (
      resource.group === 'apiextensions.k8s.io' &&
      resource.plural === 'customresourcedefinitions'
    ) {
      const spec = isJsonObject(object.spec) ? object.spec : {};
      const names = isJsonObject(spec.names) ? spec.names : {};
      targets = this.registry
        .all()
        .filter(
          candidate =>
            candidate.group === spec.group && candidate.plural === names.plural,
        )
        .map(candidate => ({ resource: candidate }));
    }
    return targets.flatMap(({ resource: target, namespace }) =>
      this.store.list(target, namespace).map(stored => ({
        resource: target,
        namespace: stored.object.metadata.namespace,
        name: stored.object.metadata.name!,
      })),
    );
  }
}

function isCore(resource: ResourceType, plural: string): boolean {
  return resource.group === '' && resource.plural === plural;
}

/** Namespaces only mean something to namespaced resources. */
function scoped(
  resource: ResourceType,
  namespace: string | undefined,
): string | undefined {
  return resource.namespaced ? namespace : undefined;
}

/** What metadata.generation tracks: everything but metadata and status. */
function specOf(object: KubeObject): unknown {
  const { metadata: _metadata, status: _status, ...rest } = object;
  return rest;
}

function randomSuffix(): string {
  return Array.from(
    { length: 5 },
    () =>
      GENERATE_NAME_ALPHABET[
        Math.floor(Math.random() * GENERATE_NAME_ALPHABET.length)
      ],
  ).join('');
}
