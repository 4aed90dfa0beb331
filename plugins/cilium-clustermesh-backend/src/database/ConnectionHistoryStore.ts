import { DatabaseService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type {
  ConnectionEvent,
  ConnectionState,
} from '@meshportal/plugin-cilium-clustermesh-common';

export type { ConnectionEvent };
import type { Knex } from 'knex';
import {
  isPostgres,
  isSqlite,
  timestampToIso,
  withConflictRetries,
} from './dbValues';
import { getMigratedClient } from './migrations';

/** The state of one direction of a connection, as last observed. */
export interface ConnectionStateRecord {
  from: string;
  to: string;
  state: ConnectionState;
  detail?: string;
}

export interface ListEventsQuery {
  from?: string;
  to?: string;
  /** Inclusive. */
  since?: Date;
  /** Exclusive, so consecutive windows do not overlap. */
  until?: Date;
  /** 1 to {@link MAX_EVENTS_PAGE}. */
  limit: number;
  /** `nextBefore` of the previous page. */
  before?: number;
}

export const MAX_EVENTS_PAGE = 1000;

/** Recorded for an edge that stopped being reported. */
const VANISHED_STATE: ConnectionState = 'unconfigured';
const VANISHED_DETAIL = 'no longer part of the mesh status';

// Classid half of the PostgreSQL advisory lock key ("CMES"), so our per-mesh
// locks cannot collide with other users of advisory locks in this database.
const MESH_LOCK_NAMESPACE = 0x434d4553;
// Stays well below SQLite's 999 bound parameters per statement.
const INSERT_CHUNK = 100;

interface StateRow {
  mesh: string;
  from_cluster: string;
  to_cluster: string;
  state: string;
  detail: string | null;
  since: unknown;
}

interface EventRow {
  id: number;
  mesh: string;
  from_cluster: string;
  to_cluster: string;
  state: string;
  previous_state: string | null;
  detail: string | null;
  occurred_at: unknown;
}

type NewEventRow = Omit<EventRow, 'id' | 'occurred_at'> & { occurred_at: Date };

/** Current state of every edge of every mesh, and the history of changes. */
export class ConnectionHistoryStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<ConnectionHistoryStore> {
    return new ConnectionHistoryStore(
      await getMigratedClient(options.database),
    );
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Replaces the current states of `mesh` with `states` and returns an event
   * per edge whose state changed: new edges (no previousState), changed
   * states, and edges missing from `states`, which are removed and recorded
   * as 'unconfigured' (unless they already were). A changed `detail` alone
   * updates the current row without an event. Pass every edge of the mesh:
   * an edge that could not be judged belongs in `states` as 'unknown', or it
   * counts as gone.
   *
   * Backend replicas may record the same observation concurrently: per-mesh
   * writes are serialized (an advisory lock on PostgreSQL, the single
   * connection on SQLite) and a transaction that loses a race is retried, so
   * a change yields one event.
   */
  async recordStates(
    mesh: string,
    states: ConnectionStateRecord[],
    at: Date,
  ): Promise<ConnectionEvent[]> {
    checkRecordInput(mesh, states, at);
    return withConflictRetries(() =>
      this.db.transaction(tx => this.recordInTransaction(tx, mesh, states, at)),
    );
  }

  private async recordInTransaction(
    tx: Knex.Transaction,
    mesh: string,
    states: ConnectionStateRecord[],
    at: Date,
  ): Promise<ConnectionEvent[]> {
    if (isPostgres(this.db)) {
      // Row locks cannot cover edges that do not exist yet; a lock on the
      // mesh makes the second replica read what the first one committed.
      await tx.raw('select pg_advisory_xact_lock(?, hashtext(?))', [
        MESH_LOCK_NAMESPACE,
        mesh,
      ]);
    }
    let currentQuery = tx<StateRow>('connection_states').where({ mesh });
    if (!isSqlite(this.db) && !isPostgres(this.db)) {
      currentQuery = currentQuery.forUpdate();
    }
    const current = new Map(
      (await currentQuery).map(row => [
        edgeKey(row.from_cluster, row.to_cluster),
        row,
      ]),
    );

    const newStates: StateRow[] = [];
    const events: NewEventRow[] = [];
    for (const record of states) {
      const key = edgeKey(record.from, record.to);
      const previous = current.get(key);
      current.delete(key);
      const detail = record.detail ?? null;
      const edge = { mesh, from_cluster: record.from, to_cluster: record.to };
      if (!previous) {
        newStates.push({ ...edge, state: record.state, detail, since: at });
        events.push(eventRow(edge, record.state, null, detail, at));
      } else if (previous.state !== record.state) {
        await tx('connection_states')
          .where(edge)
          .update({ state: record.state, detail, since: at });
        events.push(eventRow(edge, record.state, previous.state, detail, at));
      } else if (previous.detail !== detail) {
        await tx('connection_states').where(edge).update({ detail });
      }
    }
    // What is left in `current` was not reported this time.
    for (const gone of current.values()) {
      const edge = {
        mesh,
        from_cluster: gone.from_cluster,
        to_cluster: gone.to_cluster,
      };
      await tx('connection_states').where(edge).delete();
      if (gone.state !== VANISHED_STATE) {
        events.push(
          eventRow(edge, VANISHED_STATE, gone.state, VANISHED_DETAIL, at),
        );
      }
    }

    for (const chunk of chunks(newStates)) {
      await tx('connection_states').insert(chunk);
    }
    const inserted: EventRow[] = [];
    for (const chunk of chunks(events)) {
      inserted.push(
        ...(await tx('connection_events').insert(chunk).returning('*')),
      );
    }
    return inserted.sort((a, b) => a.id - b.id).map(toEvent);
  }

  /** Newest first; page on with `before: nextBefore`. */
  async listEvents(
    mesh: string,
    query: ListEventsQuery,
  ): Promise<{ events: ConnectionEvent[]; nextBefore?: number }> {
    checkListQuery(query);
    let select = this.db<EventRow>('connection_events').where({ mesh });
    if (query.from !== undefined) {
      select = select.where('from_cluster', query.from);
    }
    if (query.to !== undefined) {
      select = select.where('to_cluster', query.to);
    }
    if (query.since) {
      select = select.where('occurred_at', '>=', query.since);
    }
    if (query.until) {
      select = select.where('occurred_at', '<', query.until);
    }
    if (query.before !== undefined) {
      select = select.where('id', '<', query.before);
    }
    // One extra row tells whether another page exists.
    const rows = await select.orderBy('id', 'desc').limit(query.limit + 1);
    const page = rows.slice(0, query.limit).map(toEvent);
    return rows.length > query.limit
      ? { events: page, nextBefore: page[page.length - 1].id }
      : { events: page };
  }

  /**
   * When each mesh's newest event happened (ISO 8601), for every mesh with
   * at least one event: one grouped query, however many meshes are listed.
   */
  async latestEventTimes(): Promise<Map<string, string>> {
    const rows: { mesh: string; latest: unknown }[] = await this.db(
      'connection_events',
    )
      .select('mesh')
      .max('occurred_at', { as: 'latest' })
      .groupBy('mesh');
    return new Map(rows.map(row => [row.mesh, timestampToIso(row.latest)]));
  }

  async currentStates(
    mesh: string,
  ): Promise<(ConnectionStateRecord & { since: string })[]> {
    const rows = await this.db<StateRow>('connection_states')
      .where({ mesh })
      .orderBy(['from_cluster', 'to_cluster']);
    return rows.map(row => ({
      from: row.from_cluster,
      to: row.to_cluster,
      state: row.state as ConnectionState,
      ...(row.detail === null ? {} : { detail: row.detail }),
      since: timestampToIso(row.since),
    }));
  }

  /** Retention: removes events older than `cutoff` and returns how many. */
  async deleteEventsBefore(cutoff: Date): Promise<number> {
    checkDate(cutoff, 'cutoff');
    return this.db('connection_events')
      .where('occurred_at', '<', cutoff)
      .delete();
  }
}

function edgeKey(from: string, to: string): string {
  return JSON.stringify([from, to]);
}

function eventRow(
  edge: { mesh: string; from_cluster: string; to_cluster: string },
  state: string,
  previousState: string | null,
  detail: string | null,
  at: Date,
): NewEventRow {
  return {
    ...edge,
    state,
    previous_state: previousState,
    detail,
    occurred_at: at,
  };
}

function toEvent(row: EventRow): ConnectionEvent {
  return {
    id: Number(row.id),
    mesh: row.mesh,
    from: row.from_cluster,
    to: row.to_cluster,
    state: row.state as ConnectionState,
    ...(row.previous_state === null
      ? {}
      : { previousState: row.previous_state as ConnectionState }),
    ...(row.detail === null ? {} : { detail: row.detail }),
    at: timestampToIso(row.occurred_at),
  };
}

function* chunks<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += INSERT_CHUNK) {
    yield items.slice(i, i + INSERT_CHUNK);
  }
}

