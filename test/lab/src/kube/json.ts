/** Helpers for plain JSON values (what request bodies and stored objects are made of). */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null
  ) {
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return (
      a.length === b.length &&
      a.every((item, index) => deepEqual(item, b[index]))
    );
  }
  const aObject = a as JsonObject;
  const bObject = b as JsonObject;
  const aKeys = Object.keys(aObject).filter(key => aObject[key] !== undefined);
  const bKeys = Object.keys(bObject).filter(key => bObject[key] !== undefined);
  return (
    aKeys.length === bKeys.length &&
    aKeys.every(
      key =>
        Object.hasOwn(bObject, key) && deepEqual(aObject[key], bObject[key]),
    )
  );
}

/** A deep copy via JSON, which is also what makes a value "JSON" (drops undefined, functions). */
export function jsonCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** RFC 3339 with second precision, as metav1.Time serialises. */
export function kubeTimestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
