import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeApiServer } from '../../kube/apiServer';
import { startTestCluster } from '../../kube/testCluster';
import { KubeObject } from '../../kube/types';
import { runLabBinary } from '../../__testUtils__/processes';

describe('helm refuses values the Cilium templates fail on, like helm does at render time', () => {
  let server: KubeApiServer;
  let dir: string;
  let kubeconfig: string;

  const releaseSecrets = () =>
    server.objects
      .list<KubeObject>(
        { apiVersion: 'v1', kind: 'Secret' },
        { namespace: 'kube-system', labelSelector: 'owner=helm,name=cilium' },
      )
      .map(secret => secret.metadata.name)
      .sort();

  const cilium = (command: string[], ...flags: string[]) =>
    runLabBinary('helm', [
      ...command,
      'cilium',
      'cilium/cilium',
      '--version',
      '1.20.0',
      '-n',
      'kube-system',
      '--kubeconfig',
      kubeconfig,
      ...flags,
    ]);

  beforeAll(async () => {
    ({ server } = await startTestCluster());
    dir = await mkdtemp(path.join(tmpdir(), 'lab-helm-templates-'));
    kubeconfig = path.join(dir, 'admin.yaml');
    await writeFile(kubeconfig, server.adminKubeconfig(), { mode: 0o600 });
    await chmod(dir, 0o700);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('fails an install on an invalid cluster name and stores no release', async () => {
    const result = await cilium(
      ['install'],
      '--set',
      'cluster.name=Cluster_1',
      '--set',
      'cluster.id=1',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "Error: INSTALLATION FAILED: execution error at (cilium/templates/validate.yaml:159:5): The cluster name is invalid: must consist of lower case alphanumeric characters and '-', and must start and end with an alphanumeric character\n",
    );
    expect(releaseSecrets()).toEqual([]);
  }, 30_000);

  it('fails an upgrade to kubeProxyReplacement=strict and keeps the deployed revision alone', async () => {
    const installed = await cilium(
      ['install'],
      '--set',
      'cluster.name=cluster1',
      '--set',
      'cluster.id=1',
    );
    expect(installed.code).toBe(0);
    const result = await cilium(
      ['upgrade'],
      '--reuse-values',
      '--set',
      'kubeProxyReplacement=strict',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error: UPGRADE FAILED: execution error at (cilium/templates/cilium-configmap.yaml:79:5): kubeProxyReplacement must be explicitly set to a valid value (true or false) to continue.\n',
    );
    expect(releaseSecrets()).toEqual(['sh.helm.release.v1.cilium.v1']);
  }, 30_000);
});
