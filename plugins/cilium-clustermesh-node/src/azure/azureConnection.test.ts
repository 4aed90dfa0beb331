import { ContainerServiceClient } from '@azure/arm-containerservice';
import { ConfigReader } from '@backstage/config';
import { Lab, portalConfigYaml } from '@meshportal/lab';
import { CoreV1Api } from '@kubernetes/client-node';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { createKubeConfig } from '../kubernetes/kubeConfig';
import { readAzureConnection } from './azureConnection';

// Backends and lab clusters start slowly on a loaded 2-core machine (CI runs suites in parallel).
jest.setTimeout(60_000);

describe('readAzureConnection against the lab, configured exactly as `lab start` writes it', () => {
  let lab: Lab;
  let dir: string;
  let config: ConfigReader;

  beforeAll(async () => {
    lab = await Lab.start();
    dir = await mkdtemp(path.join(tmpdir(), 'azure-connection-'));
    const armCaFile = path.join(dir, 'arm-ca.pem');
    await writeFile(armCaFile, lab.arm.caPem);
    config = new ConfigReader(
      parse(portalConfigYaml(lab, { armCaFile, helmBinary: 'helm' })),
    );
  }, 30_000);

  afterAll(async () => {
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('provisions through ARM and reaches the new cluster with an Entra ID token', async () => {
    const azure = readAzureConnection(config);
    const aks = new ContainerServiceClient(
      azure.credential,
      azure.subscriptionId,
      azure.clientOptions,
    );
    expect(azure.resourceManagerEndpoint).toBe(lab.arm.endpoint);

    const token = await azure.credential.getToken(
      'https://management.azure.com/.default',
    );
    const group = await fetchResourceGroupPut(lab, token!.token, 'rg-node');
    expect(group).toBe(201);
    const cluster = await aks.managedClusters.createOrUpdate(
      'rg-node',
      'aks-node',
      {
        location: 'westeurope',
        dnsPrefix: 'aks-node',
        agentPoolProfiles: [
          {
            name: 'system',
            mode: 'System',
            count: 1,
            vmSize: 'Standard_D4s_v5',
          },
        ],
        networkProfile: {
          networkPlugin: 'none',
          podCidr: '10.20.0.0/16',
          serviceCidr: '10.21.0.0/16',
          dnsServiceIP: '10.21.0.10',
        },
      },
      { updateIntervalInMs: 10 },
    );
    expect(cluster.provisioningState).toBe('Succeeded');

    const user = parse(
      Buffer.from(
        (
          await aks.managedClusters.listClusterUserCredentials(
            'rg-node',
            'aks-node',
          )
        ).kubeconfigs![0].value!,
      ).toString('utf8'),
    );
    const kubeConfig = await createKubeConfig(
      {
        name: 'aks-node',
        url: user.clusters[0].cluster.server,
        caData: user.clusters[0].cluster['certificate-authority-data'],
        authProvider: 'azure',
      },
      { azureCredential: azure.credential },
    );
    const namespaces = await kubeConfig
      .makeApiClient(CoreV1Api)
      .listNamespace();
    expect(namespaces.items.map(n => n.metadata?.name)).toContain(
      'kube-system',
    );
  }, 60_000);

  it.each([
    [{}, 'ciliumClusterMesh.azure.subscriptionId: is required'],
    [
      { subscriptionId: 's', clientId: 'c' },
      'tenantId, clientId and clientSecret go together',
    ],
    [
      { subscriptionId: 's', caFile: '/nonexistent/ca.pem' },
      'ciliumClusterMesh.azure.caFile: cannot read /nonexistent/ca.pem',
    ],
  ])('refuses %j with the field and the fix', (azure, message) => {
    expect(() =>
      readAzureConnection(new ConfigReader({ ciliumClusterMesh: { azure } })),
    ).toThrow(message);
  });
});

async function fetchResourceGroupPut(
  lab: Lab,
  token: string,
  name: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${lab.arm.endpoint}/subscriptions/${lab.arm.subscriptionId}/resourcegroups/${name}?api-version=2021-04-01`,
      {
        method: 'PUT',
        ca: lab.arm.caPem,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
      },
      response => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ location: 'westeurope' }));
  });
}
