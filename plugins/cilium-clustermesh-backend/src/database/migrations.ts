import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const MIGRATIONS_DIR = resolvePackagePath(
  '@meshportal/plugin-cilium-clustermesh-backend',
  'migrations',
);

// Both stores share one client and one migration directory; knex refuses a
// second concurrent migrate on the same lock table, so run it once per client.
const migrated = new WeakMap<Knex, Promise<void>>();

/** The plugin's knex client, migrated to the latest schema unless skipped. */
export async function getMigratedClient(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (database.migrations?.skip) {
    return client;
  }
  let done = migrated.get(client);
  if (!done) {
    done = client.migrate
      .latest({ directory: MIGRATIONS_DIR })
      .then(() => undefined);
    migrated.set(client, done);
    // A failed attempt must not poison later ones, e.g. after the database
    // came back.
    done.catch(() => migrated.delete(client));
  }
  await done;
  return client;
}
