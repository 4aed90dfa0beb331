import { ClusterObjects } from '../clusterObjects';
import { deepEqual } from '../json';
import { ClusterState } from './clusterState';
import { deleteObject } from './deletion';
import {
  isActivePod,
  isPodReady,
  podFromTemplate,
  TemplateHashes,
} from './podTemplates';
import { podFitsNodeLabels } from './selectors';
import { DaemonSet, Node, Pod } from './shapes';
import { firstUntoleratedTaint, withDaemonTolerations } from './taints';

const REVISION_HASH_LABEL = 'controller-revision-hash';
const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/**
 * NodeShouldRunDaemonPod: a daemon pod is created where the node's labels
 * fit and the pod (with the daemon tolerations) tolerates every NoSchedule
 * and NoExecute taint, and is kept where it still tolerates the NoExecute
 * ones.
 */
function placementOn(
  daemonSet: DaemonSet,
  node: Node,
): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const spec = daemonSet.spec?.template?.spec ?? {};
  if (!podFitsNodeLabels(spec, node.metadata.name!, node.metadata.labels)) {
    return { shouldRun: false, shouldContinueRunning: false };
  }
  const tolerations = withDaemonTolerations(
    spec.tolerations ?? [],
    spec.hostNetwork === true,
  );
  return {
    shouldRun: !firstUntoleratedTaint(node, tolerations),
    shouldContinueRunning: !firstUntoleratedTaint(node, tolerations, [
      'NoExecute',
    ]),
  };
}

/**
 * One pod per eligible node, bound there directly; a template change
 * replaces every pod at once. Counts follow DaemonSetStatus: the four
 * scheduling counts always, the rest only when not zero.
 */
export class DaemonSetController {
  private readonly hashes = new TemplateHashes();

  constructor(
    private readonly state: ClusterState,
    private readonly objects: ClusterObjects,
  ) {}

  reconcile(key: string): void {
    const daemonSet = this.state.daemonSets.get(key);
    if (!daemonSet) {
      this.hashes.forget(key);
      return;
    }
    if (daemonSet.metadata.deletionTimestamp) return;
    const hash = this.hashes.of(key, daemonSet);
    const podsByNode = new Map<string, Pod[]>();
    let changed = false;
    for (const pod of this.state
      .controlledBy<Pod>(daemonSet.metadata.uid!, 'Pod')
      .filter(isActivePod)) {
      const nodeName = pod.spec?.nodeName ?? '';
      if (!this.state.nodes.has(nodeName)) {
        this.deletePod(pod);
        changed = true;
        continue;
      }
      podsByNode.set(nodeName, [...(podsByNode.get(nodeName) ?? []), pod]);
    }
    let desired = 0;
    let scheduled = 0;
    let misscheduled = 0;
    let ready = 0;
    let updated = 0;
    for (const node of this.state.nodes.values()) {
      const nodeName = node.metadata.name!;
      const { shouldRun, shouldContinueRunning } = placementOn(daemonSet, node);
      const [pod, ...surplus] = podsByNode.get(nodeName) ?? [];
      for (const extra of surplus) this.deletePod(extra);
      changed ||= surplus.length > 0;
      if (pod && (!shouldContinueRunning || !this.isCurrent(pod, hash))) {
        this.deletePod(pod);
        if (shouldRun) this.createPod(daemonSet, nodeName, hash);
        changed = true;
      } else if (!pod && shouldRun) {
        this.createPod(daemonSet, nodeName, hash);
        changed = true;
      }
      if (shouldRun) desired++;
      if (!pod) continue;
      if (!shouldRun) {
        misscheduled++;
        continue;
      }
      scheduled++;
      if (isPodReady(pod)) ready++;
      if (this.isCurrent(pod, hash)) updated++;
    }
    if (changed) return;
    const status = {
      currentNumberScheduled: scheduled,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
      observedGeneration: daemonSet.metadata.generation,
      ...(updated ? { updatedNumberScheduled: updated } : {}),
      ...(ready ? { numberAvailable: ready } : {}),
      ...(desired > ready ? { numberUnavailable: desired - ready } : {}),
    };
    if (!deepEqual(status, daemonSet.status)) {
      this.objects.updateStatus({ ...daemonSet, status });
    }
  }

  private isCurrent(pod: Pod, hash: string): boolean {
    return pod.metadata.labels?.[REVISION_HASH_LABEL] === hash;
  }

  private createPod(
    daemonSet: DaemonSet,
    nodeName: string,
    hash: string,
  ): void {
    const pod = podFromTemplate(daemonSet.spec?.template, daemonSet, {
      [REVISION_HASH_LABEL]: hash,
      [TEMPLATE_GENERATION_LABEL]: String(daemonSet.metadata.generation ?? 1),
    });
    const spec = pod.spec ?? {};
    spec.nodeName = nodeName;
    spec.tolerations = withDaemonTolerations(
      spec.tolerations ?? [],
      spec.hostNetwork === true,
    );
    pod.spec = spec;
    this.objects.create(pod);
  }

  private deletePod(pod: Pod): void {
    deleteObject(this.objects, pod);
  }
}
