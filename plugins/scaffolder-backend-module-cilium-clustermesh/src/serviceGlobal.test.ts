import { mockCredentials } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  applySeedPreset,
  Lab,
  SEED_CLUSTERS,
  SEED_MESH_NAME,
  SEED_NAMESPACE,
  SEED_SERVICE,
} from '@meshportal/lab';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createServiceGlobalAction } from './actions/serviceGlobal';
import {
  LabScaffolder,
  readTemplate,
  runTask,
  expectNoSecrets,
  startLab,
  startLabScaffolder,
  TaskRun,
} from './__testUtils__/labScaffolder';
import {
  namespaceDecision,
  serviceAnnotationChanges,
} from './services/globalServiceState';
import type { MeshRegistration } from './services/meshRegistryClient';
import type { MeshToolkit } from './services/toolkit';

// The seed mesh is built through ARM, helm and the Kubernetes API first.
jest.setTimeout(90_000);

const TEMPLATE = 'template:default/cilium-global-service';
const API = '/api/cilium-clustermesh';
const [C1, C2, C3] = SEED_CLUSTERS.map(c => c.aksName);
/** A second demo app next to the seed's, so the run starts from nothing. */
const SERVICE = 'aks-helloworld-two';
const SEED_SETTINGS = {
  mesh: `resource:default/${SEED_MESH_NAME}`,
  namespace: SEED_NAMESPACE,
  service: SERVICE,
  deployExample: true,
  exampleTitle: "Welcome to Azure Kubernetes Service (AKS) 'App Two'",
  // The seed document: cluster1 stops sharing, cluster2 prefers remote
  // backends, cluster3 keeps Cilium's defaults.
  clusters: [
    { cluster: 'cluster1', shared: false },
    { cluster: 'cluster2', affinity: 'remote' },
    { cluster: 'cluster3' },
  ],
};
/** What the seed document and the backend issue say clients observe. */
const SEED_OBSERVATION = {
  cluster1: ['cluster1', 'cluster2', 'cluster3'],
  cluster2: ['cluster3'],
  cluster3: ['cluster2', 'cluster3'],
};

