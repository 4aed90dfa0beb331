import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  createTestDatabases,
  databaseServiceFor,
} from './__testUtils__/testDatabases';
import { getMigratedClient } from './migrations';

jest.setTimeout(60_000);

const { databases, postgresSkipReason } = createTestDatabases();

if (postgresSkipReason) {
  // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect -- the report says why PostgreSQL did not run
  it.skip(`on PostgreSQL (skipped: ${postgresSkipReason})`, () => {});
}

const TABLES = ['connection_states', 'connection_events', 'registered_meshes'];

describe.each(databases.eachSupportedId())('migrations on %s', databaseId => {
  it('migrate once per client, roll back and apply again', async () => {
    const knex = await databases.init(databaseId);
    const database = databaseServiceFor(knex);

    // Both stores migrate on creation; concurrent runs must not collide on
    // knex's migration lock.
    await Promise.all([
      getMigratedClient(database),
      getMigratedClient(database),
    ]);
    for (const table of TABLES) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }

    const directory = resolvePackagePath(
      '@meshportal/plugin-cilium-clustermesh-backend',
      'migrations',
    );
    await knex.migrate.rollback({ directory }, true);
    for (const table of TABLES) {
      expect(await knex.schema.hasTable(table)).toBe(false);
    }
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('connection_events')).toBe(true);
  });

  it('leaves the schema alone when migrations are skipped', async () => {
    const knex = await databases.init(databaseId);
    await getMigratedClient({
      getClient: async () => knex,
      migrations: { skip: true },
    });
    expect(await knex.schema.hasTable('connection_states')).toBe(false);
  });
});
