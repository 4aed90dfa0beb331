import { isJsonObject } from './http';
import { JsonSchema, SchemaAt, resolveSchema } from './swagger';

/**
 * What an api-version "sees" of a resource: an object's declared properties
 * (its own and those of its `allOf` bases) plus whatever `additionalProperties`
 * admits. The RP drops the rest of a PUT body, and leaves it out of responses;
 * that is how `networkProfile.kubeProxyConfig` exists only for preview versions.
 */
interface ObjectShape {
  properties: Map<string, SchemaAt>;
  /** Schema of undeclared keys; `true` keeps them as they are, `false` drops them. */
  additional: SchemaAt | boolean;
  declaresStructure: boolean;
}

function objectShape(at: SchemaAt): ObjectShape {
  const resolved = resolveSchema(at);
  const shape: ObjectShape = {
    properties: new Map(),
    additional: false,
    declaresStructure: false,
  };
  const declared = resolved.schema.properties;
  if (isJsonObject(declared)) {
    shape.declaresStructure = true;
    for (const [name, schema] of Object.entries(declared)) {
      shape.properties.set(name, {
        schema: schema as JsonSchema,
        documentId: resolved.documentId,
      });
    }
  }
  const additional = resolved.schema.additionalProperties;
  if (isJsonObject(additional)) {
    shape.declaresStructure = true;
    shape.additional = { schema: additional, documentId: resolved.documentId };
  } else if (additional === true) {
    shape.additional = true;
  }
  const bases = resolved.schema.allOf;
  if (Array.isArray(bases)) {
    for (const base of bases) {
      const baseShape = objectShape({
        schema: base as JsonSchema,
        documentId: resolved.documentId,
      });
      baseShape.properties.forEach((schema, name) => {
        if (!shape.properties.has(name)) shape.properties.set(name, schema);
      });
      shape.declaresStructure ||= baseShape.declaresStructure;
      if (shape.additional === false) shape.additional = baseShape.additional;
    }
  }
  return shape;
}

function itemsSchema(at: SchemaAt): SchemaAt | undefined {
  const resolved = resolveSchema(at);
  const items = resolved.schema.items;
  return isJsonObject(items)
    ? { schema: items, documentId: resolved.documentId }
    : undefined;
}

/** `value` reduced to what the schema declares. */
export function projectOntoSchema(value: unknown, at: SchemaAt): unknown {
  if (Array.isArray(value)) {
    const items = itemsSchema(at);
    return items ? value.map(item => projectOntoSchema(item, items)) : value;
  }
  if (!isJsonObject(value)) return value;
  const shape = objectShape(at);
  if (!shape.declaresStructure) return value;
  const projected: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const schema = shape.properties.get(key) ?? shape.additional;
    if (schema === true) projected[key] = child;
    else if (schema) projected[key] = projectOntoSchema(child, schema);
  }
  return projected;
}

/**
 * `incoming` (already projected) plus the parts of `existing` its api-version
 * cannot see, so an update through a stable version keeps preview-only settings.
 */
export function keepHiddenFields(
  existing: unknown,
  incoming: unknown,
  at: SchemaAt,
): unknown {
  if (!isJsonObject(existing) || !isJsonObject(incoming)) return incoming;
  const shape = objectShape(at);
  if (!shape.declaresStructure) return incoming;
  const merged: Record<string, unknown> = { ...incoming };
  for (const [key, child] of Object.entries(existing)) {
    const schema = shape.properties.get(key) ?? shape.additional;
    if (!schema) {
      if (!(key in merged)) merged[key] = child;
    } else if (schema !== true && key in merged) {
      merged[key] = keepHiddenFields(child, merged[key], schema);
    }
  }
  return merged;
}

/** ARM treats a `null` property as an absent one. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, child]) => child !== null)
      .map(([key, child]) => [key, withoutNulls(child)]),
  );
}
