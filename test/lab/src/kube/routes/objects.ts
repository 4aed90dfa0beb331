import { IncomingMessage, ServerResponse } from 'node:http';
import { isJsonObject } from '../json';
import { readJsonBody, sendJsonText, sendStatus } from '../http';
import { ListOptions, ListPage } from '../listing';
import { DeleteOptions } from '../operations';
import { PATCH_CONTENT_TYPES, patchTypeOf } from '../patch';
import { ResourceRequest } from '../requestInfo';
import { ResourceType } from '../resources/resourceType';
import { KubeApiError, successStatus } from '../status';
import { StoredObject } from '../store';
import { ApiContext } from './context';
import { servePodExec, servePodProxy } from './pods';
import { serveWatch } from './watch';

function dryRunOf(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  const unsupported = values.find(value => value !== 'All');
  if (unsupported !== undefined) {
    throw KubeApiError.badRequest(
      `dryRun: Unsupported value: "${unsupported}": supported values: "All"`,
    );
  }
  return values.length > 0;
}

export function listOptionsOf(request: ResourceRequest): ListOptions {
  const { query } = request;
  const limit = query.get('limit');
  return {
    namespace: request.namespace,
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
    limit: limit ? Number(limit) : undefined,
    continue: query.get('continue') ?? undefined,
  };
}

function sendList(
  response: ServerResponse,
  resource: ResourceType,
  page: ListPage,
): void {
  const metadata = {
    resourceVersion: String(page.resourceVersion),
    ...(page.continue ? { continue: page.continue } : {}),
    ...(page.remainingItemCount !== undefined
      ? { remainingItemCount: page.remainingItemCount }
      : {}),
  };
  const items = page.items
    .map(item => item.listItem(resource.listItemsKeepTypeMeta))
    .join(',');
  sendJsonText(
    response,
    200,
    `{"kind":${JSON.stringify(resource.listKind)},"apiVersion":${JSON.stringify(
      resource.apiVersion,
    )},"metadata":${JSON.stringify(metadata)},"items":[${items}]}`,
  );
}

function sendDeleted(
  response: ServerResponse,
  resource: ResourceType,
  deleted: StoredObject,
): void {
  if (resource.deleteReturnsObject) {
    return sendJsonText(response, 200, deleted.json());
  }
  return sendStatus(
    response,
    successStatus({
      name: deleted.object.metadata.name,
      ...(resource.group ? { group: resource.group } : {}),
      kind: resource.plural,
      uid: deleted.object.metadata.uid,
    }),
  );
}

async function deleteOptionsOf(
  request: IncomingMessage,
  query: URLSearchParams,
): Promise<DeleteOptions> {
  const hasBody =
    Number(request.headers['content-length'] ?? 0) > 0 ||
    request.headers['transfer-encoding'];
  const body = hasBody ? await readJsonBody(request) : undefined;
  const options = isJsonObject(body) ? body : {};
  const bodyDryRun =
    Array.isArray(options.dryRun) && options.dryRun.includes('All');
  return {
    dryRun: dryRunOf(query) || bodyDryRun,
    preconditions: isJsonObject(options.preconditions)
      ? options.preconditions
      : undefined,
  };
}

async function patchArguments(
  request: IncomingMessage,
  resource: ResourceType,
) {
  const contentType = request.headers['content-type'];
  const patchType = patchTypeOf(contentType);
  if (!patchType) {
    const accepted: string[] = [
      PATCH_CONTENT_TYPES.json,
      PATCH_CONTENT_TYPES.merge,
    ];
    if (resource.supportsStrategicMerge) {
      accepted.push(PATCH_CONTENT_TYPES.strategic);
    }
    throw KubeApiError.unsupportedMediaType(contentType ?? '', accepted);
  }
  return { patchType, patch: await readJsonBody(request) };
}

