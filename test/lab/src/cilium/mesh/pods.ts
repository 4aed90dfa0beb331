import type { Pod } from '../../kube/controllers/shapes';

export function isReady(pod: Pod | undefined): boolean {
  return (pod?.status?.conditions ?? []).some(
    condition => condition.type === 'Ready' && condition.status === 'True',
  );
}
