import { Condition } from './shapes';

/**
 * `wanted` with the timestamps of the same condition in `current` kept
 * while its status stays the same, so recomputing a status that has not
 * changed writes nothing. With `tracksUpdates`, lastUpdateTime (which
 * Deployments carry) moves whenever the reason or message changes.
 */
export function keepTimestamps(
  wanted: Condition[],
  current: Condition[] | undefined,
  now: string,
  tracksUpdates = false,
): Condition[] {
  return wanted.map(condition => {
    const before = current?.find(
      candidate => candidate.type === condition.type,
    );
    const sameStatus = before?.status === condition.status;
    const kept: Condition = { ...condition };
    if (tracksUpdates) {
      const unchanged =
        sameStatus &&
        before?.reason === condition.reason &&
        before?.message === condition.message;
      kept.lastUpdateTime = (unchanged && before?.lastUpdateTime) || now;
    }
    kept.lastTransitionTime = (sameStatus && before?.lastTransitionTime) || now;
    return kept;
  });
}
