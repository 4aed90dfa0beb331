import { ArmError } from './errors';
import { LabRequest } from './http';

/** The swagger documents the lab validates against (see ../shared/reference/azure). */
export const STABLE_SWAGGER_VERSION = '2026-06-01';
export const PREVIEW_SWAGGER_VERSION = '2026-10-02-preview';

/**
 * Microsoft.ContainerService api-versions the lab serves: those of the two
 * swagger documents plus `KnownVersions` of @azure/arm-containerservice 25.5.0.
 */
export const CONTAINER_SERVICE_API_VERSIONS: readonly string[] = [
  '2025-10-01',
  '2026-01-01',
  '2026-02-01',
  '2026-03-01',
  '2026-04-01',
  '2026-05-01',
  STABLE_SWAGGER_VERSION,
  PREVIEW_SWAGGER_VERSION,
];

/** Microsoft.Resources (resource groups) api-versions in common use. */
export const RESOURCES_API_VERSIONS: readonly string[] = [
  '2019-05-01',
  '2019-10-01',
  '2020-06-01',
  '2021-04-01',
  '2022-09-01',
  '2023-07-01',
  '2024-03-01',
  '2024-07-01',
  '2024-11-01',
  '2025-04-01',
];

/**
 * Microsoft.Network api-versions the lab serves: `2026-01-01`, which
 * @azure/arm-network 39.0.0 sends, and recent ones templates still pin.
 */
export const NETWORK_API_VERSIONS: readonly string[] = [
  '2023-09-01',
  '2023-11-01',
  '2024-01-01',
  '2024-03-01',
  '2024-05-01',
  '2024-07-01',
  '2025-01-01',
  '2025-05-01',
  '2025-07-01',
  '2026-01-01',
];

export function isPreviewApiVersion(apiVersion: string): boolean {
  return apiVersion.endsWith('-preview');
}

/** The swagger document whose schemas a request with `apiVersion` is held to. */
export function swaggerVersionFor(apiVersion: string): string {
  return isPreviewApiVersion(apiVersion)
    ? PREVIEW_SWAGGER_VERSION
    : STABLE_SWAGGER_VERSION;
}

/** The request's api-version, refused the way ARM refuses a missing or unsupported one. */
export function requireApiVersion(
  request: LabRequest,
  supported: readonly string[],
  resourceType: string,
): string {
  const apiVersion = request.url.searchParams.get('api-version');
  if (!apiVersion) {
    throw new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  if (!supported.includes(apiVersion)) {
    throw new ArmError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${apiVersion}' is invalid. The supported versions for resource type '${resourceType}' are '${supported.join(
        ',',
      )}'.`,
    );
  }
  return apiVersion;
}
