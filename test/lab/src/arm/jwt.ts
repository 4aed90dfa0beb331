import {
  KeyObject,
  generateKeyPair,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import { promisify } from 'node:util';

/** An RS256 signing key, as Entra ID signs access tokens. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
  });
  return { kid: randomBytes(20).toString('base64url'), privateKey, publicKey };
}

/** The key in JWKS form, for the tenant's `jwks_uri`. */
export function toJwk(key: SigningKey): Record<string, unknown> {
  return {
    ...key.publicKey.export({ format: 'jwk' }),
    kid: key.kid,
    use: 'sig',
    alg: 'RS256',
  };
}

export function signJwt(payload: object, key: SigningKey): string {
  const header = { typ: 'JWT', alg: 'RS256', kid: key.kid };
  const signingInput = `${encodeJson(header)}.${encodeJson(payload)}`;
  const signature = sign('sha256', Buffer.from(signingInput), key.privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** The payload when the token is well formed and signed by `key`; expiry is the caller's business. */
export function verifyJwtSignature(
  token: string,
  key: SigningKey,
): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [encodedHeader, encodedPayload, encodedSignature] = parts;
  const header = decodeJson(encodedHeader);
  if (header?.alg !== 'RS256' || header.kid !== key.kid) return undefined;
  const signatureValid = verify(
    'sha256',
    Buffer.from(`${encodedHeader}.${encodedPayload}`),
    key.publicKey,
    Buffer.from(encodedSignature, 'base64url'),
  );
  return signatureValid ? decodeJson(encodedPayload) : undefined;
}

function encodeJson(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeJson(encoded: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(
      Buffer.from(encoded, 'base64url').toString('utf8'),
    );
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
