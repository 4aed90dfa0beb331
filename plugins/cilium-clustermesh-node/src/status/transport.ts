import {
  Configuration,
  createConfiguration,
  KubeConfig,
  RequestContext,
  ResponseContext,
  SecurityAuthentication,
  SelfDecodingBody,
  ServerConfiguration,
  wrapHttpLibrary,
} from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { Agent, request as httpsRequest } from 'node:https';
import { createSecureContext } from 'node:tls';
import type { Agent as HttpAgent, IncomingMessage } from 'node:http';

/** What went wrong below HTTP: the caller maps it to an ObservationError. */
export class TransportError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'timeout' | 'failed' | 'invalid',
    /** A Node error code such as ECONNREFUSED, when there is one. */
    readonly code?: string,
  ) {
    super(code ? `${kind} (${code})` : kind);
    this.name = 'TransportError';
  }
}

export interface RequestBounds {
  /** Aborts every request still running, e.g. at the observation's deadline. */
  signal: AbortSignal;
  /** Upper bound for one request. */
  requestTimeoutMs: number;
}

/** TLS settings client-node puts on the agent it makes for each request. */
const TLS_FIELDS = [
  'ca',
  'cert',
  'key',
  'pfx',
  'passphrase',
  'rejectUnauthorized',
  'servername',
] as const;

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
]);

/**
 * The HTTP side of one cluster's API clients, kept between observations.
 * client-node 1.4 builds a new https.Agent for every request, so every call
 * pays a TCP and TLS handshake; this keeps one keep-alive agent per cluster
 * and replaces it only when the TLS credentials (CA, client certificate)
 * change. Bearer tokens travel in headers, so refreshed Azure tokens reuse it.
 */
export class KeptAliveTransport {
  private agent?: Agent;
  private agentKey?: string;

  constructor(
    private readonly agentOptions: {
      maxSockets?: number;
      freeSocketTimeoutMs?: number;
    } = {},
  ) {}

  /** Client configuration for `new CoreV1Api(...)` and friends, for one observation. */
  configuration(kubeConfig: KubeConfig, bounds: RequestBounds): Configuration {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new TransportError('invalid');
    const authentication: SecurityAuthentication = {
      getName: () => 'kept-alive',
      applySecurityAuthentication: async (context: RequestContext) => {
        // Puts the credentials in headers and a throw-away agent on the context.
        await kubeConfig.applySecurityAuthentication(context);
        const fresh = context.getAgent();
        if (fresh) context.setAgent(this.agentFor(fresh));
        context.setSignal(
          AbortSignal.any([
            bounds.signal,
            AbortSignal.timeout(bounds.requestTimeoutMs),
          ]),
        );
      },
    };
    return createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: authentication },
      httpApi: wrapHttpLibrary({ send: context => send(context) }),
    });
  }

  /** Destroys kept-alive sockets. The transport can still be used afterwards. */
  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
    this.agentKey = undefined;
  }

  private agentFor(fresh: HttpAgent): HttpAgent {
    // Proxy agents (kubeconfig proxy-url) are left as client-node made them.
    if (!(fresh instanceof Agent) || fresh.constructor !== Agent) return fresh;
    const tls = Object.fromEntries(
      TLS_FIELDS.map(field => [field, fresh.options[field]]),
    );
    const key = fingerprint(tls);
    if (!this.agent || key !== this.agentKey) {
      this.agent?.destroy();
      this.agent = new Agent({
        ...tls,
        // Parsing the CA and key for every new connection costs more than the
        // handshake itself; one context serves all of this cluster's sockets.
        secureContext: createSecureContext(tls),
        keepAlive: true,
        maxSockets: this.agentOptions.maxSockets ?? 16,
        // Closes idle sockets before servers (kube-apiserver: 90 s) and load
        // balancers drop them silently, yet outlives a 30 s refresh schedule.
        timeout: this.agentOptions.freeSocketTimeoutMs ?? 60_000,
        scheduling: 'lifo',
      });
      this.agentKey = key;
    }
    return this.agent;
  }
}

/** A hash, so the key material is not kept a second time in a string. */
function fingerprint(tls: Record<string, unknown>): string {
  const hash = createHash('sha256');
  for (const [field, value] of Object.entries(tls)) {
    const parts = ([] as unknown[]).concat(value ?? []);
    hash.update(`${field}:${parts.length}\0`);
    for (const part of parts) {
      hash.update(Buffer.isBuffer(part) ? part : String(part));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

class ReusedSocketReset extends Error {}

async function send(context: RequestContext): Promise<ResponseContext> {
  try {
    return await attempt(context);
  } catch (error) {
    // A kept-alive socket the server closed just as we reused it: retry once on a new one.
    if (error instanceof ReusedSocketReset) return attempt(context);
    throw error;
  }
}

function attempt(context: RequestContext): Promise<ResponseContext> {
  const url = new URL(context.getUrl());
  if (url.protocol !== 'https:') {
    return Promise.reject(new TransportError('invalid'));
  }
  const signal = context.getSignal();
  const body = context.getBody();
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, {
      method: context.getHttpMethod(),
      headers: context.getHeaders(),
      agent: context.getAgent(),
      signal,
    });
    const fail = (error: NodeJS.ErrnoException) => {
      if (signal?.aborted) {
        reject(new TransportError('timeout'));
      } else if (request.reusedSocket && error.code === 'ECONNRESET') {
        reject(new ReusedSocketReset());
      } else {
        reject(transportErrorOf(error));
      }
    };
    request.on('error', fail);
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) headers[name] = String(value);
        }
        resolve(
          new ResponseContext(
            response.statusCode ?? 0,
            headers,
            new SelfDecodingBody(Promise.resolve(Buffer.concat(chunks))),
          ),
        );
      });
    });
    if (typeof body === 'string') request.end(body);
    else request.end();
  });
}

function transportErrorOf(error: NodeJS.ErrnoException): TransportError {
  const code = error.code;
  if (code && UNREACHABLE_CODES.has(code)) {
    return new TransportError('unreachable', code);
  }
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
    return new TransportError('timeout', code);
  }
  return new TransportError('failed', code);
}
