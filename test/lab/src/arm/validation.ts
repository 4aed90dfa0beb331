import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { invalidParameter } from './errors';
import {
  documentsForManagedClusters,
  managedClustersDocumentId,
} from './swagger';

const validators = new Map<string, ValidateFunction>();

/** One ajv instance per swagger version, compiled on first use (the documents are large). */
function managedClusterValidator(swaggerVersion: string): ValidateFunction {
  const cached = validators.get(swaggerVersion);
  if (cached) return cached;
  // Swagger 2.0 schemas: x-ms-* keywords, swagger-only formats (int32, arm-id…)
  // and a document layout that is not a JSON Schema; ajv only needs the
  // definitions reachable from ManagedCluster.
  const ajv = new Ajv({
    strict: false,
    validateFormats: false,
    validateSchema: false,
    allErrors: false,
  });
  for (const { id, document } of documentsForManagedClusters(swaggerVersion)) {
    ajv.addSchema({ ...document, $id: id });
  }
  const validator = ajv.getSchema(
    `${managedClustersDocumentId(swaggerVersion)}#/definitions/ManagedCluster`,
  );
  if (!validator)
    throw new Error(`No ManagedCluster schema in ${swaggerVersion}`);
  validators.set(swaggerVersion, validator);
  return validator;
}

/**
 * Holds a PUT body to the swagger of its api-version, and refuses it the way
 * ARM does: 400 InvalidParameter whose target is the offending property's path.
 */
export function validateManagedClusterBody(
  body: unknown,
  swaggerVersion: string,
): void {
  const validate = managedClusterValidator(swaggerVersion);
  if (validate(body)) return;
  const error = validate.errors?.[0];
  if (!error) return;
  const target = targetOf(error);
  throw invalidParameter(
    target,
    `The value of parameter ${target} is invalid: ${describe(error)}.`,
  );
}

/** `/properties/agentPoolProfiles/0/name` → `properties.agentPoolProfiles[0].name`. */
function targetOf(error: ErrorObject): string {
  let path = '';
  for (const segment of error.instancePath.split('/').filter(Boolean)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(key)) path += `[${key}]`;
    else path += path ? `.${key}` : key;
  }
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string })
      .missingProperty;
    return path ? `${path}.${missing}` : missing;
  }
  return path || '(body)';
}

function describe(error: ErrorObject): string {
  const value = JSON.stringify(error.data);
  switch (error.keyword) {
    case 'pattern':
      return `${value} does not match the pattern '${
        (error.params as { pattern: string }).pattern
      }'`;
    case 'enum':
      return `${value} is not one of ${(
        error.params as { allowedValues: unknown[] }
      ).allowedValues
        .map(allowed => `'${String(allowed)}'`)
        .join(', ')}`;
    case 'required':
      return 'the property is required';
    default:
      return `${value} ${error.message ?? 'is not valid'}`;
  }
}
