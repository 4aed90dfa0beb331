import { IncomingMessage, ServerResponse } from 'node:http';
import { isJsonObject } from '../json';
import { readBody, sendJson } from '../http';
import { PodProxyResponse } from '../podProxy';
import { ResourceRequest } from '../requestInfo';
import { KubeApiError } from '../status';
import { KubeObject } from '../types';
import { ApiContext } from './context';

/** Headers that describe one hop, or the caller's credentials, which stay with the API server. */
const UNFORWARDED_HEADERS = new Set([
  'authorization',
  'connection',
  'host',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'content-length',
]);

function podOf(
  context: ApiContext,
  namespace: string,
  name: string,
): KubeObject {
  const pods = context.operations.registry.find('', 'v1', 'pods')!;
  return context.operations.get(pods, namespace, name).object;
}

/** The port the real pod proxy picks when none is named: the first declared container port, else 80. */
function defaultPort(pod: KubeObject): number {
  const containers =
    isJsonObject(pod.spec) && Array.isArray(pod.spec.containers)
      ? pod.spec.containers
      : [];
  for (const container of containers) {
    const ports =
      isJsonObject(container) && Array.isArray(container.ports)
        ? container.ports
        : [];
    const first = ports.find(isJsonObject);
    if (first && typeof first.containerPort === 'number') {
      return first.containerPort;
    }
  }
  return 80;
}

/** `name`, `name:port` or `scheme:name:port`, as the pod proxy accepts. */
function parseProxyTarget(target: string): { name: string; port?: string } {
  const parts = target.split(':');
  if (parts.length === 3) return { name: parts[1], port: parts[2] };
  if (parts.length === 2) return { name: parts[0], port: parts[1] };
  return { name: target };
}

function sendProxied(
  response: ServerResponse,
  proxied: PodProxyResponse,
): void {
  const { body } = proxied;
  if (
    body !== undefined &&
    typeof body !== 'string' &&
    !Buffer.isBuffer(body)
  ) {
    sendJson(response, proxied.status, body);
    return;
  }
  const headers = { ...proxied.headers };
  // Go's net/http, which serves most things in pods, always sends a Content-Type.
  if (
    body !== undefined &&
    !Object.keys(headers).some(
      header => header.toLowerCase() === 'content-type',
    )
  ) {
    headers['Content-Type'] =
      typeof body === 'string'
        ? 'text/plain; charset=utf-8'
        : 'application/octet-stream';
  }
  response.writeHead(proxied.status, headers);
  response.end(body);
}

/** `pods/{name}[:{port}]/proxy/{path}`, answered by whatever the lab registered for that pod and port. */
export async function servePodProxy(
  context: ApiContext,
  info: ResourceRequest,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const namespace = info.namespace!;
  const target = parseProxyTarget(info.name!);
  const pod = podOf(context, namespace, target.name);
  const port =
    target.port === undefined || target.port === ''
      ? defaultPort(pod)
      : Number(target.port);
  const handler = Number.isInteger(port)
    ? context.podProxies.find(namespace, target.name, port)
    : undefined;
  if (!handler) {
    const podIP =
      isJsonObject(pod.status) && typeof pod.status.podIP === 'string'
        ? pod.status.podIP
        : '<nil>';
    throw KubeApiError.serviceUnavailable(
      `error trying to reach service: dial tcp ${podIP}:${
        target.port || port
      }: connect: connection refused`,
    );
  }
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(
      ([header]) => !UNFORWARDED_HEADERS.has(header),
    ),
  );
  const query = new URLSearchParams(info.query);
  let proxied: PodProxyResponse;
  try {
    proxied = await handler({
      method: request.method ?? 'GET',
      path: info.subpath,
      query,
      headers,
      body: await readBody(request),
    });
  } catch (error) {
    throw KubeApiError.serviceUnavailable(
      `error trying to reach service: ${(error as Error).message}`,
    );
  }
  sendProxied(response, proxied);
}

/** Exec streams over a WebSocket (handled on upgrade); a plain request gets what the real server says. */
export function servePodExec(
  context: ApiContext,
  info: ResourceRequest,
): never {
  podOf(context, info.namespace!, info.name!);
  throw KubeApiError.badRequest('Upgrade request required');
}
