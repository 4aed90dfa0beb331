import type { ClusterObservation } from '@meshportal/plugin-cilium-clustermesh-common';
import {
  ClusterConnectionConfig,
  ClusterObserver,
  createKubeConfig,
  KubeConfigOptions,
  MetricsParser,
} from '@meshportal/plugin-cilium-clustermesh-node';
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import type { MeshDefinition } from './meshDirectory';
import type { ProbeCertificates } from './settings';

export interface ObserverPoolOptions extends KubeConfigOptions {
  /** Clusters read at once, across all meshes. */
  concurrency: number;
  clusterTimeoutMs: number;
  probeCertificates: ProbeCertificates;
  /** Shared by every observer; default on the event loop. */
  metricsParser?: MetricsParser;
}

/**
 * Keeps one observer per cluster between refreshes, so each cluster's
 * kept-alive connections are reused, and reads clusters in parallel under
 * one concurrency cap with a deadline per cluster.
 */
export class ObserverPool {
  private readonly observers = new Map<
    string,
    { fingerprint: string; observer: ClusterObserver }
  >();
  private readonly limit: ReturnType<typeof pLimit>;

  constructor(private readonly options: ObserverPoolOptions) {
    this.limit = pLimit(options.concurrency);
  }

  /** Reads every cluster of the mesh; a failing or slow cluster yields its error, never a rejection. */
  observeMesh(mesh: MeshDefinition): Promise<ClusterObservation[]> {
    return Promise.all(
      mesh.clusters.map(cluster =>
        this.limit(() => this.observeCluster(mesh.name, cluster)),
      ),
    );
  }

  /** Drops observers of clusters no longer defined, closing their connections. */
  retain(meshes: MeshDefinition[]): void {
    const wanted = new Set(
      meshes.flatMap(mesh => mesh.clusters.map(c => key(mesh.name, c))),
    );
    for (const [id, { observer }] of this.observers) {
      if (!wanted.has(id)) {
        observer.close();
        this.observers.delete(id);
      }
    }
  }

  close(): void {
    this.observers.forEach(({ observer }) => observer.close());
    this.observers.clear();
  }

  private async observeCluster(
    meshName: string,
    cluster: ClusterConnectionConfig,
  ): Promise<ClusterObservation> {
    const deadline = new Date(Date.now() + this.options.clusterTimeoutMs);
    const observation = this.observerFor(meshName, cluster).observe({
      deadline,
      certificateProbe: certificateProbeFor(
        this.options.probeCertificates,
        cluster,
      ),
    });
    // The observer honours the deadline itself; this bounds a bug in it too.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<ClusterObservation>(resolve => {
      timer = setTimeout(
        () => resolve(timedOut(cluster.name, this.options.clusterTimeoutMs)),
        this.options.clusterTimeoutMs + 500,
      );
    });
    try {
      return await Promise.race([observation, late]);
    } catch (error) {
      return failed(cluster.name, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private observerFor(
    meshName: string,
    cluster: ClusterConnectionConfig,
  ): ClusterObserver {
    const id = key(meshName, cluster);
    // Credentials or URL changed in config: start over with new connections.
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(cluster))
      .digest('hex');
    const existing = this.observers.get(id);
    if (existing?.fingerprint === fingerprint) return existing.observer;
    existing?.observer.close();
    const observer = new ClusterObserver(
      cluster.name,
      () => createKubeConfig(cluster, this.options),
      { metricsParser: this.options.metricsParser },
    );
    this.observers.set(id, { fingerprint, observer });
    return observer;
  }
}

/** Whether, and where, the cluster's clustermesh-apiserver certificate is read. */
export function certificateProbeFor(
  setting: ProbeCertificates,
  cluster: Pick<ClusterConnectionConfig, 'clustermeshApiserverEndpoint'>,
): false | { endpoint?: string } {
  const endpoint = cluster.clustermeshApiserverEndpoint;
  if (setting === 'configuredEndpoints') return endpoint ? { endpoint } : false;
  // Without an endpoint the observer dials the Service's load-balancer address.
  return setting ? { endpoint } : false;
}

function key(meshName: string, cluster: { name: string }): string {
  return `${meshName}/${cluster.name}`;
}

function timedOut(cluster: string, timeoutMs: number): ClusterObservation {
  return {
    cluster,
    observedAt: new Date().toISOString(),
    error: {
      source: 'cluster',
      kind: 'timeout',
      message: `no answer within ${timeoutMs / 1000} s`,
    },
    warnings: [],
    services: [],
    plainServices: [],
    namespaces: [],
  };
}

function failed(cluster: string, error: unknown): ClusterObservation {
  // Errors from building credentials name the cluster and the fix, never the secret.
  const message = error instanceof Error ? error.message : String(error);
  return {
    cluster,
    observedAt: new Date().toISOString(),
    error: { source: 'cluster', kind: 'failed', message },
    warnings: [],
    services: [],
    plainServices: [],
    namespaces: [],
  };
}
