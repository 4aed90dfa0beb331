import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterObservation } from '@meshportal/plugin-cilium-clustermesh-common';
import { ClusterApi, createClusterApi } from './clusterApi';
import { MetricsParser, parseMetricsOnEventLoop } from './metricsParser';
import { readCluster } from './readCluster';
import { KeptAliveTransport } from './transport';

export interface ClusterObserverOptions {
  /** Where Cilium is installed. Default `kube-system`. */
  namespace?: string;
  /** Upper bound for any one request. Default 10 s. */
  requestTimeoutMs?: number;
  /** Pods scraped at once through the API server's pod proxy. Default 4. */
  podConcurrency?: number;
  /** Connections kept to the API server (default 4); requests beyond wait for one. */
  maxConnections?: number;
  /** Where scrapes are parsed; default on the event loop. Share one across observers. */
  metricsParser?: MetricsParser;
}

export interface ObserveOptions {
  /** `observe` resolves by then, whatever the cluster does. */
  deadline: Date;
  /** Ends the observation early, e.g. when the backend shuts down. */
  signal?: AbortSignal;
  /**
   * Read the clustermesh-apiserver's server certificate from a TLS handshake.
   * `endpoint` (`host:port`) overrides the first load-balancer address, for
   * backends that reach the apiserver through another address.
   */
  certificateProbe: false | { endpoint?: string };
  now?: () => Date;
}

/**
 * Reads one cluster's ClusterMesh facts with get/list and `pods/proxy` only.
 * Keep one per cluster between refreshes: it holds the kept-alive
 * connections to that cluster's API server.
 */
export class ClusterObserver {
  private readonly transport: KeptAliveTransport;
  private readonly namespace: string;
  private readonly requestTimeoutMs: number;
  private readonly podConcurrency: number;
  private readonly metricsParser: MetricsParser;

  constructor(
    readonly cluster: string,
    private readonly kubeConfig: () => Promise<KubeConfig>,
    options: ClusterObserverOptions = {},
  ) {
    this.namespace = options.namespace ?? 'kube-system';
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.podConcurrency = Math.max(1, options.podConcurrency ?? 4);
    this.metricsParser = options.metricsParser ?? parseMetricsOnEventLoop;
    // Few connections per cluster: each costs a TLS handshake and memory, and
    // a mesh's many clusters already give the backend its parallelism.
    this.transport = new KeptAliveTransport({
      maxSockets: options.maxConnections ?? 4,
    });
  }

  async observe(options: ObserveOptions): Promise<ClusterObservation> {
    const now = options.now ?? (() => new Date());
    const remainingMs = Math.max(
      0,
      options.deadline.getTime() - now().getTime(),
    );
    const signal = AbortSignal.any([
      AbortSignal.timeout(remainingMs),
      ...(options.signal ? [options.signal] : []),
    ]);
    const finish = (
      observed: Omit<ClusterObservation, 'observedAt'>,
    ): ClusterObservation => ({ ...observed, observedAt: now().toISOString() });

    let api: ClusterApi;
    try {
      const kubeConfig = await untilAborted(this.kubeConfig(), signal);
      api = createClusterApi(
        this.transport.configuration(kubeConfig, {
          signal,
          requestTimeoutMs: this.requestTimeoutMs,
        }),
        this.namespace,
      );
    } catch (error) {
      return finish({
        cluster: this.cluster,
        error: {
          source: 'credentials',
          kind: signal.aborted ? 'timeout' : 'unauthorized',
          // Credential sources (Azure identity) word their own errors; we only name the class.
          message: `credentials for ${this.cluster} could not be obtained (${
            error instanceof Error ? error.name : 'error'
          })`,
        },
        warnings: [],
        services: [],
        plainServices: [],
        namespaces: [],
      });
    }
    return finish(
      await readCluster(api, {
        cluster: this.cluster,
        podConcurrency: this.podConcurrency,
        metricsParser: this.metricsParser,
        certificateProbe: options.certificateProbe,
        signal,
      }),
    );
  }

  /** Destroys the kept-alive sockets. */
  close(): void {
    this.transport.close();
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      value => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      error => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