async function eventually<T>(
  read: () => Promise<T> | T,
  expected: T,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (JSON.stringify(last) !== JSON.stringify(expected)) {
    if (Date.now() > deadline) break;
    await new Promise(resolve => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}

describe('the "Make a service global" template on the seed mesh, through the real scaffolder', () => {
  let lab: Lab;
  let workDir: string;
  let scaffolder: LabScaffolder;
  const runs: unknown[] = [];

  /** Where a client in each cluster is served from, by Cilium cluster name. */
  const observed = (service: string) =>
    Object.fromEntries(
      SEED_CLUSTERS.map(plan => [
        plan.ciliumName,
        [
          ...new Set(
            lab.mesh
              .backendsFor(plan.aksName, SEED_NAMESPACE, service)
              .map(backend => backend.cluster),
          ),
        ].sort(),
      ]),
    );

  /** Every object a run could touch, with its resourceVersion. */
  const fingerprint = () =>
    Object.fromEntries(
      [C1, C2, C3].map(aksName => {
        const objects = lab.cluster(aksName).objects;
        const summarize = (kind: string, apiVersion: string) =>
          objects
            .list<{ metadata: Record<string, any> }>(
              { apiVersion, kind },
              { namespace: SEED_NAMESPACE },
            )
            .map(o => [
              kind,
              o.metadata.name,
              o.metadata.resourceVersion,
              o.metadata.annotations ?? {},
            ]);
        const namespace = objects.get<{ metadata: Record<string, any> }>({
          apiVersion: 'v1',
          kind: 'Namespace',
          name: SEED_NAMESPACE,
        });
        return [
          aksName,
          [
            ['Namespace', namespace?.metadata.resourceVersion],
            ...summarize('Service', 'v1'),
            ...summarize('Deployment', 'apps/v1'),
          ],
        ];
      }),
    );

  /** Requests that could change something, on every seed cluster, while `work` runs. */
  const writesDuring = async <T>(work: () => Promise<T>) => {
    const records = [C1, C2, C3].map(name => lab.cluster(name).recordTraffic());
    try {
      const result = await work();
      return {
        result,
        writes: records.flatMap(r =>
          r.requests.filter(line => !/^GET /.test(line)),
        ),
      };
    } finally {
      for (const record of records) record.stop();
    }
  };

  const run = async (values: Record<string, unknown>): Promise<TaskRun> => {
    const result = await runTask(scaffolder, TEMPLATE, values, 60_000);
    runs.push(result);
    return result;
  };

  const dryRun = async (values: Record<string, unknown>) => {
    const response = await request(scaffolder.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template: await readTemplate('cilium-global-service'),
        values,
        directoryContents: [],
      });
    runs.push(response.body);
    expect(response.status).toBe(200);
    return {
      log: (response.body.log as { body: { message: string } }[])
        .map(entry => entry.body.message)
        .join('\n'),
      output: response.body.output,
    };
  };

  /** The backend's routing preview for the Service, after a fresh read of every cluster. */
  const backendRouting = async (service: string) => {
    const refreshed = await request(scaffolder.server)
      .post(`${API}/meshes/${SEED_MESH_NAME}/refresh`)
      .set('Authorization', mockCredentials.user.header());
    expect(refreshed.status).toBe(200);
    const listed = await request(scaffolder.server)
      .get(`${API}/meshes/${SEED_MESH_NAME}/global-services`)
      .query({ namespace: SEED_NAMESPACE })
      .set('Authorization', mockCredentials.user.header());
    expect(listed.status).toBe(200);
    runs.push(listed.body);
    const entry = (listed.body.items as any[]).find(s => s.name === service);
    return {
      servedBy: Object.fromEntries(
        (entry?.routing ?? []).map((r: any) => [
          r.from,
          r.servedBy.map((s: any) => s.cluster).sort(),
        ]),
      ),
      settings: Object.fromEntries(
        (entry?.clusters ?? []).map((c: any) => [
          c.cluster,
          { global: c.global, shared: c.shared, affinity: c.affinity },
        ]),
      ),
    };
  };

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'service-global-'));
    lab = await startLab();
    await applySeedPreset(lab, { workDir });
    scaffolder = await startLabScaffolder(lab, {
      templates: [await readTemplate('cilium-global-service')],
      config: {
        ciliumClusterMesh: {
          status: {
            probeCertificates: 'configuredEndpoints',
            // The test refreshes after each change.
            manualRefreshIntervalSeconds: 0.05,
          },
        },
      },
    });
    // As the ClusterMesh template's last step would have: where each
    // cluster is, no credential.
    const registered = await request(scaffolder.server)
      .put(`${API}/meshes/${SEED_MESH_NAME}/registration`)
      .set('Authorization', mockCredentials.service.header())
      .send({
        title: 'Seed mesh',
        clusters: SEED_CLUSTERS.map(plan => {
          const cluster = lab.cluster(plan.aksName);
          return {
            name: plan.ciliumName,
            url: cluster.apiServerUrl,
            caData: Buffer.from(cluster.caPem).toString('base64'),
            authProvider: 'azure',
            azure: {
              subscriptionId: lab.arm.subscriptionId,
              resourceGroup: plan.resourceGroup,
              managedCluster: plan.aksName,
            },
          };
        }),
      });
    if (registered.status !== 200) {
      throw new Error(
        `registration refused: ${registered.status} ${registered.text}`,
      );
    }
  });

  afterAll(async () => {
    await scaffolder?.stop();
    await lab?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('starts from the seed: aks-helloworld-one as the seed describes, no aks-helloworld-two anywhere', () => {
    expect(observed(SEED_SERVICE)).toEqual(SEED_OBSERVATION);
    expect(observed(SERVICE)).toEqual({
      cluster1: [],
      cluster2: [],
      cluster3: [],
    });
  });

  it.each([
    [
      'an unknown cluster',
      {
        clusters: [{ cluster: 'cluster1' }, { cluster: 'cluster9' }],
      },
      'clusters[1].cluster: mesh lab-mesh has no cluster named "cluster9" (registered: cluster1, cluster2, cluster3). Fix: use the Cilium cluster name as registered',
    ],
    [
      'a mesh that is not registered',
      { mesh: 'resource:default/elsewhere' },
      'mesh: no mesh named "elsewhere" is registered with the cilium-clustermesh backend',
    ],
    [
      'a cluster listed twice',
      {
        clusters: [
          { cluster: 'cluster2', affinity: 'remote' },
          { cluster: 'cluster2', affinity: 'local' },
        ],
      },
      'clusters[1].cluster: cluster cluster2 is already listed as clusters[0]. Fix: list each cluster once with its settings',
    ],
  ])('refuses %s before any change', async (_case, values, message) => {
    const before = fingerprint();
    const { result, writes } = await writesDuring(() =>
      run({ ...SEED_SETTINGS, ...values }),
    );
    expect(result.status).toBe('failed');
    expect(result.log).toContain(
      `Cannot make ${SEED_NAMESPACE}/${SERVICE} global:`,
    );
    expect(result.log).toContain(message);
    expect(result.log).toContain('Fix:');
    expect(result.log).not.toContain('deployed the aks-helloworld example');
    expect(writes).toEqual([]);
    expect(fingerprint()).toEqual(before);
  });

  it('dry-runs to what would change in each cluster and changes nothing', async () => {
    const before = fingerprint();
    const { result, writes } = await writesDuring(() => dryRun(SEED_SETTINGS));
    expect(writes).toEqual([]);
    expect(fingerprint()).toEqual(before);
    for (const line of [
      'cluster1 (shared false): would deploy the aks-helloworld example (create Deployment, Service); would annotate Service meshtest/aks-helloworld-two: service.cilium.io/global="true"; service.cilium.io/shared="false"',
      'cluster2 (affinity remote): would deploy the aks-helloworld example (create Deployment, Service); would annotate Service meshtest/aks-helloworld-two: service.cilium.io/global="true"; service.cilium.io/affinity="remote"',
      `cluster3 (Cilium's defaults): would deploy the aks-helloworld example (create Deployment, Service); would annotate Service meshtest/aks-helloworld-two: service.cilium.io/global="true"`,
      'Dry run: meshtest/aks-helloworld-two in mesh lab-mesh would change in cluster1, cluster2, cluster3; nothing was changed',
    ]) {
      expect(result.log).toContain(line);
    }
    expect(result.log).not.toContain('would annotate Namespace');
    expect(observed(SERVICE)).toEqual({
      cluster1: [],
      cluster2: [],
      cluster3: [],
    });
  });

  it("reproduces the seed's shared/affinity observation, shows the same routing in the backend, and changes nothing when run again", async () => {
    const { result: first, writes: firstWrites } = await writesDuring(() =>
      run(SEED_SETTINGS),
    );
    // The recorder sees this run's writes, so its silence later means something.
    expect(firstWrites.sort()).toEqual(
      [
        ...Array(3).fill(
          `PATCH /api/v1/namespaces/meshtest/services/${SERVICE}`,
        ),
        ...Array(3).fill('POST /apis/apps/v1/namespaces/meshtest/deployments'),
        ...Array(3).fill('POST /api/v1/namespaces/meshtest/services'),
      ].sort(),
    );
    expect({ status: first.status, log: first.log }).toEqual({
      status: 'completed',
      log: expect.stringContaining(
        'cluster1 (shared false): annotated Service meshtest/aks-helloworld-two',
      ),
    });
    expect(first.log).toContain(
      'cluster2: deployed the aks-helloworld example (created Deployment, Service)',
    );
    expect(first.output.links).toEqual([
      expect.objectContaining({
        entityRef: `resource:default/${SEED_MESH_NAME}`,
      }),
    ]);
    expect(first.output.text).toEqual([
      expect.objectContaining({
        content: expect.stringContaining(
          "meshtest/aks-helloworld-two is global in mesh lab-mesh: cluster1 (shared false), cluster2 (affinity remote), cluster3 (Cilium's defaults). Changed in cluster1, cluster2, cluster3",
        ),
      }),
    ]);
    expect(first.output.clusters).toEqual([
      {
        cluster: 'cluster1',
        servicePatched: true,
        namespacePatched: false,
        annotations: {
          'service.cilium.io/global': 'true',
          'service.cilium.io/shared': 'false',
        },
        exampleCreated: ['Deployment', 'Service'],
      },
      {
        cluster: 'cluster2',
        servicePatched: true,
        namespacePatched: false,
        annotations: {
          'service.cilium.io/global': 'true',
          'service.cilium.io/affinity': 'remote',
        },
        exampleCreated: ['Deployment', 'Service'],
      },
      {
        cluster: 'cluster3',
        servicePatched: true,
        namespacePatched: false,
        annotations: { 'service.cilium.io/global': 'true' },
        exampleCreated: ['Deployment', 'Service'],
      },
    ]);

    // Clients in cluster2 reach cluster3 only; in cluster3, cluster2 and
    // cluster3; in cluster1, all three (its own are not shared, not unused).
    await lab.mesh.settled();
    expect(await eventually(() => observed(SERVICE), SEED_OBSERVATION)).toEqual(
      SEED_OBSERVATION,
    );
    // The seed's own Service is not the test's business and stays as it was.
    expect(observed(SEED_SERVICE)).toEqual(SEED_OBSERVATION);
    // Each example answers with the cluster it runs in.
    const title = lab
      .cluster(C2)
      .objects.get<{ spec: any }>({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: SEED_NAMESPACE,
        name: SERVICE,
      })
      ?.spec.template.spec.containers[0].env.find(
        (e: { name: string }) => e.name === 'TITLE',
      )?.value;
    expect(title).toBe(
      "Welcome to Azure Kubernetes Service (AKS) 'App Two' on cluster2",
    );

    const preview = await eventually(
      async () => (await backendRouting(SERVICE)).servedBy,
      SEED_OBSERVATION,
    );
    expect(preview).toEqual(SEED_OBSERVATION);
    expect((await backendRouting(SERVICE)).settings).toEqual({
      cluster1: { global: true, shared: false, affinity: 'none' },
      cluster2: { global: true, shared: true, affinity: 'remote' },
      cluster3: { global: true, shared: true, affinity: 'none' },
    });

    const before = fingerprint();
    const { result: second, writes } = await writesDuring(() =>
      run(SEED_SETTINGS),
    );
    expect(second.status).toBe('completed');
    expect(writes).toEqual([]);
    expect(fingerprint()).toEqual(before);
    for (const cluster of ['cluster1', 'cluster2', 'cluster3']) {
      expect(second.log).toContain(
        `${cluster}: the aks-helloworld example is already there`,
      );
      expect(second.log).toMatch(
        new RegExp(
          `${cluster}: meshtest/aks-helloworld-two is already global as asked \\(.*\\); nothing patched`,
        ),
      );
    }
    expect(second.log).toContain(
      'Nothing changed: every cluster was already as asked',
    );
    expect(
      (second.output.clusters as any[]).map(c => [
        c.cluster,
        c.servicePatched,
        c.namespacePatched,
        c.exampleCreated,
      ]),
    ).toEqual([
      ['cluster1', false, false, []],
      ['cluster2', false, false, []],
      ['cluster3', false, false, []],
    ]);

    // A dry run of a change reports it and leaves the mesh as it is.
    const { result: preview2, writes: dryWrites } = await writesDuring(() =>
      dryRun({
        ...SEED_SETTINGS,
        deployExample: false,
        clusters: [
          { cluster: 'cluster1', shared: false },
          { cluster: 'cluster2', affinity: 'local' },
          { cluster: 'cluster3' },
        ],
      }),
    );
    expect(dryWrites).toEqual([]);
    expect(preview2.log).toContain(
      'cluster2 (affinity local): would annotate Service meshtest/aks-helloworld-two: service.cilium.io/affinity: "remote" → "local"',
    );
    expect(preview2.log).toContain(
      "cluster3: meshtest/aks-helloworld-two is already global as asked (Cilium's defaults); nothing would change",
    );
    expect(fingerprint()).toEqual(before);
    await lab.mesh.settled();
    expect(observed(SERVICE)).toEqual(SEED_OBSERVATION);
  });

  it('puts no PEM block, token or kubeconfig material in any task log or output', () => {
    expect(runs.length).toBeGreaterThanOrEqual(6);
    for (const each of runs) expectNoSecrets(each as TaskRun);
  });
});

