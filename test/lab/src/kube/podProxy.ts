import { IncomingHttpHeaders } from 'node:http';

/** A request the API server forwards to a pod through `pods/{name}/proxy/...`. */
export interface PodProxyRequest {
  method: string;
  /** The path inside the pod, starting with `/`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface PodProxyResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  body?: string | Buffer | object;
}

/** Plays the process listening on a pod's port. */
export type PodProxyHandler = (
  request: PodProxyRequest,
) => PodProxyResponse | Promise<PodProxyResponse>;

/** Stand-ins for processes in pods, reached only through the API server's pod proxy. */
export class PodProxyRegistry {
  private readonly handlers = new Map<string, PodProxyHandler>();

  /** Returns a function that unregisters the handler. */
  register(
    namespace: string,
    podName: string,
    port: number,
    handler: PodProxyHandler,
  ): () => void {
    const key = handlerKey(namespace, podName, port);
    this.handlers.set(key, handler);
    return () => {
      if (this.handlers.get(key) === handler) this.handlers.delete(key);
    };
  }

  find(
    namespace: string,
    podName: string,
    port: number,
  ): PodProxyHandler | undefined {
    return this.handlers.get(handlerKey(namespace, podName, port));
  }
}

function handlerKey(namespace: string, podName: string, port: number): string {
  return `${namespace}/${podName}:${port}`;
}
