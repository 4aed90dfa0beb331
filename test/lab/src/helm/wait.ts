import { setTimeout as sleep } from 'node:timers/promises';
import { HelmKubeClients } from './kube';

const POLL_MS = 250;

/**
 * `--wait`: every Deployment and DaemonSet the release owns is rolled out.
 * Objects count as the release's when they carry Helm's ownership metadata,
 * exactly what `helm` itself writes on the objects it applies.
 */
export async function waitForRelease(
  clients: HelmKubeClients,
  namespace: string,
  release: string,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await releaseIsReady(clients, namespace, release)) return true;
    if (Date.now() + POLL_MS > deadline) return false;
    await sleep(POLL_MS);
  }
}

async function releaseIsReady(
  clients: HelmKubeClients,
  namespace: string,
  release: string,
): Promise<boolean> {
  const labelSelector = 'app.kubernetes.io/managed-by=Helm';
  const owned = (meta?: { annotations?: Record<string, string> }) =>
    meta?.annotations?.['meta.helm.sh/release-name'] === release &&
    meta?.annotations?.['meta.helm.sh/release-namespace'] === namespace;
  const [deployments, daemonSets] = await Promise.all([
    clients.apps.listNamespacedDeployment({ namespace, labelSelector }),
    clients.apps.listNamespacedDaemonSet({ namespace, labelSelector }),
  ]);
  const deploymentsReady = deployments.items
    .filter(d => owned(d.metadata))
    .every(
      d =>
        (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
        (d.status?.readyReplicas ?? 0) >= (d.spec?.replicas ?? 1),
    );
  const daemonSetsReady = daemonSets.items
    .filter(ds => owned(ds.metadata))
    .every(
      ds =>
        (ds.status?.observedGeneration ?? 0) >=
          (ds.metadata?.generation ?? 0) &&
        (ds.status?.numberReady ?? 0) >=
          (ds.status?.desiredNumberScheduled ?? 0),
    );
  return deploymentsReady && daemonSetsReady;
}
