import type { KubeApiServer } from '../../kube/apiServer';
import type { PodProxyResponse } from '../../kube/podProxy';
import type { Pod } from '../../kube/controllers/shapes';
import { isReady } from './pods';
import { CiliumSettings } from '../settings';

/** Where the processes in Cilium's pods get what they serve and print. */
export interface MetricsSource {
  /** Prometheus text of the agent on `node` (:9962). */
  agentMetrics(cluster: string, node: string): string;
  /** Prometheus text of KVStoreMesh (:9964). */
  kvstoremeshMetrics(cluster: string): string;
  /** `cilium-dbg status -o json` of the agent on `node`. */
  agentStatus(cluster: string, node: string): object;
  /** `kvstoremesh-dbg status -o json`. */
  kvstoremeshStatus(cluster: string): object;
}

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';
const APISERVER_HEALTH_PORT = 9880;
const KVSTOREMESH_HEALTH_PORT = 9881;
const KVSTOREMESH_METRICS_PORT = 9964;

/**
 * Registers the ports Cilium's pods listen on behind the API server's pod
 * proxy — exactly the least-privilege path a status reader uses — and only
 * those the installed values enable (agent metrics need prometheus.enabled).
 */
export class CiliumPodProxies {
  private readonly registered = new Map<string, (() => void)[]>();
  private settings?: CiliumSettings;

  constructor(
    private readonly server: KubeApiServer,
    private readonly source: MetricsSource,
  ) {}

  update(settings: CiliumSettings | undefined): void {
    this.settings = settings;
    for (const pod of this.server.objects.list(
      { apiVersion: 'v1', kind: 'Pod' },
      { labelSelector: 'k8s-app in (cilium,clustermesh-apiserver)' },
    )) {
      this.podChanged(pod, false);
    }
  }

  podChanged(pod: Pod, deleted: boolean): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    for (const unregister of this.registered.get(key) ?? []) unregister();
    this.registered.delete(key);
    const settings = this.settings;
    if (deleted || !settings || pod.metadata.namespace !== settings.namespace) {
      return;
    }
    const handlers = this.handlersFor(pod, settings);
    this.registered.set(
      key,
      handlers.map(([port, handler]) =>
        this.server.registerPodProxy(
          pod.metadata.namespace!,
          pod.metadata.name!,
          port,
          handler,
        ),
      ),
    );
  }

  stop(): void {
    for (const unregisters of this.registered.values()) {
      for (const unregister of unregisters) unregister();
    }
    this.registered.clear();
  }

  private handlersFor(
    pod: Pod,
    settings: CiliumSettings,
  ): [number, (request: { path: string }) => PodProxyResponse][] {
    const cluster = this.server.name;
    const app = pod.metadata.labels?.['k8s-app'];
    if (app === 'cilium') {
      const node = pod.spec?.nodeName ?? '';
      return settings.agentMetricsEnabled
        ? [
            [
              settings.agentMetricsPort,
              request =>
                request.path === '/metrics'
                  ? prometheus(this.source.agentMetrics(cluster, node))
                  : notFound(),
            ],
          ]
        : [];
    }
    const ready = () => isReady(this.currentPod(pod));
    const health = (): PodProxyResponse =>
      ready()
        ? { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' }
        : {
            status: 503,
            headers: { 'content-type': 'text/plain' },
            body: 'not ready',
          };
    const handlers: [
      number,
      (request: { path: string }) => PodProxyResponse,
    ][] = [
      [
        APISERVER_HEALTH_PORT,
        request => (request.path === '/readyz' ? health() : notFound()),
      ],
    ];
    if (settings.clustermesh.kvstoremeshEnabled) {
      handlers.push([
        KVSTOREMESH_HEALTH_PORT,
        request => (request.path === '/readyz' ? health() : notFound()),
      ]);
      if (settings.clustermesh.kvstoremeshMetricsEnabled) {
        handlers.push([
          KVSTOREMESH_METRICS_PORT,
          request =>
            request.path === '/metrics'
              ? prometheus(this.source.kvstoremeshMetrics(cluster))
              : notFound(),
        ]);
      }
    }
    return handlers;
  }

  private currentPod(pod: Pod): Pod | undefined {
    return this.server.objects.get({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: pod.metadata.namespace,
      name: pod.metadata.name!,
    });
  }
}

function prometheus(text: string): PodProxyResponse {
  return {
    status: 200,
    headers: { 'content-type': PROMETHEUS_TEXT },
    body: text,
  };
}

function notFound(): PodProxyResponse {
  return {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: '404 page not found\n',
  };
}
