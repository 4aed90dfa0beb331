import { NETWORK_API_VERSIONS, requireApiVersion } from '../apiVersions';
import { normalizeLocation } from '../context';
import { ArmError, invalidResourceLocation, locationRequired } from '../errors';
import { LabRequest, isJsonObject, jsonBody, objectAt } from '../http';
import { withoutNulls } from '../projection';

/** What the request parts of every Microsoft.Network PUT boil down to. */
export interface ResourceBody {
  body: Record<string, unknown>;
  /** `properties`, without what the service computes itself. */
  properties: Record<string, unknown>;
  tags?: Record<string, string>;
}

/** Read-only properties a read-modify-write client sends back; the service sets them itself. */
const COMPUTED_PROPERTIES = ['provisioningState', 'resourceGuid'];

/** A resource's (or inline child's) `properties` as its client defines them. */
export function definedProperties(
  resource: Record<string, unknown>,
): Record<string, unknown> {
  return withoutKeys(objectAt(resource, 'properties'), COMPUTED_PROPERTIES);
}

export function networkApiVersion(
  request: LabRequest,
  resourceType: string,
): string {
  return requireApiVersion(request, NETWORK_API_VERSIONS, resourceType);
}

export function readResourceBody(request: LabRequest): ResourceBody {
  const body = withoutNulls(jsonBody(request));
  if (!isJsonObject(body)) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized: the body must be a JSON object.',
    );
  }
  return {
    body,
    properties: definedProperties(body),
    tags: isJsonObject(body.tags)
      ? (body.tags as Record<string, string>)
      : undefined,
  };
}

export function withoutKeys(
  object: Record<string, unknown>,
  keys: string[],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).filter(([key]) => !keys.includes(key)),
  );
}

/** The body's location, normalised; a resource keeps the one it was created in. */
export function locationOf(
  body: Record<string, unknown>,
  existing:
    | { name: string; resourceGroup: string; location: string }
    | undefined,
): string {
  if (typeof body.location !== 'string' || body.location === '') {
    throw locationRequired();
  }
  const location = normalizeLocation(body.location);
  if (existing && existing.location !== location) {
    throw invalidResourceLocation(
      existing.name,
      existing.resourceGroup,
      existing.location,
      location,
    );
  }
  return location;
}

const NAME_PATTERN = /^\w(?:[\w.-]{0,78}\w)?$/;

/** Network's naming rule, shared by every resource type the lab serves. */
export function checkResourceName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new ArmError(
      400,
      'InvalidResourceName',
      `Resource name ${name} is invalid. The name can be up to 80 characters long. It must begin with a word character, and it must end with a word character or with '_'. The name may contain word characters or '.', '-', '_'.`,
    );
  }
}

/** Network answers for missing child resources itself, not ARM. */
export function childNotFound(id: string): ArmError {
  return new ArmError(404, 'NotFound', `Resource ${id} not found.`);
}

/** The id a `{ id }` sub-resource reference holds, if any. */
export function referencedId(
  properties: Record<string, unknown>,
  key: string,
): string | undefined {
  const id = objectAt(properties, key).id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Network's 400 for a reference to a resource that does not exist. */
export function invalidResourceReference(
  referenced: string,
  referencing: string,
  target: string,
): ArmError {
  return new ArmError(
    400,
    'InvalidResourceReference',
    `Resource ${referenced} referenced by resource ${referencing} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
    target,
  );
}

/** The `InUse…CannotBeDeleted` family: a resource others still depend on. */
export function inUseCannotBeDeleted(
  code: string,
  kind: string,
  id: string,
  users: string[],
): ArmError {
  return new ArmError(
    400,
    code,
    `${kind} ${id} cannot be deleted because it is in use by the following resources: ${users.join(
      ', ',
    )}.`,
  );
}