describe('cilium:service:make-global input checks', () => {
  const registration: MeshRegistration = {
    name: 'ciliumlab',
    clusters: ['cluster1', 'cluster2'].map((name, index) => ({
      name,
      url: `https://127.0.0.${index + 1}`,
      caData: 'Y2E=',
      authProvider: 'azure' as const,
      ...(index === 0
        ? {
            azure: {
              subscriptionId: '00000000-0000-0000-0000-000000000000',
              resourceGroup: 'rg-1',
              managedCluster: 'aks-1',
            },
          }
        : {}),
    })),
  };
  /** Any cluster access fails the test: these inputs must be refused first. */
  const toolkit = {
    settings: { concurrency: 2 },
    azure: () => {
      throw new Error('no cluster may be reached for a refused input');
    },
    registry: {
      get: async (mesh: string) =>
        mesh === 'ciliumlab' ? registration : undefined,
    },
  } as unknown as MeshToolkit;
  const action = createServiceGlobalAction(toolkit);
  const base = { mesh: 'ciliumlab', namespace: 'meshtest', service: 'web' };

  it.each([
    [
      'no cluster',
      { clusters: [] },
      'clusters: at least one cluster is needed',
    ],
    [
      'a cluster listed twice',
      {
        clusters: [
          { cluster: 'cluster1' },
          { cluster: 'cluster1', shared: false },
        ],
      },
      'clusters[1].cluster: cluster cluster1 is already listed as clusters[0]',
    ],
    [
      'a cluster registered without Azure coordinates',
      { clusters: [{ cluster: 'cluster2' }] },
      'clusters[0].cluster: cluster cluster2 of mesh ciliumlab is registered without its Azure resource group and AKS name',
    ],
    [
      'a namespace that is no DNS label',
      { namespace: 'Mesh.Test', clusters: [{ cluster: 'cluster1' }] },
      'namespace: "Mesh.Test" is not a valid namespace',
    ],
    [
      'a Service name that is no DNS label',
      { service: 'Hello_World', clusters: [{ cluster: 'cluster1' }] },
      'service: "Hello_World" is not a valid Service name',
    ],
    [
      'a multi-line example title',
      {
        clusters: [{ cluster: 'cluster1' }],
        deployExample: { title: 'one\ntwo' },
      },
      'deployExample.title: the example',
    ],
  ])(
    'refuses %s, naming field, rule and fix',
    async (_case, input, message) => {
      const ctx = createMockActionContext({
        input: { ...base, ...input } as any,
      });
      const failure = action.handler(ctx);
      await expect(failure).rejects.toThrow(message);
      await expect(failure).rejects.toThrow(/Fix: /);
      await expect(failure).rejects.toMatchObject({ name: 'InputError' });
      expect(ctx.output).not.toHaveBeenCalled();
    },
  );
});

