import { mockCredentials } from '@backstage/backend-test-utils';
import { helm, Lab } from '@meshportal/lab';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  armResourceGroups,
  caCertificates,
  ciliumRevisions,
  LabScaffolder,
  readTemplate,
  runTask,
  expectNoSecrets,
  startLab,
  startLabScaffolder,
  TaskRun,
} from './__testUtils__/labScaffolder';

jest.setTimeout(240_000);

const CREATE = 'template:default/cilium-clustermesh-aks';
const JOIN = 'template:default/cilium-clustermesh-join';
const LEAVE = 'template:default/cilium-clustermesh-leave';
const EXISTING = ['aks-acme-1', 'aks-acme-2', 'aks-acme-3'];

/** The peers the cilium release's stored values name, read with helm as an operator would. */
async function helmPeers(lab: Lab, cluster: string): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'join-leave-'));
  try {
    const kubeconfig = path.join(dir, 'kubeconfig');
    await writeFile(kubeconfig, lab.cluster(cluster).adminKubeconfig(), {
      mode: 0o600,
    });
    const values = JSON.parse(
      await helm([
        'get',
        'values',
        'cilium',
        '-n',
        'kube-system',
        '--kubeconfig',
        kubeconfig,
        '-o',
        'json',
      ]),
    );
    const peers = values?.clustermesh?.config?.clusters ?? {};
    return (
      Array.isArray(peers)
        ? peers.map((peer: { name: string }) => peer.name)
        : Object.keys(peers)
    ).sort();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function linkPairs(lab: Lab): { pairs: string[]; notReady: unknown[] } {
  const links = lab.mesh.links();
  return {
    pairs: [...new Set(links.map(link => `${link.from}→${link.to}`))].sort(),
    notReady: links.filter(link => !link.ready),
  };
}

describe('joining a cluster to a mesh and taking it out again, through the real scaffolder on the lab', () => {
  let lab: Lab;
  let scaffolder: LabScaffolder;
  const runs: TaskRun[] = [];
  const run = async (
    template: string,
    values: Record<string, unknown>,
  ): Promise<TaskRun> => {
    const result = await runTask(scaffolder, template, values);
    runs.push(result);
    return result;
  };
  const registration = async (mesh: string) =>
    request(scaffolder.server)
      .get(`/api/cilium-clustermesh/meshes/${mesh}/registration`)
      .set('Authorization', mockCredentials.service.header());

  beforeAll(async () => {
    lab = await startLab();
    scaffolder = await startLabScaffolder(lab, {
      templates: await Promise.all(
        [
          'cilium-clustermesh-aks',
          'cilium-clustermesh-join',
          'cilium-clustermesh-leave',
        ].map(readTemplate),
      ),
    });
    const created = await run(CREATE, {
      mesh: 'acme',
      title: 'Acme mesh',
      location: 'westeurope',
      clusterCount: 3,
    });
    if (
      created.status !== 'completed' ||
      !created.log.includes('Mesh acme is ready')
    ) {
      throw new Error(`the mesh to join was not created:\n${created.log}`);
    }
  });

  afterAll(async () => {
    await scaffolder?.stop();
    await lab?.stop();
  });

  it('dry-runs a join to the plan of the whole mesh without touching Azure or any cluster', async () => {
    const groups = await armResourceGroups(scaffolder);
    const revisions = ciliumRevisions(lab);
    const response = await request(scaffolder.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template: await readTemplate('cilium-clustermesh-join'),
        values: { mesh: 'acme', clusterCount: 1 },
        directoryContents: [],
      });
    expect(response.status).toBe(200);
    const log = (response.body.log as { body: { message: string } }[])
      .map(entry => entry.body.message)
      .join('\n');
    for (const line of [
      'Mesh acme runs Cilium 1.20.0 on 3 clusters',
      'aks-acme-3 (rg-acme-3): Cilium acme-3 id 3, pods 10.3.0.0/16, services 10.0.0.0/16, spoke 172.21.12.0/24',
      'aks-acme-4 (rg-acme-4): Cilium acme-4 id 4, pods 10.4.0.0/16, services 10.0.0.0/16, spoke 172.21.13.0/24',
      'hub vhub-acme (rg-acme-hub): 172.21.0.0/24',
      'Would connect acme-4 to acme-1, acme-2, acme-3',
    ]) {
      expect(log).toContain(line);
    }
    expectNoSecrets(log);
    expect(lab.clusters().map(c => c.name)).toHaveLength(3);
    expect(await armResourceGroups(scaffolder)).toEqual(groups);
    expect(ciliumRevisions(lab)).toEqual(revisions);
  });

  it('refuses a join whose cluster id or pod CIDR collides with the mesh, before any change', async () => {
    const groups = await armResourceGroups(scaffolder);
    const revisions = ciliumRevisions(lab);
    const refused = await run(JOIN, {
      mesh: 'acme',
      clusterCount: 2,
      clusters: [{ clusterId: 2 }, { podCidr: '10.1.128.0/17' }],
    });
    expect(refused.status).toBe('failed');
    expect(refused.log).toContain('The mesh plan would not work');
    expect(refused.log).toMatch(
      /clusters\[3\] \(aks-acme-4\)\.clusterId: cluster ids are unique in a mesh.*Fix:/,
    );
    expect(refused.log).toMatch(
      /clusters\[4\] \(aks-acme-5\)\.podCidr: .*overlaps.*10\.1\.0\.0\/16.*Fix:/,
    );
    expect(refused.log).not.toContain(
      'Beginning step Create the new AKS clusters',
    );
    expect(lab.clusters()).toHaveLength(3);
    expect(await armResourceGroups(scaffolder)).toEqual(groups);
    expect(ciliumRevisions(lab)).toEqual(revisions);
  });

  it('joins a fourth cluster: the mesh CA is shared, only peer sets change on the others, and all 12 directed links are ready', async () => {
    const revisions = ciliumRevisions(lab);
    const ca = caCertificates(lab);
    expect(new Set(Object.values(ca)).size).toBe(1);

    const joined = await run(JOIN, { mesh: 'acme', clusterCount: 1 });
    expect({ status: joined.status, log: joined.log }).toEqual({
      status: 'completed',
      log: expect.stringContaining('Mesh acme is ready'),
    });
    expect(joined.output.links).toEqual([
      expect.objectContaining({ entityRef: 'resource:default/acme' }),
    ]);
    expect(
      lab
        .clusters()
        .map(c => c.name)
        .sort(),
    ).toEqual([...EXISTING, 'aks-acme-4']);

    const { pairs, notReady } = linkPairs(lab);
    expect(pairs).toHaveLength(12);
    expect(notReady).toEqual([]);

    const refreshed = await request(scaffolder.server)
      .post('/api/cilium-clustermesh/meshes/acme/refresh')
      .set('Authorization', mockCredentials.user.header());
    expect(refreshed.status).toBe(200);
    const status = await request(scaffolder.server)
      .get('/api/cilium-clustermesh/meshes/acme')
      .set('Authorization', mockCredentials.user.header());
    expect(status.status).toBe(200);
    expect(status.body.connectionCounts).toEqual(
      expect.objectContaining({ total: 12, connected: 12 }),
    );
    expect(status.body.health).toBe('healthy');

    // Existing clusters: the install step left them alone; connect gave
    // each one upgrade with the new peer. The new one: install + connect.
    const after = ciliumRevisions(lab);
    for (const name of EXISTING) {
      expect([name, after[name]]).toEqual([name, revisions[name] + 1]);
      expect(joined.log).toContain(`${name}: Cilium already as planned`);
    }
    expect(after['aks-acme-4']).toBe(2);
    expect(joined.log).toContain('connected to 3 peers');
    const caAfter = caCertificates(lab);
    for (const name of EXISTING) expect(caAfter[name]).toBe(ca[name]);
    expect(caAfter['aks-acme-4']).toBe(ca['aks-acme-1']);

    const registered = await registration('acme');
    expect(registered.status).toBe(200);
    expect(registered.body.title).toBe('Acme mesh');
    expect(
      registered.body.clusters.map((c: { name: string }) => c.name),
    ).toEqual(['acme-1', 'acme-2', 'acme-3', 'acme-4']);
  });

  it('refuses to leave an unknown cluster, an unregistered mesh, or a mesh that would keep fewer than two clusters, before any change', async () => {
    const current = await registration('acme');
    const pair = await request(scaffolder.server)
      .put('/api/cilium-clustermesh/meshes/pair/registration')
      .set('Authorization', mockCredentials.service.header())
      .send({ clusters: current.body.clusters.slice(0, 2) });
    expect(pair.status).toBe(200);
    const revisions = ciliumRevisions(lab);

    const cases: [Record<string, string>, string][] = [
      [
        { mesh: 'acme', cluster: 'acme-9' },
        'cluster: "acme-9" is not a cluster of mesh acme (its clusters: acme-1, acme-2, acme-3, acme-4). Fix:',
      ],
      [
        { mesh: 'ghost', cluster: 'acme-1' },
        'mesh: no mesh named "ghost" is registered',
      ],
      [
        { mesh: 'pair', cluster: 'acme-2' },
        'cluster: a mesh keeps at least 2 clusters, and without acme-2 mesh pair would have 1 (acme-1). Fix:',
      ],
    ];
    for (const [values, message] of cases) {
      const refused = await run(LEAVE, values);
      expect({ status: refused.status, log: refused.log }).toEqual({
        status: 'failed',
        log: expect.stringContaining(message),
      });
    }
    expect(ciliumRevisions(lab)).toEqual(revisions);
    expect((await registration('acme')).body.clusters).toHaveLength(4);
  });

  it('takes the fourth cluster out of every peer set and the registration, leaving its AKS cluster running', async () => {
    const revisions = ciliumRevisions(lab);
    const left = await run(LEAVE, { mesh: 'acme', cluster: 'acme-4' });
    expect({ status: left.status, log: left.log }).toEqual({
      status: 'completed',
      log: expect.stringContaining(
        'Mesh acme is ready: every agent of 3 clusters sees every peer (6 directed links); no cluster names or sees acme-4 any more',
      ),
    });
    expect(left.log).toContain(
      'The AKS cluster aks-acme-4 (rg-acme-4) is not deleted',
    );
    expect(left.output.links).toEqual([
      expect.objectContaining({ entityRef: 'resource:default/acme' }),
    ]);
    expect(left.output.text).toEqual([
      expect.objectContaining({ content: 'acme-1, acme-2, acme-3' }),
    ]);

    // One Helm upgrade per cluster: the three that stay and the leaver.
    expect(ciliumRevisions(lab)).toEqual(
      Object.fromEntries(
        Object.entries(revisions).map(([name, n]) => [name, n + 1]),
      ),
    );
    expect(await helmPeers(lab, 'aks-acme-1')).toEqual(['acme-2', 'acme-3']);
    expect(await helmPeers(lab, 'aks-acme-2')).toEqual(['acme-1', 'acme-3']);
    expect(await helmPeers(lab, 'aks-acme-3')).toEqual(['acme-1', 'acme-2']);
    expect(await helmPeers(lab, 'aks-acme-4')).toEqual([]);

    const { pairs, notReady } = linkPairs(lab);
    expect(pairs).toEqual([
      'aks-acme-1→acme-2',
      'aks-acme-1→acme-3',
      'aks-acme-2→acme-1',
      'aks-acme-2→acme-3',
      'aks-acme-3→acme-1',
      'aks-acme-3→acme-2',
    ]);
    expect(notReady).toEqual([]);
    expect(lab.clusters().map(c => c.name)).toContain('aks-acme-4');

    const registered = await registration('acme');
    expect(
      registered.body.clusters.map((c: { name: string }) => c.name),
    ).toEqual(['acme-1', 'acme-2', 'acme-3']);
    const status = await request(scaffolder.server)
      .get('/api/cilium-clustermesh/meshes/acme')
      .set('Authorization', mockCredentials.user.header());
    expect(status.body.connectionCounts).toEqual(
      expect.objectContaining({ total: 6, connected: 6 }),
    );

    // Running it again is refused: the cluster is no longer in the mesh.
    const again = await run(LEAVE, { mesh: 'acme', cluster: 'acme-4' });
    expect(again.status).toBe('failed');
    expect(again.log).toContain('"acme-4" is not a cluster of mesh acme');
  });

  it('leaves no PEM block, token or kubeconfig material in any task log or output', () => {
    expect(runs.length).toBe(8);
    for (const taskRun of runs) expectNoSecrets(taskRun.events);
  });
});
