import type { Lab } from '@meshportal/lab';
import { portalConfigYaml } from '@meshportal/lab';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

export interface BackendProcesses {
  /** Starts a backend on the shared database and waits until it answers. */
  start(): Promise<{ url: string; process: ChildProcess }>;
  stop(): Promise<void>;
}

/**
 * Backends for the lab in child processes sharing one database directory
 * and one port, with task recovery on: kill one mid-task, start the next,
 * and the scaffolder resumes the task.
 */
export async function labBackendProcesses(
  lab: Lab,
  templates: unknown[],
): Promise<BackendProcesses> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scaffolder-restart-'));
  const port = await freePort();
  const armCaFile = path.join(dir, 'arm-ca.pem');
  await writeFile(armCaFile, lab.arm.caPem, { mode: 0o600 });
  const portal = parse(
    portalConfigYaml(lab, {
      armCaFile,
      helmBinary: path.join(REPO_ROOT, 'test/lab/bin/helm'),
    }),
  );
  const configFile = path.join(dir, 'app-config.yaml');
  await writeFile(
    configFile,
    stringify({
      ...portal,
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { host: '127.0.0.1', port },
        database: {
          client: 'better-sqlite3',
          connection: { directory: path.join(dir, 'db') },
        },
      },
      scaffolder: {
        taskRecovery: { enabled: true, staleTimeout: { seconds: 2 } },
      },
    }),
    { mode: 0o600 },
  );
  const templatesFile = path.join(dir, 'templates.json');
  await writeFile(templatesFile, JSON.stringify(templates));
  const children: ChildProcess[] = [];
  const url = `http://127.0.0.1:${port}`;
  return {
    async start() {
      const child = spawn(
        process.execPath,
        [
          '--require',
          require.resolve('@backstage/cli/config/nodeTransform.cjs'),
          path.join(__dirname, 'backendMain.ts'),
          '--config',
          configFile,
        ],
        {
          stdio: ['ignore', 'ignore', 'ignore'],
          env: {
            ...process.env,
            NODE_ENV: 'test',
            LAB_BACKEND_TEMPLATES: templatesFile,
          },
        },
      );
      children.push(child);
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (child.exitCode !== null) {
          throw new Error(`the backend exited with ${child.exitCode}`);
        }
        try {
          const response = await fetch(`${url}/api/scaffolder/v2/actions`, {
            headers: { authorization: 'Bearer mock-user-token' },
          });
          if (response.ok) return { url, process: child };
        } catch {
          // Not listening yet.
        }
        if (Date.now() > deadline) throw new Error('the backend did not start');
        await new Promise(resolve => setTimeout(resolve, 250));
      }
    },
    async stop() {
      for (const child of children) {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