/** Serves a request for a resource or one of its subresources. */
export async function serveResource(
  context: ApiContext,
  info: ResourceRequest,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const operations = context.operations;
  const resource = operations.registry.find(
    info.apiGroup,
    info.apiVersion,
    info.resource,
  );
  if (
    !resource ||
    (info.namespace !== undefined &&
      !resource.namespaced &&
      info.resource !== 'namespaces')
  ) {
    throw KubeApiError.noSuchResource();
  }
  const namespace = resource.namespaced ? info.namespace : undefined;
  if (
    resource.namespaced &&
    namespace === undefined &&
    info.verb !== 'list' &&
    info.verb !== 'watch'
  ) {
    throw KubeApiError.noSuchResource();
  }
  if (info.subresource) {
    return serveSubresource(context, resource, info, request, response);
  }
  const { name, query } = info;
  switch (info.verb) {
    case 'get':
      return sendJsonText(
        response,
        200,
        operations.get(resource, namespace, name!).json(),
      );
    case 'list':
      return sendList(
        response,
        resource,
        operations.list(resource, listOptionsOf(info)),
      );
    case 'watch':
      return serveWatch(context, resource, info, response);
    case 'create': {
      if (name) throw KubeApiError.methodNotAllowed();
      const body = await readJsonBody(request);
      const created = operations.create(resource, namespace, body, {
        dryRun: dryRunOf(query),
      });
      return sendJsonText(response, 201, created.json());
    }
    case 'update': {
      const body = await readJsonBody(request);
      const updated = operations.update(resource, namespace, name!, body, {
        dryRun: dryRunOf(query),
      });
      return sendJsonText(response, 200, updated.json());
    }
    case 'patch': {
      const { patchType, patch } = await patchArguments(request, resource);
      const patched = operations.patch(
        resource,
        namespace,
        name!,
        patchType,
        patch,
        { dryRun: dryRunOf(query) },
      );
      return sendJsonText(response, 200, patched.json());
    }
    case 'delete': {
      const options = await deleteOptionsOf(request, query);
      return sendDeleted(
        response,
        resource,
        operations.delete(resource, namespace, name!, options),
      );
    }
    case 'deletecollection': {
      if (resource.group === '' && resource.plural === 'namespaces') {
        throw KubeApiError.methodNotAllowed();
      }
      const options = await deleteOptionsOf(request, query);
      const deleted = operations.deleteCollection(
        resource,
        listOptionsOf(info),
        options,
      );
      return sendList(response, resource, {
        items: deleted,
        resourceVersion: operations.store.resourceVersion,
      });
    }
    default:
      throw KubeApiError.methodNotAllowed();
  }
}

async function serveSubresource(
  context: ApiContext,
  resource: ResourceType,
  info: ResourceRequest,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const served = resource.subresources.some(
    subresource => subresource.name === info.subresource,
  );
  if (!served || !info.name) throw KubeApiError.noSuchResource();
  if (info.subresource === 'proxy') {
    return servePodProxy(context, info, request, response);
  }
  if (info.subresource === 'exec') return servePodExec(context, info);
  const operations = context.operations;
  const namespace = resource.namespaced ? info.namespace : undefined;
  const options = {
    dryRun: dryRunOf(info.query),
    subresource: 'status' as const,
  };
  switch (info.verb) {
    case 'get':
      return sendJsonText(
        response,
        200,
        operations.get(resource, namespace, info.name).json(),
      );
    case 'update': {
      const body = await readJsonBody(request);
      return sendJsonText(
        response,
        200,
        operations.update(resource, namespace, info.name, body, options).json(),
      );
    }
    case 'patch': {
      const { patchType, patch } = await patchArguments(request, resource);
      const patched = operations.patch(
        resource,
        namespace,
        info.name,
        patchType,
        patch,
        options,
      );
      return sendJsonText(response, 200, patched.json());
    }
    default:
      throw KubeApiError.methodNotAllowed();
  }
}
