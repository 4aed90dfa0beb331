import { deepEqual, isJsonObject, jsonCopy, JsonObject } from './json';
import { KubeApiError } from './status';

export const PATCH_CONTENT_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;

export type PatchType = keyof typeof PATCH_CONTENT_TYPES;

export function patchTypeOf(
  contentType: string | undefined,
): PatchType | undefined {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase();
  return (Object.keys(PATCH_CONTENT_TYPES) as PatchType[]).find(
    type => PATCH_CONTENT_TYPES[type] === mediaType,
  );
}

/** RFC 7386 JSON Merge Patch. Returns a new value; neither argument is changed. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return jsonCopy(patch);
  const result: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/**
 * Merge keys from the Go struct tags (`patchMergeKey`) of the built-in types,
 * by the path of field names that leads to the list. The most specific
 * (longest) matching suffix wins, so container ports and Service ports differ.
 */
const MERGE_KEYS: [suffix: string, mergeKey: string][] = [
  ['containers', 'name'],
  ['initContainers', 'name'],
  ['ephemeralContainers', 'name'],
  ['containers.ports', 'containerPort'],
  ['initContainers.ports', 'containerPort'],
  ['containers.env', 'name'],
  ['initContainers.env', 'name'],
  ['containers.volumeMounts', 'mountPath'],
  ['initContainers.volumeMounts', 'mountPath'],
  ['containers.volumeDevices', 'devicePath'],
  ['spec.volumes', 'name'],
  ['spec.imagePullSecrets', 'name'],
  ['spec.hostAliases', 'ip'],
  ['spec.ports', 'port'],
  ['status.conditions', 'type'],
  ['status.addresses', 'type'],
  ['metadata.ownerReferences', 'uid'],
];

/** Lists of scalars that merge as sets rather than being replaced. */
const MERGED_SCALAR_LISTS = new Set(['metadata.finalizers']);

function mergeKeyFor(path: string[]): string | undefined {
  const joined = path.join('.');
  let best: [string, string] | undefined;
  for (const entry of MERGE_KEYS) {
    const [suffix] = entry;
    if (
      (joined === suffix || joined.endsWith(`.${suffix}`)) &&
      (!best || suffix.length > best[0].length)
    ) {
      best = entry;
    }
  }
  return best?.[1];
}

/**
 * Strategic merge patch for built-in kinds: a merge patch, except that lists
 * with a merge key merge element by element and `$patch: delete` removes one.
 * Directives kubectl adds (`$setElementOrder/…`, `$retainKeys`) are accepted and dropped.
 */
export function applyStrategicMergePatch(
  target: unknown,
  patch: unknown,
  path: string[] = [],
): unknown {
  if (!isJsonObject(patch)) return jsonCopy(patch);
  const result: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    const fieldPath = [...path, key];
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value)) {
      result[key] = mergeList(result[key], value, fieldPath);
    } else {
      result[key] = applyStrategicMergePatch(result[key], value, fieldPath);
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    const listField = /^\$deleteFromPrimitiveList\/(.+)$/.exec(key)?.[1];
    if (listField && Array.isArray(result[listField]) && Array.isArray(value)) {
      result[listField] = (result[listField] as unknown[]).filter(
        item => !value.includes(item),
      );
    }
  }
  return result;
}

function mergeList(
  current: unknown,
  patch: unknown[],
  path: string[],
): unknown[] {
  const existing = Array.isArray(current) ? current : [];
  if (MERGED_SCALAR_LISTS.has(path.slice(-2).join('.'))) {
    return [
      ...existing,
      ...patch.filter(item => !existing.some(old => deepEqual(old, item))),
    ];
  }
  const mergeKey = mergeKeyFor(path);
  if (!mergeKey) return patch.map(item => jsonCopy(item));
  const merged = [...existing];
  for (const item of patch) {
    if (!isJsonObject(item)) continue;
    const index = merged.findIndex(
      old => isJsonObject(old) && old[mergeKey] === item[mergeKey],
    );
    if (item.$patch === 'delete') {
      if (index >= 0) merged.splice(index, 1);
    } else if (index >= 0) {
      merged[index] = applyStrategicMergePatch(merged[index], item, path);
    } else {
      merged.push(applyStrategicMergePatch({}, item, path));
    }
  }
  return merged;
}

interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

class JsonPatchError extends Error {}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new JsonPatchError(`JSON pointer must start with '/': ${pointer}`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(token => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function containerAt(
  document: unknown,
  tokens: string[],
  pointer: string,
): unknown {
  let current = document;
  for (const token of tokens) {
    if (
      Array.isArray(current) &&
      /^\d+$/.test(token) &&
      Number(token) < current.length
    ) {
      current = current[Number(token)];
    } else if (isJsonObject(current) && Object.hasOwn(current, token)) {
      current = current[token];
    } else {
      throw new JsonPatchError(
        `doc is missing path: "${pointer}": missing value`,
      );
    }
  }
  return current;
}

function getValue(document: unknown, pointer: string): unknown {
  return containerAt(document, parsePointer(pointer), pointer);
}

function removeValue(document: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  const last = tokens.pop();
  const parent = containerAt(document, tokens, pointer);
  if (
    Array.isArray(parent) &&
    last !== undefined &&
    /^\d+$/.test(last) &&
    Number(last) < parent.length
  ) {
    return parent.splice(Number(last), 1)[0];
  }
  if (
    isJsonObject(parent) &&
    last !== undefined &&
    Object.hasOwn(parent, last)
  ) {
    const removed = parent[last];
    delete parent[last];
    return removed;
  }
  throw new JsonPatchError(
    `unable to remove nonexistent key: ${last}: missing value`,
  );
}

function addValue(
  document: unknown,
  pointer: string,
  value: unknown,
  replace: boolean,
): unknown {
  const tokens = parsePointer(pointer);
  const last = tokens.pop();
  if (last === undefined) return value;
  const parent = containerAt(document, tokens, pointer);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (
      !/^(\d+|-)$/.test(last) ||
      index > parent.length ||
      (replace && index >= parent.length)
    ) {
      throw new JsonPatchError(
        `Unable to access invalid index: ${last}: invalid index referenced`,
      );
    }
    parent.splice(index, replace ? 1 : 0, value);
  } else if (isJsonObject(parent)) {
    if (replace && !Object.hasOwn(parent, last)) {
      throw new JsonPatchError(
        `replace operation does not apply: doc is missing key: ${pointer}: missing value`,
      );
    }
    parent[last] = value;
  } else {
    throw new JsonPatchError(
      `doc is missing path: "${pointer}": missing value`,
    );
  }
  return document;
}

/** RFC 6902 JSON Patch. Returns a new document; the target is not changed. */
export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) {
    throw KubeApiError.badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  let document = jsonCopy(target);
  try {
    for (const operation of operations as JsonPatchOperation[]) {
      const { op, path } = operation;
      if (typeof path !== 'string') {
        throw new JsonPatchError(`missing path in ${op} operation`);
      }
      switch (op) {
        case 'add':
          document = addValue(document, path, jsonCopy(operation.value), false);
          break;
        case 'replace':
          document = addValue(document, path, jsonCopy(operation.value), true);
          break;
        case 'remove':
          removeValue(document, path);
          break;
        case 'move':
          document = addValue(
            document,
            path,
            removeValue(document, operation.from ?? ''),
            false,
          );
          break;
        case 'copy':
          document = addValue(
            document,
            path,
            jsonCopy(getValue(document, operation.from ?? '')),
            false,
          );
          break;
        case 'test':
          if (!deepEqual(getValue(document, path), operation.value)) {
            throw new JsonPatchError(
              `testing value ${path} failed: test failed`,
            );
          }
          break;
        default:
          throw new JsonPatchError(`Unexpected kind: ${String(op)}`);
      }
    }
  } catch (error) {
    if (error instanceof JsonPatchError) {
      throw new KubeApiError({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: error.message,
        reason: 'Invalid',
        code: 422,
      });
    }
    throw error;
  }
  return document;
}
