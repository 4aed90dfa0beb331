// Starts and stops the dev portal (app on :3000, backend on :7007) for browser tests.
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
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
 * `labArgs` go to `lab start` (e.g. another preset). With `app: 'built'`
 * the app is a production build served from `test/app/dist`, as users get
 * it, instead of the development server. `env` adds to the portal's
 * environment (e.g. `APP_CONFIG_…` overrides).
 */
export async function startPortal({
  logFile,
  timeoutMs = 300_000,
  labArgs = [],
  app = 'dev',
  env = {},
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
    env: {
      ...process.env,
      ...env,
      BROWSER: 'none',
      ...(app === 'built' && { MESHPORTAL_APP: 'built' }),
    },
  });
  const exited = new Promise(resolve => child.once('exit', resolve));
  let appServer;
  const stop = async () => {
    appServer?.close();
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
      app === 'built'
        ? waitFor(`${BACKEND_URL}/api/auth/guest/refresh`, deadline).then(
            async () => {
              await buildApp(labStateDir(labArgs), logFile);
              appServer = await serveBuiltApp();
            },
          )
        : Promise.all([
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

function labStateDir(labArgs) {
  const at = labArgs.indexOf('--state-dir');
  return at >= 0 ? path.resolve(labArgs[at + 1]) : path.join(repoRoot, '.lab');
}

const appDir = path.join(repoRoot, 'test', 'app');

/** A production build of the app with the portal's and the lab's configuration baked in. */
async function buildApp(stateDir, logFile) {
  const log = openSync(`${logFile}.app-build`, 'w');
  const build = spawn(
    path.join(repoRoot, 'node_modules/.bin/backstage-cli'),
    [
      'package',
      'build',
      '--config',
      path.join(repoRoot, 'app-config.yaml'),
      '--config',
      path.join(stateDir, 'app-config.lab.yaml'),
    ],
    { cwd: appDir, stdio: ['ignore', log, log] },
  );
  const code = await new Promise(resolve => build.once('exit', resolve));
  if (code !== 0) {
    throw new Error(`the app build failed (${code}); see ${logFile}.app-build`);
  }
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/**
 * Serves `test/app/dist` on the app's port, gzip'd as a production web
 * server would; unknown paths get index.html, as a single-page app needs.
 */
async function serveBuiltApp() {
  const dist = path.join(appDir, 'dist');
  const compressed = new Map();
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', APP_URL);
    const file = path.join(dist, path.normalize(decodeURIComponent(pathname)));
    let body;
    let type = CONTENT_TYPES['.html'];
    try {
      if (!file.startsWith(`${dist}${path.sep}`)) throw new Error('outside');
      body = await readFile(file);
      type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    } catch {
      body = await readFile(path.join(dist, 'index.html'));
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding']));
    res.writeHead(200, {
      'content-type': type,
      ...(gzip && { 'content-encoding': 'gzip' }),
    });
    if (gzip && !compressed.has(file)) compressed.set(file, gzipSync(body));
    res.end(gzip ? compressed.get(file) : body);
  });
  await new Promise(resolve => server.listen(3000, '127.0.0.1', resolve));
  return server;
}

/** A Backstage token for the guest user, as the app's sign-in gets it. */
export async function guestToken() {
  const response = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`);
  if (!response.ok) throw new Error(`guest sign-in failed: ${response.status}`);
  const body = await response.json();
  return body.backstageIdentity.token;
}
