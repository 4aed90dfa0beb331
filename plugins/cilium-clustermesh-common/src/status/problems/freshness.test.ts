import { ClusterChange, SEED_NOW, seed } from '../__testUtils__/observations';
import { problemById, problemIds } from '../__testUtils__/problems';

const observedMinutesAgo =
  (minutes: number): ClusterChange =>
  o => {
    o.observedAt = new Date(
      SEED_NOW.getTime() - minutes * 60_000,
    ).toISOString();
  };

describe('freshness problems', () => {
  it.each<[number, number | undefined, string[]]>([
    [4, undefined, []],
    [6, undefined, ['data-stale:cluster2']],
    [6, 10 * 60_000, []],
    [3, 60_000, ['data-stale:cluster2']],
  ])(
    'data %s minutes old with staleAfterMs %s reports %j',
    (minutes, staleAfterMs, ids) => {
      expect(
        problemIds(seed({ cluster2: observedMinutesAgo(minutes) }), {
          staleAfterMs,
        }),
      ).toEqual(ids);
    },
  );

  it.each([
    [10, 'What the portal knows about cluster2 is 10 minutes old'],
    [180, 'What the portal knows about cluster2 is 3 hours old'],
    [3 * 24 * 60, 'What the portal knows about cluster2 is 3 days old'],
  ])('says how old %s-minute-old data is', (minutes, title) => {
    const problem = problemById(
      seed({ cluster2: observedMinutesAgo(minutes) }),
      'data-stale:cluster2',
    );
    expect(problem).toMatchObject({ severity: 'warning', title });
  });
});
