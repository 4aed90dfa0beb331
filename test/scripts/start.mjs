// `npm start`: the lab first, then the portal (app + backend) configured to use it.
// Extra arguments go to `lab start` (e.g. `npm start -- --preset scale --clusters 255`).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const labArgs = process.argv.slice(2);
const stateDirArg = labArgs.indexOf('--state-dir');
const stateDir =
  stateDirArg >= 0
    ? path.resolve(labArgs[stateDirArg + 1])
    : path.join(root, '.lab');
if (stateDirArg < 0) labArgs.push('--state-dir', stateDir);
const readyFile = path.join(stateDir, 'lab.json');

const children = [];
let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  setTimeout(() => process.exit(code), 3000).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function run(command, args) {
  const child = spawn(command, args, {
    cwd: root,
    stdio: 'inherit',
    detached: true,
  });
  children.push(child);
  child.on('exit', code => {
    if (!stopping) {
      console.error(
        `${path.basename(command)} exited (${code}); stopping everything`,
      );
      stopAll(code ?? 1);
    }
  });
  return child;
}

const lab = run(path.join(root, 'test/lab/bin/lab'), ['start', ...labArgs]);
// The `scale` preset builds hundreds of clusters through ARM, Helm and Kubernetes calls.
const deadline = Date.now() + 600_000;
for (;;) {
  if (
    existsSync(readyFile) &&
    JSON.parse(readFileSync(readyFile, 'utf8')).pid === lab.pid
  )
    break;
  if (stopping) process.exit(1);
  if (Date.now() > deadline) {
    console.error('the lab did not start within 10 min');
    stopAll(1);
  }
  await sleep(200);
}

// MESHPORTAL_APP=built starts the backend only: the caller serves a
// production build of the app on :3000 (the tab benchmark does).
const packages =
  process.env.MESHPORTAL_APP === 'built'
    ? ['test/backend']
    : ['test/app', 'test/backend'];
run(path.join(root, 'node_modules/.bin/backstage-cli'), [
  'repo',
  'start',
  ...packages,
  '--config',
  path.join(root, 'app-config.yaml'),
  '--config',
  path.join(stateDir, 'app-config.lab.yaml'),
]);
