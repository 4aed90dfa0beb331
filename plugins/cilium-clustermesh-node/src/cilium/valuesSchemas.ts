import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  formatViolations,
  RuleViolation,
} from '@meshportal/plugin-cilium-clustermesh-common';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkHelmValue } from '../helm/helmArgs';

/** Helm values as a release holds them: a YAML/JSON map of any shape. */
export type ReleaseValues = Record<string, unknown>;

const SCHEMA_FILE =
  /^values\.schema\.(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.json$/;
const CONFIG_KEY = 'ciliumClusterMesh.cilium.valuesSchemaDirectory';

function compareVersions(a: string, b: string): number {
  const parts = (version: string) =>
    version
      .split(/[.-]/)
      .map(part => (/^\d+$/.test(part) ? Number(part) : part));
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i], pb[i]];
    if (x === y) continue;
    // A release sorts after its pre-releases (1.20.0 > 1.20.0-pre.1).
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x).localeCompare(String(y));
  }
  return 0;
}

/**
 * The Cilium chart's own `values.schema.json`, one file per chart version
 * (`values.schema.<version>.json`), so values are refused before helm runs
 * with the field and a fix. The schemas are draft-07 and list no
 * `additionalProperties: false`: misspelt keys pass, as they do in helm.
 */
export class CiliumValuesSchemas {
  private readonly validators = new Map<string, Promise<ValidateFunction>>();
  private readonly ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false,
  });

  constructor(readonly directory: string) {}

  /** From `ciliumClusterMesh.cilium.valuesSchemaDirectory`. */
  static fromConfig(config: Config): CiliumValuesSchemas {
    const directory = config.getOptionalString(CONFIG_KEY);
    if (!directory) {
      throw new InputError(
        `${CONFIG_KEY}: is required to check Cilium values. Fix: set it to a directory holding values.schema.<chart version>.json files from the Cilium chart`,
      );
    }
    return new CiliumValuesSchemas(directory);
  }

  /** Chart versions with a schema file, oldest first. */
  async versions(): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(this.directory);
    } catch (error) {
      throw new Error(
        `Cannot read the Cilium values schema directory ${this.directory} (${
          (error as NodeJS.ErrnoException).code ?? 'error'
        }); check ${CONFIG_KEY}`,
      );
    }
    return entries
      .map(name => SCHEMA_FILE.exec(name)?.[1])
      .filter((version): version is string => version !== undefined)
      .sort(compareVersions);
  }

  /** Violations of chart `version`'s schema, fields as `values.<path>`. */
  async validate(
    version: string,
    values: ReleaseValues,
  ): Promise<RuleViolation[]> {
    const validate = await this.validator(version);
    if (validate(values)) return [];
    return describeErrors(validate.errors ?? [], values, version);
  }

  /** Throws an InputError listing every violation. */
  async check(version: string, values: ReleaseValues): Promise<void> {
    const violations = await this.validate(version, values);
    if (violations.length > 0) {
      throw new InputError(
        `Cilium values break the schema of chart ${version}:\n${formatViolations(
          violations,
        )}`,
      );
    }
  }

  private validator(version: string): Promise<ValidateFunction> {
    const normalised = version.replace(/^v/, '');
    let validator = this.validators.get(normalised);
    if (!validator) {
      validator = this.load(normalised);
      this.validators.set(normalised, validator);
      // A missing file may be added later; do not remember the failure.
      validator.catch(() => this.validators.delete(normalised));
    }
    return validator;
  }

  private async load(version: string): Promise<ValidateFunction> {
    const invalid = checkHelmValue('chartVersion', version, 'chartVersion');
    if (invalid) throw new InputError(`${invalid.rule}. Fix: ${invalid.fix}`);
    const available = await this.versions();
    if (!available.includes(version)) {
      throw new InputError(
        `Cilium chart ${version} has no values schema in ${
          this.directory
        }; available: ${
          available.join(', ') || 'none'
        }. Fix: choose one of those versions, or add values.schema.${version}.json from that chart`,
      );
    }
    const file = path.join(this.directory, `values.schema.${version}.json`);
    const schema = JSON.parse(await readFile(file, 'utf8'));
    return this.ajv.compile(schema);
  }
}

function pathSegment(segment: string): string {
  if (/^\d+$/.test(segment)) return `[${segment}]`;
  if (/^[A-Za-z_][\w-]*$/.test(segment)) return `.${segment}`;
  return `[${JSON.stringify(segment)}]`;
}

function fieldOf(instancePath: string): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return segments.reduce(
    (field, segment) => `${field}${pathSegment(segment)}`,
    'values',
  );
}

function valueAt(values: ReleaseValues, instancePath: string): unknown {
  return instancePath
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (node, key) =>
        (node as Record<string, unknown> | undefined)?.[
          key.replace(/~1/g, '/').replace(/~0/g, '~')
        ],
      values,
    );
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function describeErrors(
  errors: ErrorObject[],
  values: ReleaseValues,
  version: string,
): RuleViolation[] {
  // anyOf/oneOf report each branch too; the combined error says enough.
  const combined = new Set(
    errors
      .filter(e => e.keyword === 'anyOf' || e.keyword === 'oneOf')
      .map(e => e.instancePath),
  );
  const seen = new Set<string>();
  const violations: RuleViolation[] = [];
  for (const error of errors) {
    if (
      combined.has(error.instancePath) &&
      error.keyword !== 'anyOf' &&
      error.keyword !== 'oneOf'
    ) {
      continue;
    }
    const field = fieldOf(error.instancePath);
    const violation = describeError(error, field, values, version);
    const key = `${violation.field}\n${violation.rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    violations.push(violation);
  }
  return violations;
}

function describeError(
  error: ErrorObject,
  field: string,
  values: ReleaseValues,
  version: string,
): RuleViolation {
  const given = jsonType(valueAt(values, error.instancePath));
  switch (error.keyword) {
    case 'type': {
      const expected = String(error.params.type).split(',').join(' or ');
      return {
        field,
        rule: `must be ${expected}, not ${given}`,
        fix:
          given === 'string' && /integer|number|boolean/.test(expected)
            ? `write the ${expected} without quotes (Helm values are typed)`
            : `give ${field} a value of type ${expected}`,
      };
    }
    case 'enum':
      return {
        field,
        rule: `must be one of ${(error.params.allowedValues as unknown[])
          .map(v => JSON.stringify(v))
          .join(', ')}`,
        fix: `choose one of the allowed values for chart ${version}`,
      };
    case 'anyOf':
    case 'oneOf':
      return {
        field,
        rule: `does not match any form chart ${version} accepts (${given} given)`,
        fix: `see ${field.replace(
          /^values\./,
          '',
        )} in the chart's values.yaml for the accepted forms`,
      };
    case 'required':
      return {
        field: `${field}.${error.params.missingProperty}`,
        rule: 'is required',
        fix: `set ${field}.${error.params.missingProperty}`,
      };
    default:
      return {
        field,
        rule: error.message ?? `breaks the ${error.keyword} rule`,
        fix: `correct ${field} to satisfy chart ${version}'s values.schema.json`,
      };
  }
}