describe('what cilium:service:make-global would change', () => {
  it.each([
    [
      'a plain Service, seed cluster1',
      {},
      { shared: false },
      ['service.cilium.io/global="true"', 'service.cilium.io/shared="false"'],
    ],
    [
      'the same Service again',
      {
        'service.cilium.io/global': 'true',
        'service.cilium.io/shared': 'false',
      },
      { shared: false },
      [],
    ],
    [
      'affinity none, which is left out rather than written',
      {
        'service.cilium.io/global': 'true',
        'service.cilium.io/affinity': 'remote',
      },
      { affinity: 'none' as const },
      ['remove service.cilium.io/affinity ("remote")'],
    ],
    [
      'legacy aliases, which could override',
      {
        'io.cilium/global-service': 'true',
        'service.cilium.io/global': 'TRUE',
      },
      {},
      [
        'service.cilium.io/global: "TRUE" → "true"',
        'remove io.cilium/global-service ("true")',
      ],
    ],
  ])('%s', (_case, current, settings, expected) => {
    expect(serviceAnnotationChanges(current, settings)).toEqual(expected);
  });

  const names = { namespace: 'shop', cluster: 'cluster1' };
  it.each([
    // mode, namespace annotation, cilium-config default (undefined: before 1.20), annotate, warns
    [undefined, undefined, undefined, false, false],
    [undefined, undefined, true, false, false],
    [undefined, undefined, false, true, false],
    [undefined, 'true', false, false, false],
    [undefined, 'false', true, false, true],
    [true, undefined, true, true, false],
    [true, 'false', false, true, false],
    [true, 'true', false, false, false],
    [false, undefined, false, false, true],
    [false, undefined, true, false, false],
  ])(
    'namespaceGlobal %s, Namespace annotated %s, default global %s: annotate %s, warn %s',
    (mode, annotation, defaultGlobal, annotate, warns) => {
      const decision = namespaceDecision(
        mode,
        {
          namespaceAnnotation: annotation,
          defaultGlobalNamespace: defaultGlobal,
        },
        names,
      );
      expect(decision.annotate).toBe(annotate);
      expect(decision.warning !== undefined).toBe(warns);
      // Every annotation is explained in the log, and only those.
      expect(decision.reason !== undefined).toBe(annotate);
    },
  );
});
