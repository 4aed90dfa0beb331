#!/usr/bin/env node
// Runs a command with a local PostgreSQL for the database tests, so that
// `npm test` covers PostgreSQL as well as SQLite on any machine where
// test/scripts/postgres.sh can install or start it. Where it cannot, the
// command still runs and those tests say they were skipped.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [command, ...args] = process.argv.slice(2);
const env = { ...process.env };
const alreadySet = Object.keys(env).some(name =>
  /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(name),
);
if (!alreadySet) {
  const setup = spawnSync(
    fileURLToPath(new URL('postgres.sh', import.meta.url)),
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = setup.stdout?.trim().split('\n').pop() ?? '';
  const match =
    /^(BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING)=(.+)$/.exec(line);
  if (setup.status === 0 && match) {
    env[match[1]] = match[2];
    console.log(
      `with-postgres: database tests also run on PostgreSQL (${match[1]})`,
    );
  } else {
    console.log(
      'with-postgres: WARNING: no PostgreSQL; database tests run on SQLite only',
    );
  }
}
const run = spawnSync(command, args, { stdio: 'inherit', env });
process.exit(run.status ?? 1);
