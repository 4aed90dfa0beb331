import { createHash } from 'node:crypto';
import { ServerResponse } from 'node:http';
import { sendJson, sendText } from '../http';
import { NonResourceRequest } from '../requestInfo';
import { ResourceRegistry } from '../resources/registry';
import { ResourceType } from '../resources/resourceType';
import { KubeApiError } from '../status';
import { ApiContext } from './context';

function groupVersion(group: string, version: string) {
  return { groupVersion: group ? `${group}/${version}` : version, version };
}

function apiGroup(group: string, versions: string[]) {
  return {
    name: group,
    versions: versions.map(version => groupVersion(group, version)),
    preferredVersion: groupVersion(group, versions[0]),
  };
}

/** Like the API server's hash: a short digest identifying the stored kind. */
function storageVersionHash(resource: ResourceType): string {
  return createHash('sha256')
    .update(`${resource.group}/${resource.version}/${resource.kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');
}

function apiResources(resources: ResourceType[]) {
  const entries = resources.flatMap(resource => [
    {
      name: resource.plural,
      singularName: resource.singular,
      namespaced: resource.namespaced,
      kind: resource.kind,
      verbs: [...resource.verbs],
      ...(resource.shortNames.length
        ? { shortNames: [...resource.shortNames] }
        : {}),
      ...(resource.categories.length
        ? { categories: [...resource.categories] }
        : {}),
      storageVersionHash: storageVersionHash(resource),
    },
    ...resource.subresources.map(subresource => ({
      name: `${resource.plural}/${subresource.name}`,
      singularName: '',
      namespaced: resource.namespaced,
      kind: subresource.kind,
      verbs: subresource.verbs,
    })),
  ]);
  return entries.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function versionInfo(gitVersion: string) {
  const [major, minor] = gitVersion.slice(1).split('.');
  return {
    major,
    minor,
    gitVersion,
    gitCommit: createHash('sha1').update(gitVersion).digest('hex'),
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.24.4',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** Discovery, version and health endpoints; anything else is 404. */
export function serveNonResource(
  context: ApiContext,
  request: NonResourceRequest,
  response: ServerResponse,
): void {
  if (request.verb !== 'get' && request.verb !== 'head') {
    throw KubeApiError.methodNotAllowed();
  }
  const registry: ResourceRegistry = context.operations.registry;
  const path = request.path.replace(/\/+$/, '') || '/';
  const segments = path.split('/').filter(Boolean);
  if (['/healthz', '/livez', '/readyz'].includes(path)) {
    return sendText(response, 200, 'ok');
  }
  if (path === '/version') {
    return sendJson(response, 200, versionInfo(context.gitVersion));
  }
  if (path === '/api') {
    return sendJson(response, 200, {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [
        { clientCIDR: '0.0.0.0/0', serverAddress: context.serverAddress },
      ],
    });
  }
  if (path === '/api/v1') {
    return sendJson(response, 200, {
      kind: 'APIResourceList',
      groupVersion: 'v1',
      resources: apiResources(registry.inGroupVersion('', 'v1')),
    });
  }
  if (path === '/apis') {
    return sendJson(response, 200, {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: registry
        .groups()
        .map(({ group, versions }) => apiGroup(group, versions)),
    });
  }
  if (segments[0] === 'apis' && segments.length <= 3) {
    const found = registry.groups().find(({ group }) => group === segments[1]);
    if (found && segments.length === 2) {
      return sendJson(response, 200, {
        kind: 'APIGroup',
        apiVersion: 'v1',
        ...apiGroup(found.group, found.versions),
      });
    }
    if (found && found.versions.includes(segments[2])) {
      return sendJson(response, 200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: `${found.group}/${segments[2]}`,
        resources: apiResources(
          registry.inGroupVersion(found.group, segments[2]),
        ),
      });
    }
  }
  throw KubeApiError.noSuchResource();
}
