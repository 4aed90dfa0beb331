import type { Health, MeshProblem } from './meshStatus';
import type { ClusterObservation } from './observation';

export interface HealthSummary {
  mesh: Health;
  /** By mesh-definition name. */
  clusters: Map<string, Health>;
}

/**
 * A cluster is down when it cannot be read or runs no Cilium, degraded when
 * an error or warning involves it. The mesh is down only when every cluster
 * is, and degraded when anything short of a note is wrong.
 */
export function summarizeHealth(
  observations: ClusterObservation[],
  problems: MeshProblem[],
): HealthSummary {
  const troubled = new Set<string>();
  for (const problem of problems) {
    if (problem.severity !== 'info') {
      problem.clusters.forEach(cluster => troubled.add(cluster));
    }
  }
  const clusters = new Map<string, Health>();
  for (const observation of observations) {
    let health: Health = 'healthy';
    if (observation.error || !observation.cilium) {
      health = 'down';
    } else if (troubled.has(observation.cluster)) {
      health = 'degraded';
    }
    clusters.set(observation.cluster, health);
  }

  let mesh: Health = 'healthy';
  if (clusters.size === 0) {
    mesh = 'unknown';
  } else if ([...clusters.values()].every(health => health === 'down')) {
    mesh = 'down';
  } else if (problems.some(problem => problem.severity !== 'info')) {
    mesh = 'degraded';
  }
  return { mesh, clusters };
}
