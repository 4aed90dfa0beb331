import {
  ClusterMeshMetrics,
  ClusterMeshMetricsLayer,
  parseClusterMeshMetricsBody,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { Worker } from 'node:worker_threads';

/**
 * Turns one scrape, as it arrived, into what the pod reports about its
 * peers. The scrape may be moved to another thread: do not use it afterwards.
 */
export type MetricsParser = (
  body: Uint8Array,
  layer: ClusterMeshMetricsLayer,
) => Promise<ClusterMeshMetrics>;

/** Parses on the calling thread: enough for a few clusters. */
export const parseMetricsOnEventLoop: MetricsParser = async (body, layer) =>
  parseClusterMeshMetricsBody(body, layer);

export interface MetricsParserThreadsOptions {
  /** Worker threads to parse on; they start on first use. */
  threads: number;
  /**
   * The module whose `parseClusterMeshMetricsBody` the threads run; default
   * the one this process loaded from the -common package.
   */
  parserModule?: string;
  logger?: { warn(message: string): void };
}

interface Request {
  /** Kept only while the thread may still fail to load the parser. */
  body?: Uint8Array;
  layer?: ClusterMeshMetricsLayer;
  resolve: (metrics: ClusterMeshMetrics) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Request>;
  /** The parser loaded: a later failure is this thread's, not the setup's. */
  ready: boolean;
}

type Reply =
  | { ready: true }
  | { id: number; metrics: ClusterMeshMetrics }
  | { id: number; error: string };

// A script, not a file: the package is bundled when built, and a worker
// entry file would not survive that. The parser is required by the path
// this process resolved, so both run the same code.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
for (const hook of workerData.preload) require(hook);
const { parseClusterMeshMetricsBody } = require(workerData.parser);
parentPort.postMessage({ ready: true });
parentPort.on('message', ({ id, body, layer }) => {
  let reply;
  try {
    reply = { id, metrics: parseClusterMeshMetricsBody(body, layer) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort.postMessage(reply);
});
`;

/**
 * Parses scrapes on worker threads. At 255 clusters a refresh decodes and
 * parses ~1,000 scrapes of ~120 KB each; on the event loop that is most of a
 * core, and it delays every API answer and every other cluster's reads.
 * A thread that dies fails only the scrapes it held, and the next scrape
 * starts a new one; if threads cannot start at all, parsing falls back to the
 * event loop.
 */
export class MetricsParserThreads {
  private readonly threads: (Thread | undefined)[];
  private nextId = 0;
  private unavailable = false;

  constructor(private readonly options: MetricsParserThreadsOptions) {
    this.threads = new Array(Math.max(1, Math.floor(options.threads))).fill(
      undefined,
    );
  }

  readonly parse: MetricsParser = (body, layer) => {
    if (this.unavailable) return parseMetricsOnEventLoop(body, layer);
    const thread = this.leastBusy();
    const id = this.nextId++;
    return new Promise<ClusterMeshMetrics>((resolve, reject) => {
      if (!thread.ready) {
        // Copied and kept until the thread has loaded: if it cannot, the
        // scrape is parsed here instead.
        thread.pending.set(id, { body, layer, resolve, reject });
        thread.worker.postMessage({ id, body, layer });
        return;
      }
      // Moved, not copied: at ~1,000 scrapes per refresh every copy is
      // ~120 MB more for the allocator to take and give back.
      const owned = ownedBuffer(body);
      thread.pending.set(id, { resolve, reject });
      try {
        thread.worker.postMessage({ id, body: owned, layer }, [owned.buffer]);
      } catch {
        // Memory the runtime will not let go of (e.g. its buffer pool).
        thread.worker.postMessage({ id, body: owned, layer });
      }
    });
  };

  /** Ends the threads; later scrapes are parsed on the event loop. */
  async close(): Promise<void> {
    this.unavailable = true;
    const running = this.threads.filter((t): t is Thread => t !== undefined);
    this.threads.fill(undefined);
    await Promise.all(running.map(thread => thread.worker.terminate()));
  }

  private leastBusy(): Thread {
    let best = 0;
    for (let index = 0; index < this.threads.length; index++) {
      const thread = this.threads[index];
      if (!thread) return this.start(index);
      if (thread.pending.size < this.threads[best]!.pending.size) best = index;
    }
    return this.threads[best]!;
  }

  private start(index: number): Thread {
    const parser =
      this.options.parserModule ??
      require.resolve('@meshportal/plugin-cilium-clustermesh-common');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { parser, preload: preloadFor(parser) },
      // A thread holds one scrape at a time: a small heap is plenty, and the
      // backend's --max-semi-space-size would otherwise apply to each thread.
      resourceLimits: {
        maxYoungGenerationSizeMb: 16,
        maxOldGenerationSizeMb: 128,
      },
    });
    // Scrapes in flight keep the backend busy; an idle thread must not keep it alive.
    worker.unref();
    const thread: Thread = { worker, pending: new Map(), ready: false };
    this.threads[index] = thread;
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) {
        thread.ready = true;
        return;
      }
      const request = thread.pending.get(reply.id);
      thread.pending.delete(reply.id);
      if (!request) return;
      if ('error' in reply) request.reject(new Error(reply.error));
      else request.resolve(reply.metrics);
    });
    const fail = (error: Error) => {
      if (this.threads[index] === thread) this.threads[index] = undefined;
      const requests = [...thread.pending.values()];
      thread.pending.clear();
      if (!thread.ready) {
        if (!this.unavailable) {
          this.unavailable = true;
          this.options.logger?.warn(
            `Metrics parser threads could not start (${error.message}); parsing on the event loop instead`,
          );
        }
        for (const { body, layer, resolve, reject } of requests) {
          if (body && layer) {
            parseMetricsOnEventLoop(body, layer).then(resolve, reject);
          } else reject(error);
        }
        return;
      }
      // The scrape a thread died on may have killed it: fail only what it held.
      for (const request of requests) request.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', code => {
      if (thread.pending.size > 0 || this.threads[index] === thread) {
        fail(new Error(`metrics parser thread exited with code ${code}`));
      }
    });
    return thread;
  }
}

/**
 * In development and tests the workspace packages are TypeScript; the thread
 * then needs the Backstage CLI's transform, which built packages do not.
 */
function preloadFor(parser: string): string[] {
  return /\.[cm]?tsx?$/.test(parser)
    ? [require.resolve('@backstage/cli/config/nodeTransform.cjs')]
    : [];
}

/** `body` itself when it alone spans its memory, else a copy that does. */
function ownedBuffer(body: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = body;
  return buffer instanceof ArrayBuffer &&
    body.byteOffset === 0 &&
    body.byteLength === buffer.byteLength
    ? new Uint8Array(buffer)
    : new Uint8Array(body);
}
