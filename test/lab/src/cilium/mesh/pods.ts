import type { KubeObject } from '../../kube/types';

/**
 * The Ready condition of a pod (its probes pass) or of a node (a Cilium
 * agent has written the CNI config on it).
 */
export function isReady(object: Readonly<KubeObject> | undefined): boolean {
  const conditions = (
    object?.status as { conditions?: { type: string; status: string }[] }
  )?.conditions;
  return (conditions ?? []).some(
    condition => condition.type === 'Ready' && condition.status === 'True',
  );
}
