import { isJsonObject } from './json';
import { NameRule } from './resources/resourceType';
import { FieldViolation, KubeObject } from './types';

/** The shape of an ajv error, which both kubernetes-models and CRD schemas produce. */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A kubernetes-models class, e.g. `ConfigMap` from `kubernetes-models/v1/ConfigMap`. */
export type ModelClass = new (data?: never) => { validate(): void };

/** Adapts a kubernetes-models class into a validator that reports fields like the API server. */
export function modelValidator(
  Model: ModelClass,
): (object: KubeObject) => FieldViolation[] {
  return object => {
    try {
      new Model(object as never).validate();
      return [];
    } catch (error) {
      const errors = (error as { errors?: SchemaError[] }).errors;
      if (!Array.isArray(errors)) throw error;
      return schemaViolations(object, errors);
    }
  };
}

export function schemaViolations(
  object: unknown,
  errors: SchemaError[],
): FieldViolation[] {
  const byField = new Map<string, FieldViolation>();
  for (const error of errors) {
    // Unknown fields are dropped by the real decoder rather than rejected.
    if (error.keyword === 'additionalProperties') continue;
    const violation = violationOf(object, error);
    if (!byField.has(violation.field)) byField.set(violation.field, violation);
  }
  return [...byField.values()];
}

function violationOf(object: unknown, error: SchemaError): FieldViolation {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map(segment => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') {
    const missing = String(error.params.missingProperty);
    return {
      field: fieldPath([...segments, missing]),
      reason: 'FieldValueRequired',
      message: 'Required value',
    };
  }
  const value = valueAt(object, segments);
  if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as unknown[]) ?? [];
    return {
      field: fieldPath(segments),
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(
        value,
      )}: supported values: ${allowed
        .map(item => JSON.stringify(item))
        .join(', ')}`,
    };
  }
  return {
    field: fieldPath(segments),
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${JSON.stringify(value)}: ${
      error.message ?? error.keyword
    }`,
  };
}

/** `['spec','containers','0','name']` → `spec.containers[0].name`. */
export function fieldPath(segments: string[]): string {
  return segments.reduce((path, segment) => {
    if (/^\d+$/.test(segment)) return `${path}[${segment}]`;
    return path ? `${path}.${segment}` : segment;
  }, '');
}

function valueAt(object: unknown, segments: string[]): unknown {
  let current = object;
  for (const segment of segments) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isJsonObject(current)) current = current[segment];
    else return undefined;
  }
  return current;
}

const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS_1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS_SUBDOMAIN = `${DNS_LABEL}(\\.${DNS_LABEL})*`;
const LABEL_VALUE = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';
const QUALIFIED_NAME_PART = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';

const NAME_RULES: Record<
  NameRule,
  { pattern: RegExp; maxLength: number; explanation: string }
> = {
  'dns-subdomain': {
    pattern: new RegExp(`^${DNS_SUBDOMAIN}$`),
    maxLength: 253,
    explanation: `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS_SUBDOMAIN}')`,
  },
  'dns-label': {
    pattern: new RegExp(`^${DNS_LABEL}$`),
    maxLength: 63,
    explanation: `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${DNS_LABEL}')`,
  },
  // RBAC objects are named like `system:controller:foo`, so only URL path rules apply.
  'path-segment': {
    pattern: /^(?!\.{1,2}$)[^/%]+$/,
    maxLength: 253,
    explanation: `may not be '.' or '..' and may not contain '/' or '%'`,
  },
  'dns-1035-label': {
    pattern: new RegExp(`^${DNS_1035_LABEL}$`),
    maxLength: 63,
    explanation: `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${DNS_1035_LABEL}')`,
  },
};

/** metadata checks ValidateObjectMeta makes for every kind: name format, label syntax. */
export function validateObjectMeta(
  object: KubeObject,
  nameRule: NameRule,
): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const { name, labels, annotations } = object.metadata;
  if (!name) {
    violations.push(
      required('metadata.name', 'name or generateName is required'),
    );
  } else {
    const rule = NAME_RULES[nameRule];
    if (name.length > rule.maxLength) {
      violations.push(
        invalid(
          'metadata.name',
          name,
          `must be no more than ${rule.maxLength} characters`,
        ),
      );
    } else if (!rule.pattern.test(name)) {
      violations.push(invalid('metadata.name', name, rule.explanation));
    }
  }
  for (const [key, value] of Object.entries(labels ?? {})) {
    violations.push(...validateQualifiedName('metadata.labels', key));
    if (
      typeof value !== 'string' ||
      value.length > 63 ||
      !new RegExp(`^${LABEL_VALUE}$`).test(value)
    ) {
      violations.push(
        invalid(
          'metadata.labels',
          value,
          `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${LABEL_VALUE}')`,
        ),
      );
    }
  }
  for (const [key, value] of Object.entries(annotations ?? {})) {
    violations.push(...validateQualifiedName('metadata.annotations', key));
    if (typeof value !== 'string') {
      violations.push(
        invalid(`metadata.annotations`, value, 'must be a string'),
      );
    }
  }
  return violations;
}

function validateQualifiedName(field: string, key: string): FieldViolation[] {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const nameOk =
    name.length <= 63 && new RegExp(`^${QUALIFIED_NAME_PART}$`).test(name);
  const prefixOk =
    prefix === undefined ||
    (prefix.length <= 253 && new RegExp(`^${DNS_SUBDOMAIN}$`).test(prefix));
  return nameOk && prefixOk
    ? []
    : [
        invalid(
          field,
          key,
          `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME_PART}')`,
        ),
      ];
}

export function invalid(
  field: string,
  value: unknown,
  detail: string,
): FieldViolation {
  return {
    field,
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
  };
}

export function forbidden(field: string, detail: string): FieldViolation {
  return {
    field,
    reason: 'FieldValueForbidden',
    message: `Forbidden: ${detail}`,
  };
}

export function required(field: string, detail?: string): FieldViolation {
  return {
    field,
    reason: 'FieldValueRequired',
    message: detail ? `Required value: ${detail}` : 'Required value',
  };
}
