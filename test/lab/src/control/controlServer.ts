import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import type { Lab } from '../lab';
import { closeServer, listenOnLoopback } from '../net/loopback';
import {
  FaultArgumentError,
  FaultArguments,
  resolveFault,
} from './faultCommands';

export interface ControlServer {
  /** http://127.x.y.z:port */
  url: string;
  token: string;
  stop(): Promise<void>;
}

/**
 * The running lab's control API, for the `lab fault` CLI and demos:
 * `POST /faults/<name>` with FaultArguments as JSON, `GET /links` for every
 * observer's view of its peers. Loopback only, bearer token from lab.json.
 */
export async function startControlServer(lab: Lab): Promise<ControlServer> {
  const token = randomBytes(24).toString('hex');
  const server: Server = createServer((request, response) => {
    handle(lab, token, request, response).catch(error =>
      send(response, 500, { error: (error as Error).message }),
    );
  });
  const { host, port } = await listenOnLoopback(server);
  return {
    url: `http://${host}:${port}`,
    token,
    stop: () => closeServer(server),
  };
}

async function handle(
  lab: Lab,
  token: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const presented = Buffer.from(
    (request.headers.authorization ?? '').replace(/^Bearer /, ''),
  );
  const expected = Buffer.from(token);
  if (
    presented.length !== expected.length ||
    !timingSafeEqual(presented, expected)
  ) {
    send(response, 401, { error: 'a valid bearer token is required' });
    return;
  }
  const url = new URL(request.url ?? '/', 'http://lab.invalid');
  if (request.method === 'GET' && url.pathname === '/links') {
    send(response, 200, { links: lab.mesh.links() });
    return;
  }
  const fault = /^\/faults\/([a-z-]+)$/.exec(url.pathname)?.[1];
  if (request.method === 'POST' && fault) {
    let args: FaultArguments;
    try {
      args = JSON.parse((await readBody(request)) || '{}');
    } catch {
      send(response, 400, { error: 'the body must be JSON fault arguments' });
      return;
    }
    try {
      await resolveFault(fault, args).apply(lab, args);
    } catch (error) {
      const status = error instanceof FaultArgumentError ? 400 : 409;
      send(response, status, { error: (error as Error).message });
      return;
    }
    send(response, 200, { applied: fault });
    return;
  }
  send(response, 404, {
    error: `no route for ${request.method} ${url.pathname}`,
  });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', chunk => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
