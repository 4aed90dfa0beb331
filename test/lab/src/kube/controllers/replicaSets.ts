import { ClusterObjects } from '../clusterObjects';
import { deepEqual } from '../json';
import { ClusterState } from './clusterState';
import { deleteObject } from './deletion';
import { isActivePod, isPodReady, podFromTemplate } from './podTemplates';
import { Pod, ReplicaSet } from './shapes';

/**
 * The order the ReplicaSet controller deletes surplus pods in
 * (ActivePodsWithRanks, simplified): unbound before bound, pending before
 * running, not ready before ready, newer before older.
 */
function deletionRank(pod: Pod): number[] {
  return [
    pod.spec?.nodeName ? 1 : 0,
    pod.status?.phase === 'Running' ? 1 : 0,
    isPodReady(pod) ? 1 : 0,
  ];
}

function compareForDeletion(a: Pod, b: Pod): number {
  const rankA = deletionRank(a);
  const rankB = deletionRank(b);
  for (let index = 0; index < rankA.length; index++) {
    if (rankA[index] !== rankB[index]) return rankA[index] - rankB[index];
  }
  const createdA = a.metadata.creationTimestamp ?? '';
  const createdB = b.metadata.creationTimestamp ?? '';
  if (createdA !== createdB) return createdA > createdB ? -1 : 1;
  return a.metadata.name! < b.metadata.name! ? -1 : 1;
}

/** ReplicaSetStatus as the API serialises it: `replicas` always, the other counts only when not zero. */
function replicaSetStatus(replicaSet: ReplicaSet, pods: Pod[]) {
  const templateLabels = replicaSet.spec?.template?.metadata?.labels ?? {};
  const fullyLabeled = pods.filter(pod =>
    Object.entries(templateLabels).every(
      ([key, value]) => pod.metadata.labels?.[key] === value,
    ),
  ).length;
  const ready = pods.filter(isPodReady).length;
  return {
    replicas: pods.length,
    ...(fullyLabeled ? { fullyLabeledReplicas: fullyLabeled } : {}),
    ...(ready ? { readyReplicas: ready, availableReplicas: ready } : {}),
    observedGeneration: replicaSet.metadata.generation,
  };
}

/**
 * Keeps `spec.replicas` pods of each ReplicaSet in existence and counts
 * them in its status. Pods count once the API has them; a sync that
 * created or deleted pods leaves the status to the sync their events bring.
 */
export class ReplicaSetController {
  constructor(
    private readonly state: ClusterState,
    private readonly objects: ClusterObjects,
  ) {}

  reconcile(key: string): void {
    const replicaSet = this.state.replicaSets.get(key);
    if (!replicaSet || replicaSet.metadata.deletionTimestamp) return;
    const pods = this.state
      .controlledBy<Pod>(replicaSet.metadata.uid!, 'Pod')
      .filter(isActivePod);
    const wanted = replicaSet.spec?.replicas ?? 1;
    if (pods.length < wanted) {
      for (let count = pods.length; count < wanted; count++) {
        this.objects.create(
          podFromTemplate(replicaSet.spec?.template, replicaSet),
        );
      }
      return;
    }
    if (pods.length > wanted) {
      for (const pod of [...pods]
        .sort(compareForDeletion)
        .slice(0, pods.length - wanted)) {
        deleteObject(this.objects, pod);
      }
      return;
    }
    const status = replicaSetStatus(replicaSet, pods);
    if (!deepEqual(status, replicaSet.status)) {
      this.objects.updateStatus({ ...replicaSet, status });
    }
  }
}
