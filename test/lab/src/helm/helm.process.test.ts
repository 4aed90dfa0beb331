import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LabCluster } from '../clusters';
import { createKubeClusterFactory } from '../kube';
import { decodeRelease } from './releases';
import { runLabBinary } from '../__testUtils__/processes';

describe('the lab helm binary against a lab cluster', () => {
  let cluster: LabCluster;
  let dir: string;
  let adminKubeconfig: string;
  let readOnlyKubeconfig: string;
  let core: CoreV1Api;

  beforeAll(async () => {
    cluster = await createKubeClusterFactory().create({
      subscriptionId: 'sub',
      resourceGroup: 'rg',
      name: 'aks-1',
      location: 'westeurope',
      kubernetesVersion: '1.33',
      fqdn: 'aks-1-abcd1234.hcp.westeurope.azmk8s.io',
      agentPools: [
        { name: 'system', count: 2, vmSize: 'Standard_D4s_v5', mode: 'System' },
      ],
      networkProfile: {
        networkPlugin: 'none',
        podCidr: '10.1.0.0/16',
        serviceCidr: '10.0.0.0/16',
      },
    });
    dir = await mkdtemp(path.join(tmpdir(), 'lab-helm-'));
    adminKubeconfig = path.join(dir, 'admin.yaml');
    readOnlyKubeconfig = path.join(dir, 'reader.yaml');
    await writeFile(adminKubeconfig, cluster.adminKubeconfig(), {
      mode: 0o600,
    });
    await writeFile(readOnlyKubeconfig, cluster.readOnlyKubeconfig(), {
      mode: 0o600,
    });
    await writeFile(
      path.join(dir, 'values.yaml'),
      'cluster:\n  name: aks-1\n  id: 1\naksbyocni:\n  enabled: true\n',
    );
    await writeFile(
      path.join(dir, 'bad.yaml'),
      'cluster:\n  name: aks-1\n  id: "1"\n',
    );
    await chmod(dir, 0o700);
    const kc = new KubeConfig();
    kc.loadFromString(cluster.adminKubeconfig());
    core = kc.makeApiClient(CoreV1Api);
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const releaseSecrets = async () =>
    (
      await core.listNamespacedSecret({
        namespace: 'kube-system',
        labelSelector: 'owner=helm,name=cilium',
      })
    ).items;

  /** The install our scaffolder runs: Cilium 1.20.0 into kube-system. */
  const upgradeCilium = (...flags: string[]) =>
    runLabBinary('helm', [
      'upgrade',
      '--install',
      'cilium',
      'cilium/cilium',
      '--version',
      '1.20.0',
      '-n',
      'kube-system',
      ...flags,
    ]);
  const asAdminInKubeSystem = (...args: string[]) =>
    runLabBinary('helm', [
      ...args,
      '-n',
      'kube-system',
      '--kubeconfig',
      adminKubeconfig,
    ]);

  it('installs revision 1, upgrades to revision 2 and supersedes 1', async () => {
    const install = await upgradeCilium(
      '-f',
      path.join(dir, 'values.yaml'),
      '--kubeconfig',
      adminKubeconfig,
    );
    expect(install.stderr).toBe('');
    expect(install.code).toBe(0);
    expect(install.stdout).toContain(
      'Release "cilium" does not exist. Installing it now.',
    );
    expect(install.stdout).toContain('REVISION: 1');

    const upgrade = await upgradeCilium(
      '-f',
      path.join(dir, 'values.yaml'),
      '--set',
      'clustermesh.useAPIServer=true',
      '--kubeconfig',
      adminKubeconfig,
    );
    expect(upgrade.code).toBe(0);
    expect(upgrade.stdout).toContain('REVISION: 2');

    const secrets = await releaseSecrets();
    expect(
      secrets.map(s => [s.metadata!.name, s.metadata!.labels!.status]).sort(),
    ).toEqual([
      ['sh.helm.release.v1.cilium.v1', 'superseded'],
      ['sh.helm.release.v1.cilium.v2', 'deployed'],
    ]);
    const v2 = decodeRelease(
      secrets.find(s => s.metadata!.name!.endsWith('v2'))!.data!.release,
    );
    expect(v2.config).toEqual({
      cluster: { name: 'aks-1', id: 1 },
      aksbyocni: { enabled: true },
      clustermesh: { useAPIServer: true },
    });
    expect(v2.chart.metadata.version).toBe('1.20.0');

    const values = await asAdminInKubeSystem(
      'get',
      'values',
      'cilium',
      '-o',
      'json',
    );
    expect(JSON.parse(values.stdout)).toEqual(v2.config);
    const status = await asAdminInKubeSystem('status', 'cilium', '-o', 'json');
    expect(JSON.parse(status.stdout)).toMatchObject({
      name: 'cilium',
      version: 2,
      info: { status: 'deployed' },
    });
    expect(status.stdout).not.toContain('aks-1');
  }, 60_000);

  it('refuses a value that breaks the chart schema and stores nothing', async () => {
    const before = (await releaseSecrets()).length;
    const result = await upgradeCilium(
      '-f',
      path.join(dir, 'bad.yaml'),
      '--kubeconfig',
      adminKubeconfig,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '- cluster.id: Invalid type. Expected: integer, given: string',
    );
    expect((await releaseSecrets()).length).toBe(before);
  }, 30_000);

  it('fails with the API server message when the identity may not write secrets', async () => {
    const result = await runLabBinary('helm', [
      'upgrade',
      '--install',
      'other',
      'cilium/cilium',
      '-n',
      'kube-system',
      '--kubeconfig',
      readOnlyKubeconfig,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: .*forbidden/);
  }, 30_000);

  it('refuses a missing namespace unless asked to create it', async () => {
    const refused = await runLabBinary('helm', [
      'install',
      'x',
      'cilium/cilium',
      '-n',
      'missing',
      '--kubeconfig',
      adminKubeconfig,
    ]);
    expect(refused.stderr).toContain('namespaces "missing" not found');
    const created = await runLabBinary('helm', [
      'install',
      'x',
      'cilium/cilium',
      '-n',
      'missing',
      '--create-namespace',
      '--kubeconfig',
      adminKubeconfig,
    ]);
    expect(created.code).toBe(0);
    await expect(
      core.readNamespace({ name: 'missing' }),
    ).resolves.toMatchObject({ metadata: { name: 'missing' } });
  }, 30_000);

  it('uninstalls every revision', async () => {
    const result = await asAdminInKubeSystem('uninstall', 'cilium');
    expect(result.stdout).toContain('release "cilium" uninstalled');
    expect(await releaseSecrets()).toEqual([]);
    const again = await asAdminInKubeSystem('status', 'cilium');
    expect(again.stderr).toBe('Error: release: not found\n');
  }, 30_000);

  it('reports an unreachable cluster like helm', async () => {
    await writeFile(
      path.join(dir, 'gone.yaml'),
      cluster
        .adminKubeconfig()
        .replace(/server: .*/, 'server: https://127.0.0.1:1'),
    );
    const result = await runLabBinary('helm', [
      'status',
      'cilium',
      '-n',
      'kube-system',
      '--kubeconfig',
      path.join(dir, 'gone.yaml'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Kubernetes cluster unreachable');
  }, 30_000);
});
