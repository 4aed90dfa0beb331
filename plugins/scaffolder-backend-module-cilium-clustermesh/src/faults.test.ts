import type { Lab } from '@meshportal/lab';
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
} from './__testUtils__/labScaffolder';

jest.setTimeout(240_000);

const TEMPLATE = 'template:default/cilium-clustermesh-aks';
const VALUES = { mesh: 'faulty', location: 'westeurope', clusterCount: 2 };

describe('a ClusterMesh run that meets Azure and Helm failures', () => {
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

  it('fails with the ARM code and message, then with Helm’s error, and converges when run again without duplicates', async () => {
    lab.faults.failArmOperations(
      1,
      {
        code: 'QuotaExceeded',
        message:
          'Operation could not be completed as it results in exceeding approved standardDSv5Family Cores quota.',
      },
      'aks-faulty-2',
    );
    const armFailure = await runTask(scaffolder, TEMPLATE, VALUES);
    expect(armFailure.status).toBe('failed');
    expect(armFailure.log).toContain(
      'ARM QuotaExceeded: Operation could not be completed as it results in exceeding approved standardDSv5Family Cores quota.',
    );
    // The other cluster finished; nothing after provisioning ran.
    expect(armFailure.log).toContain('aks-faulty-1: created');
    expect(armFailure.log).not.toContain('Beginning step Install Cilium');

    lab.faults.failHelm('aks-faulty-1');
    const helmFailure = await runTask(scaffolder, TEMPLATE, VALUES);
    expect(helmFailure.status).toBe('failed');
    expect(helmFailure.log).toContain('aks-faulty-1: exists as planned');
    expect(helmFailure.log).toContain('aks-faulty-2: created');
    expect(helmFailure.log).toMatch(/helm upgrade.*failed|etcdserver/);
    expect(helmFailure.log).not.toContain(
      'Beginning step Connect every cluster',
    );
    const caAfterFailure = Object.values(caCertificates(lab)).filter(Boolean);
    expect(caAfterFailure).toHaveLength(1);

    const recovered = await runTask(scaffolder, TEMPLATE, VALUES);
    expect({ status: recovered.status, log: recovered.log }).toEqual({
      status: 'completed',
      log: expect.stringContaining('Mesh faulty is ready'),
    });
    expect(
      lab
        .clusters()
        .map(c => c.name)
        .sort(),
    ).toEqual(['aks-faulty-1', 'aks-faulty-2']);
    expect(await armResourceGroups(scaffolder)).toEqual([
      'rg-faulty-1',
      'rg-faulty-2',
      'rg-faulty-hub',
    ]);
    // One CA: the one cluster 2 got while Helm failed on cluster 1.
    expect(caCertificates(lab)).toEqual({
      'aks-faulty-1': caAfterFailure[0],
      'aks-faulty-2': caAfterFailure[0],
    });
    expect(Object.values(ciliumRevisions(lab))).toEqual([2, 2]);
    expect(lab.mesh.links().filter(link => !link.ready)).toEqual([]);

    for (const run of [armFailure, helmFailure, recovered]) {
      expectNoSecrets(run.events);
    }
  });
});
