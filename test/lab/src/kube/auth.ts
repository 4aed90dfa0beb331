import { IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';
import { clientIdentityOf } from '../pki/certificates';
import { ResourceRegistry } from './resources/registry';
import { KubeApiError, qualifiedResource } from './status';
import { Identity, PolicyRule } from './types';

/** Resolves bearer tokens the server does not know itself, e.g. Entra ID access tokens. */
export type BearerAuthenticator = (
  token: string,
) => Identity | undefined | Promise<Identity | undefined>;

export const MASTERS_GROUP = 'system:masters';
const AUTHENTICATED_GROUP = 'system:authenticated';

/** Client certificates signed by the cluster CA first, then bearer tokens, like the real authenticator chain. */
export class Authenticator {
  private readonly tokens = new Map<string, Identity>();

  constructor(private readonly authenticateBearer?: BearerAuthenticator) {}

  addToken(token: string, identity: Identity): void {
    this.tokens.set(token, identity);
  }

  async authenticate(request: IncomingMessage): Promise<Identity | undefined> {
    const socket = request.socket as TLSSocket;
    if (socket.authorized) {
      const fromCertificate = clientIdentityOf(socket.getPeerCertificate());
      if (fromCertificate) return withAuthenticatedGroup(fromCertificate);
    }
    const token = /^Bearer\s+(\S+)\s*$/i.exec(
      request.headers.authorization ?? '',
    )?.[1];
    if (!token) return undefined;
    const identity =
      this.tokens.get(token) ?? (await this.authenticateBearer?.(token));
    return identity && withAuthenticatedGroup(identity);
  }
}

function withAuthenticatedGroup(identity: Identity): Identity {
  return identity.groups.includes(AUTHENTICATED_GROUP)
    ? identity
    : { ...identity, groups: [...identity.groups, AUTHENTICATED_GROUP] };
}

export type AuthorizationAttributes =
  | {
      kind: 'resource';
      verb: string;
      apiGroup: string;
      resource: string;
      subresource?: string;
      namespace?: string;
      name?: string;
    }
  | { kind: 'nonResource'; verb: string; path: string };

/** What system:discovery and system:public-info-viewer grant every authenticated user. */
const PUBLIC_PATHS = [
  /^\/api(\/.*)?$/,
  /^\/apis(\/.*)?$/,
  /^\/version\/?$/,
  /^\/(healthz|livez|readyz)(\/.*)?$/,
  /^\/openapi(\/.*)?$/,
];

function ruleAllows(
  rule: PolicyRule,
  attributes: AuthorizationAttributes & { kind: 'resource' },
): boolean {
  const { verb, apiGroup, resource, subresource, name } = attributes;
  const requested = subresource ? `${resource}/${subresource}` : resource;
  return (
    (rule.verbs.includes('*') || rule.verbs.includes(verb)) &&
    (rule.apiGroups.includes('*') || rule.apiGroups.includes(apiGroup)) &&
    (rule.resources.includes('*') ||
      rule.resources.includes(requested) ||
      (subresource !== undefined &&
        rule.resources.includes(`*/${subresource}`))) &&
    (!rule.resourceNames?.length ||
      (name !== undefined && rule.resourceNames.includes(name)))
  );
}

export function isAllowed(
  identity: Identity,
  attributes: AuthorizationAttributes,
): boolean {
  if (identity.groups.includes(MASTERS_GROUP)) return true;
  if (attributes.kind === 'nonResource') {
    return PUBLIC_PATHS.some(pattern => pattern.test(attributes.path));
  }
  return (identity.rules ?? []).some(rule => ruleAllows(rule, attributes));
}

/** The 403 the RBAC authorizer's denial turns into, word for word. */
export function forbiddenError(
  identity: Identity,
  attributes: AuthorizationAttributes,
): KubeApiError {
  if (attributes.kind === 'nonResource') {
    return KubeApiError.forbidden(
      `forbidden: User "${identity.user}" cannot ${attributes.verb} path "${attributes.path}"`,
      {},
    );
  }
  const { verb, apiGroup, resource, subresource, namespace, name } = attributes;
  const target = qualifiedResource({ group: apiGroup, plural: resource });
  const subject = name ? `${target} "${name}"` : target;
  const requested = subresource ? `${resource}/${subresource}` : resource;
  const scope = namespace
    ? `in the namespace "${namespace}"`
    : 'at the cluster scope';
  return KubeApiError.forbidden(
    `${subject} is forbidden: User "${identity.user}" cannot ${verb} resource "${requested}" in API group "${apiGroup}" ${scope}`,
    {
      ...(name ? { name } : {}),
      ...(apiGroup ? { group: apiGroup } : {}),
      kind: resource,
    },
  );
}

/**
 * Rules like the aggregated `view` ClusterRole: read everything but Secrets,
 * plus reaching pods through the API server proxy. Enumerated per group
 * because RBAC has no "all but", so they must be rebuilt as resources come and go.
 */
export function readOnlyRules(registry: ResourceRegistry): PolicyRule[] {
  const byGroup = new Map<string, string[]>();
  for (const resource of registry.all()) {
    if (resource.group === '' && resource.plural === 'secrets') continue;
    const names = byGroup.get(resource.group) ?? [];
    names.push(resource.plural);
    if (resource.hasStatusSubresource) names.push(`${resource.plural}/status`);
    byGroup.set(resource.group, names);
  }
  return [
    ...[...byGroup].map(([group, resources]) => ({
      apiGroups: [group],
      resources,
      verbs: ['get', 'list', 'watch'],
    })),
    { apiGroups: [''], resources: ['pods/proxy'], verbs: ['get'] },
  ];
}
