import type { MeshIndex } from '../meshIndex';
import type {
  GlobalServiceStatus,
  MeshConnection,
  MeshProblem,
  ProblemCode,
  ProblemSeverity,
} from '../meshStatus';

/** Everything a detector may judge; built once per mesh status. */
export interface ProblemContext {
  index: MeshIndex;
  connections: MeshConnection[];
  globalServices: GlobalServiceStatus[];
  now: Date;
  staleAfterMs: number;
  certificateWarningDays: number;
}

export type ProblemDetector = (context: ProblemContext) => MeshProblem[];

export interface ProblemText {
  title: string;
  explanation: string;
  remediation: string;
  command?: string;
}

/**
 * A problem whose id is `<code>:<clusters...>[:<namespace/name>]`, so it stays
 * the same across refreshes for as long as it lasts.
 */
export function meshProblem(
  code: ProblemCode,
  severity: ProblemSeverity,
  clusters: string[],
  text: ProblemText,
  service?: string,
): MeshProblem {
  const id = [code, ...clusters, ...(service ? [service] : [])].join(':');
  const problem: MeshProblem = { id, code, severity, clusters, ...text };
  if (service) {
    problem.service = service;
  }
  if (problem.command === undefined) {
    delete problem.command;
  }
  return problem;
}

export function listNames(names: string[]): string {
  if (names.length <= 1) {
    return names.join('');
  }
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Clusters whose value differs from the most common one. When several values
 * tie for most common there is no reference, so every cluster is an outlier.
 */
export function outliers<T>(values: { cluster: string; value: T }[]): {
  outliers: { cluster: string; value: T }[];
  majority?: T;
  agreeing: string[];
} {
  const groups = new Map<T, string[]>();
  for (const { cluster, value } of values) {
    const group = groups.get(value) ?? [];
    group.push(cluster);
    groups.set(value, group);
  }
  if (groups.size <= 1) {
    return { outliers: [], agreeing: values.map(v => v.cluster) };
  }
  const largest = Math.max(...[...groups.values()].map(group => group.length));
  const leaders = [...groups.entries()].filter(
    ([, group]) => group.length === largest,
  );
  if (leaders.length > 1) {
    return { outliers: values, agreeing: [] };
  }
  const [majority, agreeing] = leaders[0];
  return {
    outliers: values.filter(v => v.value !== majority),
    majority,
    agreeing,
  };
}
