import type { Lab } from '@meshportal/lab';
import {
  BackendProcesses,
  labBackendProcesses,
} from './__testUtils__/backendProcess';
import {
  ciliumRevisions,
  LabScaffolder,
  readTemplate,
  startLab,
  startTask,
  taskState,
  waitForTask,
} from './__testUtils__/labScaffolder';

jest.setTimeout(300_000);

async function until<T>(
  what: string,
  read: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

describe('a backend restart in the middle of a ClusterMesh task', () => {
  let lab: Lab;
  let backends: BackendProcesses;

  beforeAll(async () => {
    lab = await startLab();
    backends = await labBackendProcesses(lab, [
      await readTemplate('cilium-clustermesh-aks'),
    ]);
  });

  afterAll(async () => {
    await backends?.stop();
    await lab?.stop();
  });

  it('resumes after the steps that finished, with task recovery on', async () => {
    const first = await backends.start();
    const before = { server: first.url } as LabScaffolder;
    const id = await startTask(
      before,
      'template:default/cilium-clustermesh-aks',
      {
        mesh: 'restart',
        location: 'westeurope',
        clusterCount: 2,
      },
    );
    // Azure is slow to give cluster 2's clustermesh-apiserver an address:
    // the task waits in its connect step, after provisioning and installing.
    await until('aks-restart-2 in the lab', () =>
      lab.clusters().find(c => c.name === 'aks-restart-2'),
    );
    lab.faults.setLoadBalancerPending('aks-restart-2', true);
    await until('the connect step waiting for an address', async () => {
      const { log } = await taskState(before, id);
      return log.includes(
        'aks-restart-2: clustermesh-apiserver has no address yet',
      )
        ? true
        : undefined;
    });
    const installed = ciliumRevisions(lab);
    expect(installed).toEqual({ 'aks-restart-1': 1, 'aks-restart-2': 1 });

    first.process.kill('SIGKILL');
    await until('the first backend to exit', () =>
      first.process.exitCode !== null || first.process.signalCode !== null
        ? true
        : undefined,
    );
    lab.faults.setLoadBalancerPending('aks-restart-2', false);

    const second = await backends.start();
    const after = { server: second.url } as LabScaffolder;
    const run = await waitForTask(after, id, 180_000);
    expect({ status: run.status, log: run.log }).toEqual({
      status: 'completed',
      log: expect.stringContaining('Mesh restart is ready'),
    });
    for (const step of ['plan', 'provision', 'install']) {
      expect(run.log).toContain(
        `Skipping step ${step} because it was already completed`,
      );
    }
    expect(run.log).not.toContain('Skipping step connect');
    // Installed once, connected once: the restart repeated no Helm upgrade.
    expect(ciliumRevisions(lab)).toEqual({
      'aks-restart-1': 2,
      'aks-restart-2': 2,
    });
    expect(lab.clusters()).toHaveLength(2);
    expect(lab.mesh.links().filter(link => !link.ready)).toEqual([]);
  });
});
