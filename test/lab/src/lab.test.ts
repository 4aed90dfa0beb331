import { ContainerServiceClient } from '@azure/arm-containerservice';
import { ClientSecretCredential } from '@azure/identity';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import {
  BYOCNI_CLUSTER,
  containerServiceClient,
  createResourceGroup,
  credentialFor,
  managedClusterPath,
  putManagedClusterRaw,
} from './arm/__testUtils__/labAzure';
import { AKS_SERVER_APP_SCOPE, Lab } from './lab';

// Backends and lab clusters start slowly on a loaded 2-core machine (CI runs suites in parallel).
jest.setTimeout(60_000);

const PREVIEW_API_VERSION = '2026-10-02-preview';

describe('the lab end to end with unmodified Azure and Kubernetes clients', () => {
  let lab: Lab;
  let credential: ClientSecretCredential;
  let aks: ContainerServiceClient;

  beforeAll(async () => {
    lab = await Lab.start();
    credential = credentialFor(lab.arm);
    aks = containerServiceClient(lab.arm);
  }, 30_000);

  afterAll(() => lab?.stop());

  async function createByocniCluster(resourceGroup: string, name: string) {
    await createResourceGroup(lab.arm, resourceGroup);
    return putManagedClusterRaw(
      lab.arm,
      managedClusterPath(lab.arm, resourceGroup, name),
      {
        ...BYOCNI_CLUSTER,
        properties: { ...BYOCNI_CLUSTER.properties, dnsPrefix: name },
      },
      PREVIEW_API_VERSION,
    );
  }

  it('provisions a BYOCNI cluster whose API server the real clients can use, with least privilege', async () => {
    const created = await createByocniCluster('rg-lab', 'aks-1');
    expect(created.body.properties.provisioningState).toBe('Succeeded');
    expect(created.body.properties.networkProfile.kubeProxyConfig).toEqual(
      expect.objectContaining({ enabled: false }),
    );

    const admin = await aks.managedClusters.listClusterAdminCredentials(
      'rg-lab',
      'aks-1',
    );
    const adminConfig = new KubeConfig();
    adminConfig.loadFromString(
      Buffer.from(admin.kubeconfigs![0].value!).toString('utf8'),
    );
    expect(adminConfig.getCurrentCluster()?.server).toMatch(
      /^https:\/\/127\.\d+\.\d+\.\d+:\d+$/,
    );
    const core = adminConfig.makeApiClient(CoreV1Api);

    const nodes = await core.listNode();
    expect(nodes.items).toHaveLength(2);
    for (const node of nodes.items) {
      expect(
        node.status?.conditions?.find(c => c.type === 'Ready')?.status,
      ).toBe('False');
    }

    const configMap = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'lab-check' }, data: { a: '1' } },
    });
    const patched = await core.patchNamespacedConfigMap({
      name: 'lab-check',
      namespace: 'default',
      body: [{ op: 'add', path: '/data/b', value: '2' }],
    });
    expect(patched.data).toEqual({ a: '1', b: '2' });
    await expect(
      core.replaceNamespacedConfigMap({
        name: 'lab-check',
        namespace: 'default',
        body: { ...configMap, data: { stale: 'yes' } },
      }),
    ).rejects.toMatchObject({ code: 409 });

    const reader = new KubeConfig();
    reader.loadFromString(lab.cluster('aks-1').readOnlyKubeconfig());
    const readOnly = reader.makeApiClient(CoreV1Api);
    expect(
      (
        await readOnly.listNamespacedConfigMap({ namespace: 'default' })
      ).items.map(c => c.metadata?.name),
    ).toContain('lab-check');
    await expect(
      readOnly.deleteNamespacedConfigMap({
        name: 'lab-check',
        namespace: 'default',
      }),
    ).rejects.toMatchObject({ code: 403 });
  }, 60_000);

  it('lets an Entra ID token for the AKS server app in, and nothing else', async () => {
    await createByocniCluster('rg-entra', 'aks-entra');
    const user = parse(
      Buffer.from(
        (
          await aks.managedClusters.listClusterUserCredentials(
            'rg-entra',
            'aks-entra',
          )
        ).kubeconfigs![0].value!,
      ).toString('utf8'),
    );
    const server = user.clusters[0].cluster.server as string;
    const caData = user.clusters[0].cluster[
      'certificate-authority-data'
    ] as string;
    const withToken = (token: string) => {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'c', server, caData }],
        users: [{ name: 'u', token }],
        contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
        currentContext: 'c',
      });
      return kc.makeApiClient(CoreV1Api);
    };
    const aksToken = await credential.getToken(AKS_SERVER_APP_SCOPE);
    expect(
      (await withToken(aksToken!.token).listNamespace()).items.map(
        n => n.metadata?.name,
      ),
    ).toContain('kube-system');

    const armToken = await credential.getToken(
      'https://management.azure.com/.default',
    );
    await expect(
      withToken(armToken!.token).listNamespace(),
    ).rejects.toMatchObject({ code: 401 });
  }, 60_000);
});
