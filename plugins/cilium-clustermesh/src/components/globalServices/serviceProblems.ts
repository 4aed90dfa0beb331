import type { MeshProblem } from '@meshportal/plugin-cilium-clustermesh-common';

/**
 * The problems a service's owners can act on: those about the service, and
 * those about its namespace not being global in a cluster (reported once per
 * service there, so only one per cluster is kept).
 */
export function problemsForService(
  problems: MeshProblem[],
  service: { namespace: string; name: string },
): MeshProblem[] {
  const key = `${service.namespace}/${service.name}`;
  const own = problems.filter(problem => problem.service === key);
  const covered = new Set(
    own
      .filter(problem => problem.code === 'namespace-not-global')
      .flatMap(problem => problem.clusters),
  );
  const namespaceWide: MeshProblem[] = [];
  for (const problem of problems) {
    if (
      problem.code !== 'namespace-not-global' ||
      problem.service === key ||
      !problem.service?.startsWith(`${service.namespace}/`) ||
      problem.clusters.every(cluster => covered.has(cluster))
    ) {
      continue;
    }
    problem.clusters.forEach(cluster => covered.add(cluster));
    namespaceWide.push(problem);
  }
  return [...own, ...namespaceWide];
}
