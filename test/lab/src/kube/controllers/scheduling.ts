import { podFitsNodeLabels } from './selectors';
import { Node, Pod } from './shapes';
import {
  firstUntoleratedTaint,
  toleratesTaint,
  UNSCHEDULABLE_TAINT_KEY,
} from './taints';

/**
 * Why a node cannot take a pod, in the words of the scheduler's filter
 * plugins, which run in this order and stop at the first that fails:
 * NodeUnschedulable, TaintToleration, NodeAffinity. Resources are not
 * modelled: lab nodes have room for anything.
 */
export function placementFailure(pod: Pod, node: Node): string | undefined {
  const spec = pod.spec ?? {};
  const tolerations = spec.tolerations ?? [];
  if (
    node.spec?.unschedulable &&
    !tolerations.some(toleration =>
      toleratesTaint(toleration, {
        key: UNSCHEDULABLE_TAINT_KEY,
        effect: 'NoSchedule',
      }),
    )
  ) {
    return 'node(s) were unschedulable';
  }
  const taint = firstUntoleratedTaint(node, tolerations);
  if (taint) {
    return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  }
  if (!podFitsNodeLabels(spec, node.metadata.name!, node.metadata.labels)) {
    return "node(s) didn't match Pod's node affinity/selector";
  }
  return undefined;
}

/** The node with the fewest pods among those that fit, or why none does (FitError's message). */
export function choosePlacement(
  pod: Pod,
  nodes: Node[],
  podCountOn: (nodeName: string) => number,
): { nodeName: string } | { unschedulable: string } {
  const reasons = new Map<string, number>();
  let best: { nodeName: string; pods: number } | undefined = undefined;
  for (const node of nodes) {
    const nodeName = node.metadata.name!;
    const failure = placementFailure(pod, node);
    if (failure) {
      reasons.set(failure, (reasons.get(failure) ?? 0) + 1);
      continue;
    }
    const pods = podCountOn(nodeName);
    if (
      !best ||
      pods < best.pods ||
      (pods === best.pods && nodeName < best.nodeName)
    ) {
      best = { nodeName, pods };
    }
  }
  if (best) return { nodeName: best.nodeName };
  if (nodes.length === 0) {
    return { unschedulable: 'no nodes available to schedule pods' };
  }
  const histogram = [...reasons]
    .map(([reason, count]) => `${count} ${reason}`)
    .sort();
  // Every filter above is UnschedulableAndUnresolvable, so preemption cannot help on any node.
  return {
    unschedulable: `0/${nodes.length} nodes are available: ${histogram.join(
      ', ',
    )}. preemption: 0/${nodes.length} nodes are available: ${
      nodes.length
    } Preemption is not helpful for scheduling.`,
  };
}
