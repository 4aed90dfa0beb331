import { mockCredentials } from '@backstage/backend-test-utils';
import type { Lab } from '@meshportal/lab';
import request from 'supertest';
import {
  caCertificates,
  ciliumRevisions,
  LabScaffolder,
  readTemplate,
  runTask,
  armResourceGroups,
  expectNoSecrets,
  startLab,
  startLabScaffolder,
} from './__testUtils__/labScaffolder';

jest.setTimeout(240_000);

const TEMPLATE = 'template:default/cilium-clustermesh-aks';
const SEED_LIKE = {
  mesh: 'acme',
  title: 'Acme mesh',
  location: 'westeurope',
  clusterCount: 3,
};

describe('the Cilium ClusterMesh on AKS template, through the real scaffolder on the lab', () => {
  let lab: Lab;
  let scaffolder: LabScaffolder;

  beforeAll(async () => {
    lab = await startLab();
    scaffolder = await startLabScaffolder(lab, {
      templates: [await readTemplate('cilium-clustermesh-aks')],
    });
  });

  afterAll(async () => {
    await scaffolder?.stop();
    await lab?.stop();
  });

  it('dry-runs to the whole plan and Helm values without touching Azure or any cluster', async () => {
    const response = await request(scaffolder.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template: await readTemplate('cilium-clustermesh-aks'),
        values: SEED_LIKE,
        directoryContents: [],
      });
    expect(response.status).toBe(200);
    const log = (response.body.log as { body: { message: string } }[])
      .map(entry => entry.body.message)
      .join('\n');
    for (const line of [
      'aks-acme-1 (rg-acme-1): Cilium acme-1 id 1, pods 10.1.0.0/16, services 10.0.0.0/16, spoke 172.21.10.0/24',
      'aks-acme-3 (rg-acme-3): Cilium acme-3 id 3, pods 10.3.0.0/16',
      'hub vhub-acme (rg-acme-hub): 172.21.0.0/24',
      'clusterPoolIPv4PodCIDRList:',
      'service.beta.kubernetes.io/azure-load-balancer-internal: "true"',
      '(mesh CA, not shown)',
      'Would connect acme-2 to acme-1, acme-3',
    ]) {
      expect(log).toContain(line);
    }
    expect(response.body.output.text).toEqual([
      expect.objectContaining({
        content: expect.stringContaining('aks-acme-2 (rg-acme-2)'),
      }),
    ]);
    expect(lab.clusters()).toEqual([]);
    expect(await armResourceGroups(scaffolder)).toEqual([]);
    expectNoSecrets(log);
  });

  it.each([
    [
      'duplicate cluster ids',
      { clusters: [{}, { clusterId: 1 }] },
      'clusterId: cluster ids are unique in a mesh',
    ],
    [
      'overlapping pod CIDRs',
      { clusters: [{ podCidr: '10.1.0.0/16' }, { podCidr: '10.1.128.0/17' }] },
      'overlaps',
    ],
    [
      'a name Cilium rejects',
      { clusters: [{ ciliumName: 'Acme_1' }] },
      'ciliumName: a Cilium cluster name uses only lowercase',
    ],
    [
      'a Cilium version without a schema',
      { chartVersion: '1.18.4' },
      'cilium.chartVersion: Cilium chart "1.18.4" has no values schema here. Fix: choose one of 1.16.19, 1.19.6, 1.20.0',
    ],
    [
      'Helm flags in the chart version',
      { chartVersion: '1.20.0 --post-renderer=/bin/sh' },
      'cilium.chartVersion',
    ],
  ])(
    'refuses %s before any Azure or Helm call',
    async (_case, values, message) => {
      const run = await runTask(scaffolder, TEMPLATE, {
        ...SEED_LIKE,
        mesh: 'refused',
        ...values,
      });
      expect(run.status).toBe('failed');
      expect(run.log).toContain('The mesh plan would not work');
      expect(run.log).toContain(message);
      expect(run.log).toContain('Fix:');
      expect(run.log).not.toContain('Beginning step Create the AKS clusters');
      expect(lab.clusters()).toEqual([]);
      expect(await armResourceGroups(scaffolder)).toEqual([]);
    },
  );

  it('creates three meshed clusters, registers the mesh, and changes nothing when run again', async () => {
    const first = await runTask(scaffolder, TEMPLATE, SEED_LIKE);
    expect({ status: first.status, log: first.log }).toEqual({
      status: 'completed',
      log: expect.stringContaining('Mesh acme is ready'),
    });
    expect(first.output.links).toEqual([
      expect.objectContaining({ entityRef: 'resource:default/acme' }),
    ]);
    expect(
      lab
        .clusters()
        .map(c => c.name)
        .sort(),
    ).toEqual(['aks-acme-1', 'aks-acme-2', 'aks-acme-3']);
    // Every agent of every cluster sees every peer, as the lab's Cilium says.
    const links = lab.mesh.links();
    expect(new Set(links.map(link => `${link.from}→${link.to}`)).size).toBe(6);
    expect(links.filter(link => !link.ready)).toEqual([]);

    const status = await request(scaffolder.server)
      .get('/api/cilium-clustermesh/meshes/acme')
      .set('Authorization', mockCredentials.user.header());
    expect(status.status).toBe(200);
    expect(status.body.health).toBe('healthy');
    expect(status.body.connectionCounts).toEqual(
      expect.objectContaining({ total: 6, connected: 6 }),
    );
    expect(status.body.problems).toEqual([]);

    const revisions = ciliumRevisions(lab);
    const ca = caCertificates(lab);
    expect(new Set(Object.values(ca)).size).toBe(1);

    const second = await runTask(scaffolder, TEMPLATE, SEED_LIKE);
    expect(second.status).toBe('completed');
    expect(lab.clusters()).toHaveLength(3);
    expect(ciliumRevisions(lab)).toEqual(revisions);
    expect(caCertificates(lab)).toEqual(ca);
    expect(second.log).toContain('aks-acme-2: exists as planned');
    expect(second.log).toContain('aks-acme-2: Cilium already as planned');
    expect(second.log).toContain('already connected to its 2 peers');

    expectNoSecrets(first.events);
    expectNoSecrets(second.events);
  });
});
