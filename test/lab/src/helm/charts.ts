import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { validateCiliumTemplates } from '../cilium/chart/validate';
import { sharedReferencePath } from '../paths';
import { HelmError } from './errors';
import { Values } from './values';

export interface ChartMetadata {
  apiVersion: 'v2';
  name: string;
  version: string;
  appVersion: string;
  description: string;
  home: string;
}

/** The Cilium chart versions whose official values.schema.json the lab holds. */
export const CILIUM_CHART_VERSIONS = ['1.16.19', '1.19.6', '1.20.0'] as const;
const LATEST = '1.20.0';

const CHART_REFERENCES = [
  'cilium/cilium',
  'cilium',
  'oci://quay.io/cilium/charts/cilium',
];
const CILIUM_REPO = 'https://helm.cilium.io';

/** Resolves `cilium/cilium --version X` (or `cilium --repo https://helm.cilium.io`) like `helm` would. */
export function locateChart(
  reference: string,
  version: string | undefined,
  repo?: string,
): ChartMetadata {
  const known =
    CHART_REFERENCES.includes(reference) &&
    (reference !== 'cilium' || repo?.replace(/\/$/, '') === CILIUM_REPO);
  if (!known) {
    throw new HelmError(
      `repo ${
        reference.split('/')[0]
      } not found (the lab serves only the Cilium chart: cilium/cilium, or cilium with --repo ${CILIUM_REPO})`,
    );
  }
  const wanted = version?.replace(/^v/, '') ?? LATEST;
  if (!(CILIUM_CHART_VERSIONS as readonly string[]).includes(wanted)) {
    throw new HelmError(
      `chart "cilium" matching ${wanted} not found in cilium index. (try 'helm repo update'): no chart version found for cilium-${wanted} (the lab has ${CILIUM_CHART_VERSIONS.join(
        ', ',
      )})`,
    );
  }
  return {
    apiVersion: 'v2',
    name: 'cilium',
    version: wanted,
    appVersion: wanted,
    description: 'eBPF-based Networking, Security, and Observability',
    home: 'https://cilium.io/',
  };
}

const validators = new Map<string, ValidateFunction>();

function schemaValidator(version: string): ValidateFunction {
  let validate = validators.get(version);
  if (!validate) {
    const schema = JSON.parse(
      readFileSync(
        sharedReferencePath('cilium', `values.schema.${version}.json`),
        'utf8',
      ),
    );
    delete schema.$schema;
    validate = new Ajv({
      strict: false,
      allErrors: true,
      validateFormats: false,
    }).compile(schema);
    validators.set(version, validate);
  }
  return validate;
}

function describeError(error: ErrorObject): string {
  const field = error.instancePath.slice(1).split('/').join('.') || '(root)';
  if (error.keyword === 'type') {
    return `- ${field}: Invalid type. Expected: ${
      error.params.type
    }, given: ${typeOfValue(error.data)}`;
  }
  if (error.keyword === 'enum') {
    return `- ${field}: ${field} must be one of the following: ${(
      error.params.allowedValues as unknown[]
    )
      .map(v => JSON.stringify(v))
      .join(', ')}`;
  }
  if (error.keyword === 'additionalProperties') {
    return `- ${field}: Additional property ${error.params.additionalProperty} is not allowed`;
  }
  return `- ${field}: ${error.message}`;
}

function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Helm refuses values that break the chart's values.schema.json, or that its
 * templates fail on, before touching the cluster. Templates only run on the
 * final values (`render`), since their rules span fields that
 * `--reuse-values` takes from the previous release.
 */
export function validateChartValues(
  chart: ChartMetadata,
  values: Values,
  { render }: { render: boolean },
): void {
  const validate = schemaValidator(chart.version);
  if (validate(values)) {
    if (render) validateCiliumTemplates(chart.version, values);
    return;
  }
  const lines = (validate.errors ?? [])
    .map(e => ({ ...e, data: dataAt(values, e.instancePath) }))
    .map(describeError);
  throw new HelmError(
    `values don't meet the specifications of the schema(s) in the following chart(s):\n${
      chart.name
    }:\n${[...new Set(lines)].join('\n')}`,
  );
}

function dataAt(values: Values, pointer: string): unknown {
  return pointer
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
