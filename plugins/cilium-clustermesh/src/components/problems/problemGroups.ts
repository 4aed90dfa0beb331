import type {
  MeshProblem,
  ProblemSeverity,
} from '@meshportal/plugin-cilium-clustermesh-common';

/** Problems shown per severity before "Show all". */
export const PROBLEMS_SHOWN = 50;

export const SEVERITIES: ProblemSeverity[] = ['error', 'warning', 'info'];

export interface ProblemGroup {
  severity: ProblemSeverity;
  problems: MeshProblem[];
}

/** Only the problems about `focus`, when there is one. */
export function problemsAbout(
  problems: MeshProblem[],
  focus: string | undefined,
): MeshProblem[] {
  return focus === undefined
    ? problems
    : problems.filter(problem => problem.clusters.includes(focus));
}

/** Errors, then warnings, then info; the backend's order within each. */
export function groupBySeverity(problems: MeshProblem[]): ProblemGroup[] {
  return SEVERITIES.map(severity => ({
    severity,
    problems: problems.filter(problem => problem.severity === severity),
  })).filter(group => group.problems.length > 0);
}

const NOUN: Record<ProblemSeverity, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['info', 'info'],
};

export function severityCount(
  severity: ProblemSeverity,
  count: number,
): string {
  const [one, many] = NOUN[severity];
  return `${count} ${count === 1 ? one : many}`;
}

/** "2 errors, 1 warning": only the severities that occur. */
export function countsText(problems: MeshProblem[]): string {
  return groupBySeverity(problems)
    .map(group => severityCount(group.severity, group.problems.length))
    .join(', ');
}

/** "Clusters: cluster3, cluster1 · Service: meshtest/web". */
export function subjectText(problem: MeshProblem): string {
  const clusters = `${
    problem.clusters.length === 1 ? 'Cluster' : 'Clusters'
  }: ${problem.clusters.join(', ')}`;
  return problem.service
    ? `${clusters} · Service: ${problem.service}`
    : clusters;
}
