import { randomBytes, randomUUID } from 'node:crypto';
import { LabRequest, LabResponse, Router } from './http';
import { SigningKey, signJwt, toJwk, verifyJwtSignature } from './jwt';

/** The claims of an access token the lab's Entra ID issued (an app-only, v1.0-style token). */
export interface AccessTokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  tid: string;
  /** Client (application) id of the caller. */
  appid: string;
  azp: string;
  /** Object id of the caller's service principal. */
  oid: string;
  sub: string;
  idtyp: 'app';
  ver: '1.0';
  uti: string;
}

export interface EntraTenantOptions {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  servicePrincipalObjectId: string;
  signingKey: SigningKey;
  tokenLifetimeSeconds: number;
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access']);

/**
 * The audience Entra writes into a token for `<resource>/.default`: URI
 * resources keep their trailing slash (`https://management.azure.com/`),
 * application ids do not (`6dae42f8-…`).
 */
export function audienceForScope(scope: string): string {
  const resource = scope.replace(/\.default$/, '');
  return resource.includes('://') ? resource : resource.replace(/\/$/, '');
}

/**
 * One Entra ID tenant with one app registration, enough for
 * `ClientSecretCredential` (MSAL): OpenID discovery, the signing keys and the
 * v2.0 client-credentials grant.
 */
export class EntraTenant {
  constructor(private readonly options: EntraTenantOptions) {}

  get tenantId(): string {
    return this.options.tenantId;
  }

  /** `<authority host>/<tenant>`, the authority clients are told to use. */
  get authority(): string {
    return `${this.options.authorityHost}/${this.options.tenantId}`;
  }

  get issuer(): string {
    return `${this.authority}/v2.0`;
  }

  registerRoutes(router: Router): void {
    router
      .add(
        'GET',
        '/{tenant}/v2.0/.well-known/openid-configuration',
        this.withKnownTenant(() => this.openIdConfiguration()),
      )
      .add('GET', '/{tenant}/discovery/v2.0/keys', () => this.keys())
      .add(
        'POST',
        '/{tenant}/oauth2/v2.0/token',
        this.withKnownTenant(request => this.token(request)),
      );
  }

  /** Issues an access token for `scope` (e.g. `https://management.azure.com/.default`). */
  private issueToken(scope: string): { token: string; expiresIn: number } {
    const now = Math.floor(Date.now() / 1000);
    const claims: AccessTokenClaims = {
      aud: audienceForScope(scope),
      iss: this.issuer,
      iat: now,
      nbf: now,
      exp: now + this.options.tokenLifetimeSeconds,
      tid: this.options.tenantId,
      appid: this.options.clientId,
      azp: this.options.clientId,
      oid: this.options.servicePrincipalObjectId,
      sub: this.options.servicePrincipalObjectId,
      idtyp: 'app',
      ver: '1.0',
      uti: randomBytes(16).toString('base64url'),
    };
    return {
      token: signJwt(claims, this.options.signingKey),
      expiresIn: this.options.tokenLifetimeSeconds,
    };
  }

  /** Claims of a token this tenant signed, whatever its audience or expiry. */
  decodeToken(token: string): AccessTokenClaims | undefined {
    const payload = verifyJwtSignature(token, this.options.signingKey);
    if (!payload || payload.iss !== this.issuer) return undefined;
    return payload as unknown as AccessTokenClaims;
  }

  /** Claims of a valid, unexpired token issued for `scope`, else undefined. */
  verifyToken(token: string, scope: string): AccessTokenClaims | undefined {
    const claims = this.decodeToken(token);
    if (!claims) return undefined;
    if (claims.exp * 1000 <= Date.now()) return undefined;
    return claims.aud === audienceForScope(scope) ? claims : undefined;
  }

  private withKnownTenant(
    handler: (request: LabRequest) => LabResponse,
  ): (request: LabRequest, params: Record<string, string>) => LabResponse {
    return (request, params) =>
      params.tenant.toLowerCase() === this.options.tenantId.toLowerCase()
        ? handler(request)
        : this.oauthError(
            400,
            'invalid_tenant',
            90002,
            `Tenant '${params.tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
          );
  }

  private openIdConfiguration(): LabResponse {
    const base = this.authority;
    return {
      status: 200,
      body: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: [
          'code',
          'id_token',
          'code id_token',
          'id_token token',
        ],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: this.issuer,
        request_uri_parameter_supported: false,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
        cloud_graph_host_name: 'graph.windows.net',
        msgraph_host: 'graph.microsoft.com',
      },
    };
  }

  private keys(): LabResponse {
    return { status: 200, body: { keys: [toJwk(this.options.signingKey)] } };
  }

  private token(request: LabRequest): LabResponse {
    const form = new URLSearchParams(request.rawBody);
    const grantType = form.get('grant_type');
    if (grantType !== 'client_credentials') {
      return this.oauthError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${grantType ?? ''}'.`,
      );
    }
    const clientId = form.get('client_id') ?? '';
    if (clientId.toLowerCase() !== this.options.clientId.toLowerCase()) {
      return this.oauthError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.options.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    const clientSecret = form.get('client_secret');
    if (!clientSecret) {
      return this.oauthError(
        401,
        'invalid_client',
        7000216,
        "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
      );
    }
    if (clientSecret !== this.options.clientSecret) {
      return this.oauthError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${this.options.clientId}'.`,
      );
    }
    const scope = this.singleDefaultScope(form.get('scope') ?? '');
    if (scope === undefined) {
      return this.oauthError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${
          form.get('scope') ?? ''
        } is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    const { token, expiresIn } = this.issueToken(scope);
    return {
      status: 200,
      headers: { 'cache-control': 'no-store, no-cache' },
      body: {
        token_type: 'Bearer',
        expires_in: expiresIn,
        ext_expires_in: expiresIn,
        access_token: token,
      },
    };
  }

  private singleDefaultScope(scopeParameter: string): string | undefined {
    const scopes = scopeParameter
      .split(' ')
      .filter(scope => scope && !OIDC_SCOPES.has(scope));
    return scopes.length === 1 && scopes[0].endsWith('/.default')
      ? scopes[0]
      : undefined;
  }

  /** Entra's OAuth error body, AADSTS code and all. */
  private oauthError(
    status: number,
    error: string,
    aadstsCode: number,
    description: string,
  ): LabResponse {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    return {
      status,
      body: {
        error,
        error_description: `AADSTS${aadstsCode}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
        error_codes: [aadstsCode],
        timestamp,
        trace_id: traceId,
        correlation_id: correlationId,
        error_uri: `${this.options.authorityHost}/error?code=${aadstsCode}`,
      },
    };
  }
}
