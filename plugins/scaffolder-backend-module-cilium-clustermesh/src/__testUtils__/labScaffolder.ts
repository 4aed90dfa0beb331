import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { ConfigReader } from '@backstage/config';
import { Lab, portalConfigYaml } from '@meshportal/lab';
import {
  ArmRestClient,
  AzureConnection,
  readAzureConnection,
} from '@meshportal/plugin-cilium-clustermesh-node';
// The acceptance tests run the status backend beside the scaffolder, as a portal does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import clustermeshBackend from '@meshportal/plugin-cilium-clustermesh-backend';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { scaffolderModuleCiliumClusterMesh } from '../module';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

export async function readTemplate(name: string) {
  const template = parse(
    await readFile(
      path.join(REPO_ROOT, 'templates', name, 'template.yaml'),
      'utf8',
    ),
  );
  template.metadata.namespace = 'default';
  return template;
}

/** The lab a scaffolder test provisions into: quick propagation, quick load balancers. */
export function startLab(): Promise<Lab> {
  return Lab.start({
    mesh: { propagationDelayMs: 30 },
    loadBalancerDelayMs: 20,
  });
}

export interface LabScaffolder {
  server: Parameters<typeof request>[0];
  /** The backend's Azure connection, for tests that look at ARM themselves. */
  azure: AzureConnection;
  stop(): Promise<void>;
}

/**
 * The real scaffolder with this module and the cilium-clustermesh backend,
 * configured exactly as `npm start` configures the portal for the lab
 * (`portalConfigYaml`): only configuration says it is a lab.
 */
export async function startLabScaffolder(
  lab: Lab,
  options: {
    templates: unknown[];
    /** Keeps every plugin's database in this directory, across restarts (task recovery). */
    databaseDirectory?: string;
    config?: Record<string, unknown>;
  },
): Promise<LabScaffolder> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'scaffolder-lab-'));
  const armCaFile = path.join(stateDir, 'arm-ca.pem');
  await writeFile(armCaFile, lab.arm.caPem, { mode: 0o600 });
  const portal = parse(
    portalConfigYaml(lab, {
      armCaFile,
      helmBinary: path.join(REPO_ROOT, 'test/lab/bin/helm'),
    }),
  );
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleCiliumClusterMesh,
      clustermeshBackend,
      catalogServiceMock.factory({ entities: options.templates as any[] }),
      mockServices.rootConfig.factory({
        data: {
          ...portal,
          ...options.config,
          ...(options.databaseDirectory
            ? {
                backend: {
                  database: {
                    client: 'better-sqlite3',
                    connection: { directory: options.databaseDirectory },
                  },
                },
              }
            : {}),
          ciliumClusterMesh: {
            ...portal.ciliumClusterMesh,
            ...(options.config?.ciliumClusterMesh as object),
          },
        },
      }),
    ],
  });
  return {
    server: backend.server,
    azure: readAzureConnection(new ConfigReader(portal)),
    async stop() {
      await backend.stop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export interface TaskRun {
  id: string;
  status: string;
  /** Every event body, for log assertions and leak scans. */
  events: { type: string; body: Record<string, unknown> }[];
  output: Record<string, any>;
  log: string;
}

export async function startTask(
  scaffolder: LabScaffolder,
  templateRef: string,
  values: Record<string, unknown>,
): Promise<string> {
  const response = await request(scaffolder.server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', mockCredentials.user.header())
    .send({ templateRef, values });
  if (response.status !== 201) {
    throw new Error(
      `task not created: ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
  return response.body.id;
}

export async function taskState(scaffolder: LabScaffolder, id: string) {
  const task = await request(scaffolder.server)
    .get(`/api/scaffolder/v2/tasks/${id}`)
    .set('Authorization', mockCredentials.user.header());
  const events = await request(scaffolder.server)
    .get(`/api/scaffolder/v2/tasks/${id}/events`)
    .set('Authorization', mockCredentials.user.header());
  const bodies = (events.body as { type: string; body: any }[]).map(event => ({
    type: event.type,
    body: event.body,
  }));
  return {
    status: task.body.status as string,
    events: bodies,
    output: (bodies.find(e => e.type === 'completion')?.body?.output ??
      {}) as Record<string, any>,
    log: bodies
      .filter(e => e.type === 'log')
      .map(e => String(e.body.message))
      .join('\n'),
  };
}

/** Runs a template to its end (completed, failed or cancelled). */
export async function runTask(
  scaffolder: LabScaffolder,
  templateRef: string,
  values: Record<string, unknown>,
  timeoutMs = 120_000,
): Promise<TaskRun> {
  const id = await startTask(scaffolder, templateRef, values);
  return waitForTask(scaffolder, id, timeoutMs);
}

export async function waitForTask(
  scaffolder: LabScaffolder,
  id: string,
  timeoutMs = 120_000,
): Promise<TaskRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await taskState(scaffolder, id);
    if (['completed', 'failed', 'cancelled'].includes(state.status)) {
      return { id, ...state };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `task ${id} still ${state.status} after ${timeoutMs} ms:\n${state.log}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

/** Helm revisions of the cilium release, per cluster, as helm stores them. */
export function ciliumRevisions(lab: Lab): Record<string, number> {
  return Object.fromEntries(
    lab
      .clusters()
      .map(cluster => [
        cluster.name,
        cluster.objects
          .list<{ metadata: { name: string } }>(
            { apiVersion: 'v1', kind: 'Secret' },
            { namespace: 'kube-system' },
          )
          .filter(secret =>
            secret.metadata.name.startsWith('sh.helm.release.v1.cilium.'),
          ).length,
      ]),
  );
}

/** Each cluster's `cilium-ca` certificate (base64), as the chart stored it. */
export function caCertificates(lab: Lab): Record<string, string | undefined> {
  return Object.fromEntries(
    lab.clusters().map(cluster => [
      cluster.name,
      cluster.objects.get<{ data: Record<string, string> }>({
        apiVersion: 'v1',
        kind: 'Secret',
        namespace: 'kube-system',
        name: 'cilium-ca',
      })?.data['ca.crt'],
    ]),
  );
}

/** PEM blocks, bearer tokens, JWTs and kubeconfig fields: none may reach a task's log or output. */
export const SECRET_PATTERNS: RegExp[] = [
  /-----BEGIN [A-Z ]+-----/,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/,
  /client-key-data|client-certificate-data|certificate-authority-data/,
  /\btoken:\s*\S{16,}/,
  /Bearer\s+[A-Za-z0-9._-]{16,}/,
];

/** Resource groups of the lab's subscription, read through ARM as any client would. */
export async function armResourceGroups(
  scaffolder: LabScaffolder,
): Promise<string[]> {
  const arm = new ArmRestClient(scaffolder.azure, { pollIntervalMs: 20 });
  const groups = await arm.get<{ value: { name: string }[] }>(
    `/subscriptions/${scaffolder.azure.subscriptionId}/resourcegroups`,
    '2021-04-01',
  );
  return (groups?.value ?? []).map(group => group.name).sort();
}

/** Fails when anything in `value` (a task's events, a response) looks like a secret. */
export function expectNoSecrets(value: unknown): void {
  const text = JSON.stringify(value);
  for (const pattern of SECRET_PATTERNS) {
    expect(text).not.toMatch(pattern);
  }
}
