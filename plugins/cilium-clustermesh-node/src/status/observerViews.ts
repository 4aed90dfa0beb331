import type { V1Pod } from '@kubernetes/client-node';
import {
  compareText,
  ClusterMeshMetricsLayer,
  ObserverView,
} from '@meshportal/plugin-cilium-clustermesh-common';
import type { ClusterApi } from './clusterApi';
import type { MetricsParser } from './metricsParser';
import pLimit from 'p-limit';
import { observationError } from './errors';

export interface ObserverViews {
  views: ObserverView[];
  /** `cilium_version` of the first pod that reported one. */
  version?: string;
}

/**
 * What each agent or KVStoreMesh replica reports about its peers, from its
 * metrics through the API server's pod proxy. A pod that cannot be read
 * becomes a view with an error, never a failed observation.
 */
export async function scrapeObserverViews(
  api: ClusterApi,
  pods: V1Pod[],
  port: number,
  layer: ClusterMeshMetricsLayer,
  options: { concurrency: number; parse: MetricsParser },
): Promise<ObserverViews> {
  const sorted = [...pods].sort((a, b) =>
    compareText(a.metadata?.name ?? '', b.metadata?.name ?? ''),
  );
  let version: string | undefined;
  const limit = pLimit(options.concurrency);
  const views = await Promise.all(
    sorted.map(pod =>
      limit(async (): Promise<ObserverView> => {
        const name = pod.metadata?.name ?? '';
        const node = pod.spec?.nodeName;
        const base = { pod: name, ...(node ? { node } : {}) };
        const phase = pod.status?.phase;
        if (phase !== 'Running') {
          const source = `metrics of pod ${name}`;
          return {
            ...base,
            peers: [],
            error: {
              source,
              kind: 'unreachable',
              message: `${source}: the pod is ${phase ?? 'not running'}`,
            },
          };
        }
        try {
          const parsed = await options.parse(
            await api.podMetrics(name, port),
            layer,
          );
          version ??= parsed.version;
          return { ...base, peers: parsed.peers };
        } catch (error) {
          return {
            ...base,
            peers: [],
            // The message names the exact request; the source groups it by pod.
            error: {
              ...observationError(`metrics of pod ${name}`, error),
              source: `metrics of pod ${name}`,
            },
          };
        }
      }),
    ),
  );
  return version ? { views, version } : { views };
}
