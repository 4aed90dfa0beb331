import { DatabaseService } from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';

const POSTGRES_ENV =
  /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/;

/**
 * SQLite always, plus each PostgreSQL whose connection string is exported
 * (test/scripts/postgres.sh prints one for the installed major version).
 * Docker is never used: without a connection string TestDatabases would try
 * to start a container under CI=true, and CI machines have no Docker.
 * `postgresSkipReason` says why no PostgreSQL takes part, if none does.
 */
export function createTestDatabases(): {
  databases: TestDatabases;
  postgresSkipReason?: string;
} {
  const postgresIds = Object.entries(process.env).flatMap(([name, value]) => {
    const major = value ? POSTGRES_ENV.exec(name)?.[1] : undefined;
    return major ? [`POSTGRES_${major}` as TestDatabaseId] : [];
  });
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', ...postgresIds],
    disableDocker: true,
  });
  const unknown = postgresIds.filter(id => !databases.supports(id));
  let postgresSkipReason: string | undefined;
  if (postgresIds.length === 0) {
    postgresSkipReason =
      'no BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING is set; run `export "$(test/scripts/postgres.sh)"` first';
  } else if (unknown.length === postgresIds.length) {
    postgresSkipReason = `${unknown.join(
      ', ',
    )} is not a database id @backstage/backend-test-utils knows`;
  }
  if (postgresSkipReason) {
    // eslint-disable-next-line no-console
    console.warn(`PostgreSQL database tests skipped: ${postgresSkipReason}`);
  }
  return { databases, postgresSkipReason };
}

/** What coreServices.database hands the plugin, around a test database. */
export function databaseServiceFor(knex: Knex): DatabaseService {
  return { getClient: async () => knex, migrations: { skip: false } };
}
