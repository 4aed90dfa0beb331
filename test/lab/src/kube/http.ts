import { IncomingMessage, ServerResponse } from 'node:http';
import { KubeApiError, Status } from './status';

/** etcd's request size limit, which the API server enforces on bodies. */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Bodies already read, so a body looked at before routing can still be read by the route. */
const bodies = new WeakMap<IncomingMessage, Buffer>();

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const read = bodies.get(request);
  if (read) return read;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw KubeApiError.requestEntityTooLarge(MAX_BODY_BYTES);
    }
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks);
  bodies.set(request, body);
  return body;
}

export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const text = (await readBody(request)).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw KubeApiError.badRequest(
      `couldn't get version/kind; json parse error: ${
        (error as Error).message
      }`,
    );
  }
}

/** Sends JSON that is already serialised, so cached object JSON goes out as is. */
export function sendJsonText(
  response: ServerResponse,
  code: number,
  json: string,
): void {
  response.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(json),
    'Cache-Control': 'no-cache, private',
  });
  response.end(json);
}

export function sendJson(
  response: ServerResponse,
  code: number,
  body: unknown,
): void {
  sendJsonText(response, code, JSON.stringify(body));
}

export function sendStatus(response: ServerResponse, status: Status): void {
  sendJson(response, status.code, status);
}

export function sendText(
  response: ServerResponse,
  code: number,
  text: string,
): void {
  response.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-cache, private',
  });
  response.end(text);
}