function checkDate(value: Date, field: string) {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InputError(`${field}: must be a valid date`);
  }
}

function checkRecordInput(
  mesh: string,
  states: ConnectionStateRecord[],
  at: Date,
) {
  if (!mesh) {
    throw new InputError('mesh: must not be empty');
  }
  checkDate(at, 'at');
  const seen = new Set<string>();
  for (const record of states) {
    const key = edgeKey(record.from, record.to);
    if (seen.has(key)) {
      throw new InputError(
        `states: the edge ${record.from} -> ${record.to} is listed twice. Fix: report each direction once`,
      );
    }
    seen.add(key);
  }
}

function checkListQuery(query: ListEventsQuery) {
  if (
    !Number.isInteger(query.limit) ||
    query.limit < 1 ||
    query.limit > MAX_EVENTS_PAGE
  ) {
    throw new InputError(
      `limit: must be an integer from 1 to ${MAX_EVENTS_PAGE}`,
    );
  }
  if (
    query.before !== undefined &&
    (!Number.isInteger(query.before) || query.before < 1)
  ) {
    throw new InputError(
      'before: must be a positive integer, the nextBefore of the previous page',
    );
  }
  if (query.since) checkDate(query.since, 'since');
  if (query.until) checkDate(query.until, 'until');
}
