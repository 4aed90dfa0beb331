// Starts and stops the dev portal (app on :3000, backend on :7007) for browser tests.
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(
  fileURLToPath(import.meta.url),
  '../../..',
);
export const APP_URL = 'http://localhost:3000';
/** Debian's Chromium; Playwright's own browsers are never downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium with the flags a container without a GPU or /dev/shm needs. */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
    ],
  });
}
export const BACKEND_URL = 'http://localhost:7007';

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

async function waitFor(url, deadline) {
  while (Date.now() < deadline) {
    if (await answers(url)) return;
    await sleep(1000);
  }
  throw new Error(`${url} did not answer in time`);
}

/**
 * Starts `npm start` in its own process group; returns a stop function.
 * `labArgs` go to `lab start` (e.g. another preset).
 */
export async function startPortal({
  logFile,
  timeoutMs = 300_000,
  labArgs = [],
}) {
  if (
    (await answers(`${BACKEND_URL}/api/auth/guest/refresh`)) ||
    (await answers(APP_URL))
  ) {
    throw new Error(
      'ports 3000/7007 are already in use: stop the running portal first',
    );
  }
  const log = openSync(logFile, 'w');
  const child = spawn('npm', ['start', '--', ...labArgs], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, BROWSER: 'none' },
  });
  const exited = new Promise(resolve => child.once('exit', resolve));
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const killed = await Promise.race([
      exited.then(() => true),
      sleep(15_000).then(() => false),
    ]);
    if (!killed) process.kill(-child.pid, 'SIGKILL');
  };
  try {
    const deadline = Date.now() + timeoutMs;
    await Promise.race([
      Promise.all([
        waitFor(`${BACKEND_URL}/api/auth/guest/refresh`, deadline),
        waitFor(APP_URL, deadline),
      ]),
      exited.then(code => {
        throw new Error(
          `npm start exited early with code ${code}; see ${logFile}`,
        );
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}

/** A Backstage token for the guest user, as the app's sign-in gets it. */
export async function guestToken() {
  const response = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`);
  if (!response.ok) throw new Error(`guest sign-in failed: ${response.status}`);
  const body = await response.json();
  return body.backstageIdentity.token;
}
