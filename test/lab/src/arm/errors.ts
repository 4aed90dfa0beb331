/** The `error` object of ARM's error contract (common-types v6 `ErrorDetail`). */
export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorDetail[];
}

/**
 * A request ARM refuses. Handlers throw it; the server turns it into the
 * status, headers and `{ error: { code, message, target? } }` body.
 */
export class ArmError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ArmError';
  }

  toBody(): { error: ArmErrorDetail } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.target === undefined ? {} : { target: this.target }),
      },
    };
  }
}

/** ARM answers 404s for missing resources itself, which it marks with this header. */
const GATEWAY_FAILURE = { 'x-ms-failure-cause': 'gateway' };

export function resourceGroupNotFound(resourceGroup: string): ArmError {
  return new ArmError(
    404,
    'ResourceGroupNotFound',
    `Resource group '${resourceGroup}' could not be found.`,
    undefined,
    GATEWAY_FAILURE,
  );
}

export function resourceNotFound(
  resourceType: string,
  name: string,
  resourceGroup: string,
): ArmError {
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${resourceType}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    undefined,
    GATEWAY_FAILURE,
  );
}

export function invalidParameter(target: string, message: string): ArmError {
  return new ArmError(400, 'InvalidParameter', message, target);
}

export function badRequest(message: string, target?: string): ArmError {
  return new ArmError(400, 'BadRequest', message, target);
}

export function locationRequired(): ArmError {
  return new ArmError(
    400,
    'LocationRequired',
    'The location property is required for this definition.',
  );
}

/** ARM refuses to move an existing resource by PUTting it with another location. */
export function invalidResourceLocation(
  name: string,
  resourceGroup: string,
  existingLocation: string,
  requestedLocation: string,
): ArmError {
  return new ArmError(
    409,
    'InvalidResourceLocation',
    `The resource '${name}' already exists in location '${existingLocation}' in resource group '${resourceGroup}'. A resource with the same name cannot be created in location '${requestedLocation}'. Please select a new resource name.`,
  );
}
