import {
  IncomingHttpHeaders,
  IncomingMessage,
  ServerResponse,
} from 'node:http';
import { randomUUID } from 'node:crypto';
import { ArmError } from './errors';

export interface LabRequest {
  method: string;
  /** Absolute URL of the request, as the client addressed it. */
  url: URL;
  /** Decoded path segments, for matching. */
  segments: string[];
  headers: IncomingHttpHeaders;
  rawBody: string;
}

export interface LabResponse {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
}

export type RouteParams = Record<string, string>;
export type RouteHandler = (
  request: LabRequest,
  params: RouteParams,
) => LabResponse | Promise<LabResponse>;

interface Route {
  method: string;
  template: string[];
  handler: RouteHandler;
}

/**
 * Matches paths against templates like `/subscriptions/{subscriptionId}/resourceGroups`,
 * case-insensitively, as ARM does for every literal segment and resource name.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: RouteHandler): this {
    this.routes.push({
      method: method.toUpperCase(),
      template: template.split('/').filter(Boolean),
      handler,
    });
    return this;
  }

  /** The handler for a request, or undefined; `methodNotAllowed` when only the method is wrong. */
  match(
    request: LabRequest,
  ):
    | { handler: RouteHandler; params: RouteParams }
    | { methodNotAllowed: true }
    | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchTemplate(route.template, request.segments);
      if (!params) continue;
      if (route.method === request.method) {
        return { handler: route.handler, params };
      }
      pathMatched = true;
    }
    return pathMatched ? { methodNotAllowed: true } : undefined;
  }
}

function matchTemplate(
  template: string[],
  segments: string[],
): RouteParams | undefined {
  if (template.length !== segments.length) return undefined;
  const params: RouteParams = {};
  for (let i = 0; i < template.length; i++) {
    const part = template[i];
    if (part.startsWith('{') && part.endsWith('}')) {
      params[part.slice(1, -1)] = segments[i];
    } else if (part.toLowerCase() !== segments[i].toLowerCase()) {
      return undefined;
    }
  }
  return params;
}

export async function readRequest(
  message: IncomingMessage,
  origin: string,
): Promise<LabRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  const url = new URL(message.url ?? '/', origin);
  return {
    method: (message.method ?? 'GET').toUpperCase(),
    url,
    segments: url.pathname
      .split('/')
      .filter(Boolean)
      .map(segment => decodeURIComponent(segment)),
    headers: message.headers,
    rawBody: Buffer.concat(chunks).toString('utf8'),
  };
}

export function writeResponse(
  serverResponse: ServerResponse,
  response: LabResponse,
  method: string,
): void {
  const headers: Record<string, string> = {
    'x-ms-request-id': randomUUID(),
    ...response.headers,
  };
  let payload: string | undefined;
  if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  headers['content-length'] = String(
    payload === undefined ? 0 : Buffer.byteLength(payload),
  );
  serverResponse.writeHead(response.status, headers);
  serverResponse.end(method === 'HEAD' ? undefined : payload);
}

export function armErrorResponse(error: ArmError): LabResponse {
  return {
    status: error.statusCode,
    headers: error.headers,
    body: error.toBody(),
  };
}

/** Parses a JSON request body; ARM answers malformed JSON with 400 InvalidRequestContent. */
export function jsonBody(request: LabRequest): unknown {
  if (request.rawBody.trim() === '') {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized: the request body is empty.',
    );
  }
  try {
    return JSON.parse(request.rawBody);
  } catch (error) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: '${
        (error as Error).message
      }'.`,
    );
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `parent[key]` if it is an object, else an empty one. */
export function objectAt(
  parent: Record<string, unknown>,
  key: string,
): Record<string, unknown> {
  const value = parent[key];
  return isJsonObject(value) ? value : {};
}
