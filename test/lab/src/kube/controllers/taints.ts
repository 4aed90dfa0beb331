import { Node, Taint, Toleration } from './shapes';

const NOT_READY_TAINT_KEY = 'node.kubernetes.io/not-ready';
export const UNSCHEDULABLE_TAINT_KEY = 'node.kubernetes.io/unschedulable';

/** The taint effects that keep pods off a node; PreferNoSchedule only steers. */
const SCHEDULING_EFFECTS = ['NoSchedule', 'NoExecute'];

/** v1.Toleration.ToleratesTaint. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/** The first of the node's taints with one of `effects` that no toleration tolerates. */
export function firstUntoleratedTaint(
  node: Node,
  tolerations: readonly Toleration[],
  effects: readonly string[] = SCHEDULING_EFFECTS,
): Taint | undefined {
  return (node.spec?.taints ?? []).find(
    taint =>
      effects.includes(taint.effect) &&
      !tolerations.some(toleration => toleratesTaint(toleration, taint)),
  );
}

/**
 * The tolerations the DaemonSet controller adds to every daemon pod
 * (AddOrUpdateDaemonPodTolerations): daemons survive node trouble and
 * cordons, but a not-ready node's NoSchedule taint still needs the pod's own.
 */
export function withDaemonTolerations(
  tolerations: readonly Toleration[],
  hostNetwork: boolean,
): Toleration[] {
  const added: Toleration[] = [
    {
      key: NOT_READY_TAINT_KEY,
      operator: 'Exists',
      effect: 'NoExecute',
    },
    {
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      effect: 'NoExecute',
    },
    {
      key: 'node.kubernetes.io/disk-pressure',
      operator: 'Exists',
      effect: 'NoSchedule',
    },
    {
      key: 'node.kubernetes.io/memory-pressure',
      operator: 'Exists',
      effect: 'NoSchedule',
    },
    {
      key: 'node.kubernetes.io/pid-pressure',
      operator: 'Exists',
      effect: 'NoSchedule',
    },
    {
      key: UNSCHEDULABLE_TAINT_KEY,
      operator: 'Exists',
      effect: 'NoSchedule',
    },
    ...(hostNetwork
      ? [
          {
            key: 'node.kubernetes.io/network-unavailable',
            operator: 'Exists',
            effect: 'NoSchedule',
          },
        ]
      : []),
  ];
  return [
    ...tolerations,
    ...added.filter(
      toleration =>
        !tolerations.some(
          existing =>
            existing.key === toleration.key &&
            existing.effect === toleration.effect,
        ),
    ),
  ];
}
