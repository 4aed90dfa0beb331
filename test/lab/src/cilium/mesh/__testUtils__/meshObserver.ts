import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { Lab } from '../../../lab';
import { parsePrometheusText } from '../../status/__testUtils__/parsePrometheusText';

/** Per pod, per target cluster: the readiness a metric reports (1 ready, 0 not). */
export type ReadinessByPod = Map<string, Record<string, number>>;

function readerOf(lab: Lab, cluster: string): CoreV1Api {
  const config = new KubeConfig();
  config.loadFromString(lab.cluster(cluster).readOnlyKubeconfig());
  return config.makeApiClient(CoreV1Api);
}

/**
 * Reads ClusterMesh readiness the least-privilege way a status backend does:
 * list Cilium's pods and scrape their metrics through `pods/proxy` with the
 * cluster's read-only identity (no exec, no Secrets).
 */
export async function scrapeReadiness(
  lab: Lab,
  cluster: string,
  layer: 'agents' | 'kvstoremesh' = 'agents',
): Promise<ReadinessByPod> {
  const core = readerOf(lab, cluster);
  const agents = layer === 'agents';
  const pods = await core.listNamespacedPod({
    namespace: 'kube-system',
    labelSelector: agents ? 'k8s-app=cilium' : 'k8s-app=clustermesh-apiserver',
  });
  const result: ReadinessByPod = new Map();
  for (const pod of pods.items) {
    const name = pod.metadata!.name!;
    const text = await core.connectGetNamespacedPodProxyWithPath({
      name: `${name}:${agents ? 9962 : 9964}`,
      namespace: 'kube-system',
      path: 'metrics',
    });
    const family = parsePrometheusText(String(text)).get(
      agents
        ? 'cilium_clustermesh_remote_cluster_readiness_status'
        : 'cilium_kvstoremesh_remote_cluster_readiness_status',
    );
    result.set(
      name,
      Object.fromEntries(
        (family?.samples ?? []).map(sample => [
          sample.labels.target_cluster,
          sample.value,
        ]),
      ),
    );
  }
  return result;
}

/** The one readiness map every agent of the cluster agrees on; throws if they disagree. */
export async function agreedReadiness(
  lab: Lab,
  cluster: string,
): Promise<Record<string, number>> {
  const byPod = [...(await scrapeReadiness(lab, cluster)).values()];
  if (byPod.length === 0) throw new Error(`${cluster} has no agent pods`);
  const first = JSON.stringify(byPod[0]);
  for (const other of byPod) {
    if (JSON.stringify(other) !== first) {
      throw new Error(
        `agents of ${cluster} disagree: ${JSON.stringify(byPod)}`,
      );
    }
  }
  return byPod[0];
}

export async function scrapeMetricsText(
  lab: Lab,
  cluster: string,
  podSelector: string,
  port: number,
): Promise<string> {
  const core = readerOf(lab, cluster);
  const pods = await core.listNamespacedPod({
    namespace: 'kube-system',
    labelSelector: podSelector,
  });
  return String(
    await core.connectGetNamespacedPodProxyWithPath({
      name: `${pods.items[0].metadata!.name}:${port}`,
      namespace: 'kube-system',
      path: 'metrics',
    }),
  );
}
