import { buildMeshStatus, BuildMeshStatusInput } from '../buildMeshStatus';
import type { MeshProblem } from '../meshStatus';
import type { ClusterObservation } from '../observation';
import { SEED_NOW } from './observations';

export function problemsOf(
  observations: ClusterObservation[],
  options: Partial<BuildMeshStatusInput> = {},
): MeshProblem[] {
  return buildMeshStatus({
    mesh: 'seed',
    observations,
    now: SEED_NOW,
    ...options,
  }).problems;
}

export function problemIds(
  observations: ClusterObservation[],
  options: Partial<BuildMeshStatusInput> = {},
): string[] {
  return problemsOf(observations, options).map(problem => problem.id);
}

export function problemById(
  observations: ClusterObservation[],
  id: string,
  options: Partial<BuildMeshStatusInput> = {},
): MeshProblem {
  const problem = problemsOf(observations, options).find(p => p.id === id);
  if (!problem) {
    throw new Error(
      `no problem ${id}; got ${
        problemIds(observations, options).join(', ') || 'none'
      }`,
    );
  }
  return problem;
}
