import { InputError } from '@backstage/errors';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  createTestDatabases,
  databaseServiceFor,
} from './__testUtils__/testDatabases';
import {
  ConnectionHistoryStore,
  ConnectionStateRecord,
} from './ConnectionHistoryStore';

jest.setTimeout(60_000);

const { databases, postgresSkipReason } = createTestDatabases();

if (postgresSkipReason) {
  // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect -- the report says why PostgreSQL did not run
  it.skip(`on PostgreSQL (skipped: ${postgresSkipReason})`, () => {});
}

const T0 = new Date('2025-11-26T10:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

const allConnected: ConnectionStateRecord[] = [
  { from: 'aks-1', to: 'aks-2', state: 'connected' },
  { from: 'aks-2', to: 'aks-1', state: 'connected' },
  { from: 'aks-1', to: 'aks-3', state: 'connected', detail: '3/3 agents' },
];

describe.each(databases.eachSupportedId())(
  'ConnectionHistoryStore on %s',
  databaseId => {
    async function createStore(id: TestDatabaseId = databaseId) {
      const knex = await databases.init(id);
      const database = databaseServiceFor(knex);
      return {
        store: await ConnectionHistoryStore.create({ database }),
        database,
      };
    }

    it('records every edge the first time and nothing for a repeat', async () => {
      const { store } = await createStore();

      const first = await store.recordStates('prod', allConnected, T0);
      expect(first).toEqual(
        allConnected.map(edge =>
          expect.objectContaining({
            mesh: 'prod',
            from: edge.from,
            to: edge.to,
            state: 'connected',
            at: T0.toISOString(),
          }),
        ),
      );
      expect(first.every(event => event.previousState === undefined)).toBe(
        true,
      );
      expect(first[2].detail).toBe('3/3 agents');
      expect(
        await store.recordStates('prod', allConnected, minutes(1)),
      ).toEqual([]);
      // Meshes are independent.
      expect(await store.recordStates('dev', allConnected, T0)).toHaveLength(3);
    });

    it('records one event with the previous state when one edge changes', async () => {
      const { store } = await createStore();
      await store.recordStates('prod', allConnected, T0);

      const changed = allConnected.map(edge =>
        edge.to === 'aks-2'
          ? { ...edge, state: 'degraded' as const, detail: '1/3 agents' }
          : edge,
      );
      const events = await store.recordStates('prod', changed, minutes(5));

      expect(events).toEqual([
        {
          id: expect.any(Number),
          mesh: 'prod',
          from: 'aks-1',
          to: 'aks-2',
          state: 'degraded',
          previousState: 'connected',
          detail: '1/3 agents',
          at: minutes(5).toISOString(),
        },
      ]);
      expect(await store.currentStates('prod')).toEqual([
        {
          from: 'aks-1',
          to: 'aks-2',
          state: 'degraded',
          detail: '1/3 agents',
          since: minutes(5).toISOString(),
        },
        {
          from: 'aks-1',
          to: 'aks-3',
          state: 'connected',
          detail: '3/3 agents',
          since: T0.toISOString(),
        },
        {
          from: 'aks-2',
          to: 'aks-1',
          state: 'connected',
          since: T0.toISOString(),
        },
      ]);
    });

    it('updates a changed detail without an event or a new since', async () => {
      const { store } = await createStore();
      await store.recordStates('prod', allConnected, T0);

      const events = await store.recordStates(
        'prod',
        allConnected.map(edge => ({ ...edge, detail: 'checked again' })),
        minutes(1),
      );

      expect(events).toEqual([]);
      const current = await store.currentStates('prod');
      expect(current.map(edge => edge.detail)).toEqual([
        'checked again',
        'checked again',
        'checked again',
      ]);
      expect(current.map(edge => edge.since)).toEqual([
        T0.toISOString(),
        T0.toISOString(),
        T0.toISOString(),
      ]);
    });

    it('removes a vanished edge with an unconfigured event', async () => {
      const { store } = await createStore();
      await store.recordStates('prod', allConnected, T0);

      const events = await store.recordStates(
        'prod',
        allConnected.filter(edge => edge.to !== 'aks-3'),
        minutes(2),
      );

      expect(events).toEqual([
        expect.objectContaining({
          from: 'aks-1',
          to: 'aks-3',
          state: 'unconfigured',
          previousState: 'connected',
          at: minutes(2).toISOString(),
        }),
      ]);
      expect((await store.currentStates('prod')).map(edge => edge.to)).toEqual([
        'aks-2',
        'aks-1',
      ]);
      // Coming back is a first sighting again.
      const back = await store.recordStates('prod', allConnected, minutes(3));
      expect(back).toEqual([
        expect.objectContaining({ to: 'aks-3', state: 'connected' }),
      ]);
      expect(back[0].previousState).toBeUndefined();
    });

    it('lists events newest first, filtered, page by page', async () => {
      const { store } = await createStore();
      const cycle = ['connected', 'degraded', 'disconnected'] as const;
      for (let i = 0; i < 6; i++) {
        await store.recordStates(
          'prod',
          [
            { from: 'aks-1', to: 'aks-2', state: cycle[i % 3] },
            { from: 'aks-2', to: 'aks-1', state: 'connected' },
          ],
          minutes(i),
        );
      }
      await store.recordStates(
        'other',
        [{ from: 'aks-1', to: 'aks-2', state: 'unknown' }],
        minutes(1),
      );

      const all = await store.listEvents('prod', { limit: 100 });
      expect(all.nextBefore).toBeUndefined();
      // 6 changes of aks-1 -> aks-2, 1 first sighting of aks-2 -> aks-1.
      expect(all.events).toHaveLength(7);
      const ids = all.events.map(event => event.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(all.events[0]).toEqual(
        expect.objectContaining({
          state: 'disconnected',
          previousState: 'degraded',
          at: minutes(5).toISOString(),
        }),
      );

      const fromAks2 = await store.listEvents('prod', {
        from: 'aks-2',
        limit: 10,
      });
      expect(fromAks2.events.map(event => event.to)).toEqual(['aks-1']);
      const toAks2 = await store.listEvents('prod', { to: 'aks-2', limit: 10 });
      expect(toAks2.events).toHaveLength(6);

      const window = await store.listEvents('prod', {
        from: 'aks-1',
        since: minutes(2),
        until: minutes(4),
        limit: 10,
      });
      expect(window.events.map(event => event.at)).toEqual([
        minutes(3).toISOString(),
        minutes(2).toISOString(),
      ]);

      const pages: number[][] = [];
      let before: number | undefined;
      do {
        const page = await store.listEvents('prod', { limit: 3, before });
        pages.push(page.events.map(event => event.id));
        before = page.nextBefore;
      } while (before !== undefined);
      expect(pages.map(page => page.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toEqual(ids);

      await expect(store.listEvents('prod', { limit: 0 })).rejects.toThrow(
        InputError,
      );
    });

    it("gives each mesh's newest event time, leaving out meshes without events", async () => {
      const { store } = await createStore();
      expect(await store.latestEventTimes()).toEqual(new Map());

      await store.recordStates('prod', allConnected, T0);
      await store.recordStates(
        'prod',
        [{ ...allConnected[0], state: 'degraded' }, ...allConnected.slice(1)],
        minutes(7),
      );
      // A repeat records nothing, so it does not move the time.
      await store.recordStates(
        'prod',
        [{ ...allConnected[0], state: 'degraded' }, ...allConnected.slice(1)],
        minutes(9),
      );
      await store.recordStates('dev', allConnected, minutes(3));
      // Edges without a change are no event: this mesh has none.
      await store.recordStates('empty', [], minutes(8));

      expect(await store.latestEventTimes()).toEqual(
        new Map([
          ['prod', minutes(7).toISOString()],
          ['dev', minutes(3).toISOString()],
        ]),
      );
    });

    it('deletes only events older than the retention cutoff', async () => {
      const { store } = await createStore();
      await store.recordStates('prod', allConnected, minutes(0));
      await store.recordStates(
        'prod',
        [
          { ...allConnected[0], state: 'disconnected' },
          ...allConnected.slice(1),
        ],
        minutes(10),
      );
      await store.recordStates('dev', allConnected, minutes(20));

      expect(await store.deleteEventsBefore(minutes(10))).toBe(3);

      const left = await store.listEvents('prod', { limit: 10 });
      expect(left.events.map(event => event.at)).toEqual([
        minutes(10).toISOString(),
      ]);
      expect(
        (await store.listEvents('dev', { limit: 10 })).events,
      ).toHaveLength(3);
      // Current states are not history: retention leaves them alone.
      expect(await store.currentStates('prod')).toHaveLength(3);
      expect(await store.deleteEventsBefore(minutes(10))).toBe(0);
    });

    it('records a change once when replicas record it concurrently', async () => {
      const { database } = await createStore();
      // Separate store instances stand for separate backend replicas.
      const replicas = await Promise.all(
        [1, 2, 3, 4].map(() => ConnectionHistoryStore.create({ database })),
      );

      const firstSightings = await Promise.all(
        replicas.map((replica, i) =>
          replica.recordStates('prod', allConnected, minutes(i / 10)),
        ),
      );
      expect(firstSightings.flat()).toHaveLength(allConnected.length);

      const degraded = allConnected.map(edge => ({
        ...edge,
        state: 'degraded' as const,
      }));
      const changes = await Promise.all(
        replicas.map((replica, i) =>
          replica.recordStates('prod', degraded, minutes(1 + i / 10)),
        ),
      );
      expect(changes.flat()).toHaveLength(allConnected.length);

      const history = await replicas[0].listEvents('prod', { limit: 100 });
      expect(history.events).toHaveLength(2 * allConnected.length);
      expect(
        history.events.filter(event => event.state === 'degraded'),
      ).toHaveLength(allConnected.length);
    });

    it('refuses an edge listed twice and an invalid time', async () => {
      const { store } = await createStore();
      await expect(
        store.recordStates(
          'prod',
          [allConnected[0], { ...allConnected[0], state: 'unknown' }],
          T0,
        ),
      ).rejects.toThrow(/aks-1 -> aks-2 is listed twice/);
      await expect(
        store.recordStates('prod', allConnected, new Date('nope')),
      ).rejects.toThrow(InputError);
      expect(await store.currentStates('prod')).toEqual([]);
    });
  },
);
