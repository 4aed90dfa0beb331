import type { MeshProblem } from '../meshStatus';
import { meshProblem, ProblemContext } from './problem';

function describeAge(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 120) {
    return `${seconds} seconds`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) {
    return `${minutes} minutes`;
  }
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} hours` : `${Math.floor(hours / 24)} days`;
}

export function detectStaleData({
  index,
  now,
  staleAfterMs,
}: ProblemContext): MeshProblem[] {
  const problems: MeshProblem[] = [];
  for (const cluster of index.clusters) {
    const { observedAt } = cluster.observation;
    const ageMs = now.getTime() - Date.parse(observedAt);
    if (!(ageMs > staleAfterMs)) {
      continue;
    }
    problems.push(
      meshProblem('data-stale', 'warning', [cluster.name], {
        title: `What the portal knows about ${cluster.name} is ${describeAge(
          ageMs,
        )} old`,
        explanation: `The last read of ${cluster.name} finished at ${observedAt}; its state may have changed since.`,
        remediation: `Look in the portal backend's logs for failed or slow refreshes of ${cluster.name}; the view updates on the next successful read.`,
      }),
    );
  }
  return problems;
}

export const freshnessDetectors = [detectStaleData];
