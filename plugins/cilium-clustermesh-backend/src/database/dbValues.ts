import type { Knex } from 'knex';

/**
 * A timestamp column as ISO 8601. PostgreSQL returns Date objects, SQLite the
 * epoch milliseconds knex bound when writing a Date.
 */
export function timestampToIso(value: unknown): string {
  if (
    value instanceof Date ||
    typeof value === 'number' ||
    typeof value === 'string'
  ) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) {
      return date.toISOString();
    }
  }
  throw new Error(`Unreadable timestamp in the database: ${String(value)}`);
}

export function isPostgres(db: Knex): boolean {
  return db.client.dialect === 'postgresql';
}

export function isSqlite(db: Knex): boolean {
  return String(db.client.dialect).includes('sqlite');
}

const RETRYABLE_CODES = new Set([
  // PostgreSQL: unique_violation, serialization_failure, deadlock_detected
  '23505',
  '40001',
  '40P01',
  // SQLite
  'SQLITE_BUSY',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
  'SQLITE_CONSTRAINT_UNIQUE',
  // MySQL
  'ER_DUP_ENTRY',
  'ER_LOCK_DEADLOCK',
]);

/**
 * Runs a transaction again when another writer won a race for the same rows:
 * the retry reads what that writer committed and usually has nothing to do.
 */
export async function withConflictRetries<T>(
  run: () => Promise<T>,
  attempts = 4,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: unknown } | undefined)?.code;
      if (attempt >= attempts || !RETRYABLE_CODES.has(String(code))) {
        throw error;
      }
      await new Promise(resolve => setTimeout(resolve, 10 * attempt));
    }
  }
}
