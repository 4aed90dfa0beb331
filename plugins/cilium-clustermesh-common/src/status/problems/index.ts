import { compareText } from '../meshIndex';
import type { MeshProblem, ProblemSeverity } from '../meshStatus';
import { certificateDetectors } from './certificates';
import { connectivityDetectors } from './connectivity';
import { freshnessDetectors } from './freshness';
import { identityDetectors } from './identity';
import { networkDetectors } from './network';
import type { ProblemContext, ProblemDetector } from './problem';
import { serviceDetectors } from './services';
import { workloadDetectors } from './workloads';

export type { ProblemContext, ProblemDetector } from './problem';

const SEVERITY_RANK: Record<ProblemSeverity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

export const problemDetectors: ProblemDetector[] = [
  ...identityDetectors,
  ...networkDetectors,
  ...workloadDetectors,
  ...connectivityDetectors,
  ...certificateDetectors,
  ...serviceDetectors,
  ...freshnessDetectors,
];

export function compareProblems(a: MeshProblem, b: MeshProblem): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareText(a.id, b.id)
  );
}

/** Every problem of the mesh, errors first, then warnings, then notes; by id within each. */
export function detectProblems(context: ProblemContext): MeshProblem[] {
  return problemDetectors
    .flatMap(detect => detect(context))
    .sort(compareProblems);
}
