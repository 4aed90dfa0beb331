import pLimit from 'p-limit';

/**
 * Runs `work` for every item, at most `concurrency` at once, and lets every
 * item finish even when one fails: the others' Azure operations or Helm
 * runs complete, so the next run has less to do. Fails afterwards with
 * every failure's message.
 */
export async function settleAll<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const limit = pLimit(Math.max(1, concurrency));
  const results = await Promise.allSettled(
    items.map(item => limit(() => work(item))),
  );
  const failures = results.flatMap(result =>
    result.status === 'rejected' ? [result.reason] : [],
  );
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    const error = new Error(
      failures
        .map(failure =>
          failure instanceof Error ? failure.message : String(failure),
        )
        .join('\n'),
    );
    // An input problem stays one, so the scaffolder reports it as such.
    if (failures.every(f => f instanceof Error && f.name === 'InputError')) {
      error.name = 'InputError';
    }
    throw error;
  }
  return results.map(result => (result as PromiseFulfilledResult<R>).value);
}
