import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { AKS_SERVER_APP_SCOPE, Lab } from '@meshportal/lab';
import { parse } from 'yaml';
import {
  clusterPlan,
  expectNoSecrets,
  labArm,
  labConnection,
  secretsOf,
} from './__testUtils__/labAzure';
import { ArmRestClient } from './armRestClient';
import { AzureConnection } from './azureConnection';
import { AzureOperationError } from './azureOperationError';
import {
  ClusterAccess,
  getClusterAccess,
  kubeConfigFor,
  kubeConfigYaml,
} from './clusterAccess';
import {
  AKS_PREVIEW_API_VERSION,
  EnsureByocniClusterOptions,
  ensureByocniCluster,
} from './managedClusters';
import { ensureResourceGroup } from './network';

// Backends and lab clusters start slowly on a loaded 2-core machine (CI runs suites in parallel).
jest.setTimeout(60_000);

const OPTIONS: EnsureByocniClusterOptions = {
  outboundType: 'loadBalancer',
  previewApiVersion: AKS_PREVIEW_API_VERSION,
  pollIntervalMs: 20,
};

async function namespaces(kubeConfig: KubeConfig): Promise<string[]> {
  const list = await kubeConfig.makeApiClient(CoreV1Api).listNamespace();
  return list.items.map(item => item.metadata?.name ?? '');
}

describe('getClusterAccess against the lab', () => {
  let lab: Lab;
  let connection: AzureConnection;
  let arm: ArmRestClient;
  let secrets: string[];

  beforeAll(async () => {
    lab = await Lab.start();
    connection = labConnection(lab);
    arm = labArm(connection);
    secrets = await secretsOf(lab, connection);
    await ensureResourceGroup(
      arm,
      lab.arm.subscriptionId,
      'rg-mesh',
      'westeurope',
    );
  }, 30_000);

  afterAll(async () => {
    await lab?.stop();
  });

  it('uses the cluster-admin client certificate of a cluster with local accounts', async () => {
    const ensured = await ensureByocniCluster(
      arm,
      lab.arm.subscriptionId,
      clusterPlan('aks-local'),
      OPTIONS,
    );
    const access = await getClusterAccess(connection, 'rg-mesh', 'aks-local');
    expect(access).toMatchObject({
      cluster: 'aks-local',
      server: expect.stringMatching(/^https:\/\/127\./),
      fqdn: ensured.fqdn,
      credentials: {
        clientCertData: expect.any(String),
        clientKeyData: expect.any(String),
      },
    });
    expect(Buffer.from(access.caData, 'base64').toString()).toContain(
      '-----BEGIN CERTIFICATE-----',
    );

    expect(await namespaces(kubeConfigFor(access))).toContain('kube-system');
    const fromYaml = new KubeConfig();
    fromYaml.loadFromString(kubeConfigYaml(access));
    expect(await namespaces(fromYaml)).toContain('kube-system');
  });

  it('uses an Entra ID token for the AKS server app on a cluster without local accounts', async () => {
    const ensured = await ensureByocniCluster(
      arm,
      lab.arm.subscriptionId,
      clusterPlan('aks-entra'),
      { ...OPTIONS, entraId: {} },
    );
    // What the lab's AKS does for such clusters: no static credentials.
    await expect(
      arm.post(`${ensured.id}/listClusterAdminCredential`, '2026-06-01'),
    ).rejects.toMatchObject({ code: 'BadRequest', status: 400 });

    const access = await getClusterAccess(connection, 'rg-mesh', 'aks-entra');
    expect(access.fqdn).toBe(ensured.fqdn);
    expect('token' in access.credentials).toBe(true);
    const token = (access.credentials as { token: string }).token;
    expect(lab.arm.verifyToken(token, AKS_SERVER_APP_SCOPE)).toBeTruthy();

    expect(await namespaces(kubeConfigFor(access))).toContain('kube-system');
    const yaml = parse(kubeConfigYaml(access));
    expect(yaml.users[0].user).toEqual({ token });
    expect(yaml.users[0].user).not.toHaveProperty('exec');
  });

  it('fails with ARM code and message, and no secrets, for a missing cluster', async () => {
    const error = await getClusterAccess(
      connection,
      'rg-mesh',
      'aks-absent',
    ).catch(e => e);
    expect(error).toBeInstanceOf(AzureOperationError);
    expect(error).toMatchObject({ code: 'ResourceNotFound', status: 404 });
    expect(error.message).toMatch(
      /^ARM ResourceNotFound: The Resource 'Microsoft.ContainerService\/managedClusters\/aks-absent' under resource group 'rg-mesh' was not found/,
    );
    expectNoSecrets(
      `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`,
      secrets,
    );
  });

  it('builds kubeconfigs with TLS verification on and the given credentials', () => {
    const access: ClusterAccess = {
      cluster: 'aks-x',
      server: 'https://127.0.0.1:6443',
      caData: Buffer.from('ca').toString('base64'),
      fqdn: 'aks-x.hcp.westeurope.azmk8s.io',
      credentials: { clientCertData: 'Y2VydA==', clientKeyData: 'a2V5' },
    };
    const kubeConfig = kubeConfigFor(access);
    expect(kubeConfig.getCurrentCluster()).toMatchObject({
      name: 'aks-x',
      server: access.server,
      caData: access.caData,
      skipTLSVerify: false,
    });
    expect(kubeConfig.getCurrentUser()).toMatchObject({
      certData: 'Y2VydA==',
      keyData: 'a2V5',
    });
    expect(parse(kubeConfigYaml(access))).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'aks-x',
          cluster: {
            server: access.server,
            'certificate-authority-data': access.caData,
          },
        },
      ],
      users: [
        {
          name: 'aks-x',
          user: {
            'client-certificate-data': 'Y2VydA==',
            'client-key-data': 'a2V5',
          },
        },
      ],
      contexts: [
        { name: 'aks-x', context: { cluster: 'aks-x', user: 'aks-x' } },
      ],
      'current-context': 'aks-x',
    });
  });
});
