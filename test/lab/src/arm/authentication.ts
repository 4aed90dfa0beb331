import { EntraTenant } from './entra';
import { ArmError } from './errors';
import { LabRequest } from './http';

/** The audiences ARM accepts, in the order its error message lists them. */
const ARM_AUDIENCES = [
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
  'https://management.azure.com/',
  'https://management.azure.com',
];

/**
 * ARM's front door: every management request needs a bearer token the
 * tenant issued for ARM, or it is refused with ARM's 401 codes.
 */
export function authenticateArmRequest(
  request: LabRequest,
  tenant: EntraTenant,
): void {
  const refusal = (code: string, message: string): ArmError =>
    new ArmError(401, code, message, undefined, {
      'www-authenticate': `Bearer authorization_uri="${
        tenant.authority
      }", error="invalid_token", error_description="${message.replace(
        /"/g,
        "'",
      )}"`,
    });
  const header = request.headers.authorization;
  if (!header) {
    throw refusal(
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
    );
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    throw refusal(
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
    );
  }
  const claims = tenant.decodeToken(match[1]);
  if (!claims) {
    throw refusal('InvalidAuthenticationToken', 'The access token is invalid.');
  }
  if (claims.exp * 1000 <= Date.now()) {
    throw refusal(
      'ExpiredAuthenticationToken',
      `The access token expiry UTC time '${new Date(
        claims.exp * 1000,
      ).toUTCString()}' is earlier than current UTC time '${new Date().toUTCString()}'.`,
    );
  }
  if (!ARM_AUDIENCES.includes(claims.aud)) {
    throw refusal(
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${
        claims.aud
      }'. It should exactly match with one of the allowed audiences ${ARM_AUDIENCES.map(
        audience => `'${audience}'`,
      ).join(',')}.`,
    );
  }
}
