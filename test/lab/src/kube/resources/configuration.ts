import { deepEqual, isJsonObject } from '../json';
import { FieldViolation, KubeObject } from '../types';
import { forbidden, invalid } from '../validation';

/** Secrets accept write-only `stringData`, which the server folds into base64 `data`. */
export function prepareSecret(secret: KubeObject): FieldViolation[] {
  secret.type ??= 'Opaque';
  if (isJsonObject(secret.stringData)) {
    const data = isJsonObject(secret.data) ? secret.data : {};
    for (const [key, value] of Object.entries(secret.stringData)) {
      data[key] = Buffer.from(String(value), 'utf8').toString('base64');
    }
    secret.data = data;
  }
  delete secret.stringData;
  return [];
}

export function prepareSecretForUpdate(
  next: KubeObject,
  previous: KubeObject,
): FieldViolation[] {
  const violations = [...prepareSecret(next), ...immutableData(next, previous)];
  if (next.type !== previous.type) {
    violations.push(invalid('type', next.type, 'field is immutable'));
  }
  return violations;
}

/** ConfigMaps and Secrets marked `immutable: true` keep their data forever. */
export function immutableData(
  next: KubeObject,
  previous: KubeObject,
): FieldViolation[] {
  if (previous.immutable !== true) return [];
  const violations: FieldViolation[] = [];
  if (next.immutable !== true) {
    violations.push(
      forbidden('immutable', 'field is immutable when `immutable` is set'),
    );
  }
  for (const field of ['data', 'binaryData']) {
    if (!deepEqual(next[field] ?? {}, previous[field] ?? {})) {
      violations.push(
        forbidden(field, 'field is immutable when `immutable` is set'),
      );
    }
  }
  return violations;
}
