import { ManagedCluster, restorePoller } from '@azure/arm-containerservice';
import { parse } from 'yaml';
import { ArmEmulator } from './armEmulator';
import {
  BYOCNI_CLUSTER,
  FakeClusterFactory,
  adminKubeconfigOf,
  armClient,
  containerServiceClient,
  createResourceGroup,
  managedClusterPath,
  putManagedClusterRaw,
  startEmulator,
} from './__testUtils__/labAzure';

const POLL = { updateIntervalInMs: 10 };

/** The same BYOCNI cluster in the GA SDK's (flattened) shape; it cannot carry kubeProxyConfig. */
function sdkCluster(overrides: Partial<ManagedCluster> = {}): ManagedCluster {
  return {
    location: 'westeurope',
    identity: { type: 'SystemAssigned' },
    kubernetesVersion: '1.33',
    dnsPrefix: 'lab-c2',
    agentPoolProfiles: [
      { name: 'system', mode: 'System', count: 1, vmSize: 'Standard_D4s_v5' },
    ],
    networkProfile: {
      networkPlugin: 'none',
      podCidr: '10.20.0.0/16',
      serviceCidr: '10.21.0.0/16',
      dnsServiceIP: '10.21.0.10',
    },
    ...overrides,
  };
}

describe('managed clusters', () => {
  let emulator: ArmEmulator;
  let factory: FakeClusterFactory;

  beforeEach(async () => {
    ({ emulator, factory } = await startEmulator());
    await createResourceGroup(emulator, 'lab');
  });

  afterEach(async () => {
    await emulator.stop();
  });

  it('creates a BYOCNI cluster without kube-proxy through a raw preview PUT', async () => {
    const path = managedClusterPath(emulator, 'lab', 'c1');
    const created = await putManagedClusterRaw(
      emulator,
      path,
      BYOCNI_CLUSTER,
      '2026-10-02-preview',
    );

    expect(created.status).toBe(200);
    expect(created.body.properties.provisioningState).toBe('Succeeded');
    expect(created.body.properties.networkProfile.kubeProxyConfig).toEqual({
      enabled: false,
    });
    expect(factory.specs).toEqual([
      expect.objectContaining({
        subscriptionId: emulator.subscriptionId,
        resourceGroup: 'lab',
        name: 'c1',
        location: 'westeurope',
        kubernetesVersion: '1.33.0',
        fqdn: created.body.properties.fqdn,
        agentPools: [
          {
            name: 'system',
            count: 2,
            vmSize: 'Standard_D4s_v5',
            mode: 'System',
          },
        ],
        networkProfile: {
          networkPlugin: 'none',
          podCidr: '10.10.0.0/16',
          serviceCidr: '10.11.0.0/16',
          dnsServiceIP: '10.11.0.10',
          kubeProxyEnabled: false,
        },
      }),
    ]);
    expect(created.body.properties.fqdn).toMatch(
      /^lab-c1-[0-9a-f]{8}\.hcp\.westeurope\.azmk8s\.io$/,
    );

    const previewGet = await armClient(emulator)
      .pathUnchecked(path)
      .get({ queryParameters: { 'api-version': '2026-10-02-preview' } });
    expect(previewGet.body.properties.networkProfile.kubeProxyConfig).toEqual({
      enabled: false,
    });

    const stableGet = await armClient(emulator)
      .pathUnchecked(path)
      .get({ queryParameters: { 'api-version': '2026-06-01' } });
    expect(stableGet.body.properties.networkProfile).not.toHaveProperty(
      'kubeProxyConfig',
    );
    expect(stableGet.body.properties.networkProfile.podCidr).toBe(
      '10.10.0.0/16',
    );
  });

  it('drops kubeProxyConfig from a stable PUT but keeps it through a stable update', async () => {
    const path = managedClusterPath(emulator, 'lab', 'c1');
    const stableOnly = await putManagedClusterRaw(
      emulator,
      path,
      BYOCNI_CLUSTER,
      '2026-06-01',
    );
    expect(stableOnly.body.properties.networkProfile).not.toHaveProperty(
      'kubeProxyConfig',
    );
    expect(factory.specs[0].networkProfile.kubeProxyEnabled).toBeUndefined();

    const otherPath = managedClusterPath(emulator, 'lab', 'c2');
    await putManagedClusterRaw(
      emulator,
      otherPath,
      BYOCNI_CLUSTER,
      '2026-10-02-preview',
    );
    const aks = containerServiceClient(emulator);
    const current = await aks.managedClusters.get('lab', 'c2');
    await aks.managedClusters.createOrUpdate(
      'lab',
      'c2',
      { ...current, tags: { team: 'mesh' } },
      POLL,
    );

    const previewGet = await armClient(emulator)
      .pathUnchecked(otherPath)
      .get({ queryParameters: { 'api-version': '2026-10-02-preview' } });
    expect(previewGet.body.tags).toEqual({ team: 'mesh' });
    expect(previewGet.body.properties.networkProfile.kubeProxyConfig).toEqual({
      enabled: false,
    });
  });

  it('runs the GA SDK lifecycle: create, get, list, credentials, delete', async () => {
    const aks = containerServiceClient(emulator);
    const created = await aks.managedClusters.createOrUpdate(
      'lab',
      'c2',
      sdkCluster(),
      POLL,
    );
    expect(created.provisioningState).toBe('Succeeded');

    const cluster = await aks.managedClusters.get('LAB', 'C2');
    expect(cluster).toMatchObject({
      id: `/subscriptions/${emulator.subscriptionId}/resourcegroups/lab/providers/Microsoft.ContainerService/managedClusters/c2`,
      name: 'c2',
      location: 'westeurope',
      provisioningState: 'Succeeded',
      powerState: { code: 'Running' },
      currentKubernetesVersion: '1.33.0',
      nodeResourceGroup: 'MC_lab_c2_westeurope',
      identity: { type: 'SystemAssigned', tenantId: emulator.tenantId },
      networkProfile: { networkPlugin: 'none', podCidr: '10.20.0.0/16' },
    });
    expect(cluster.fqdn).toMatch(
      /^lab-c2-[0-9a-f]{8}\.hcp\.westeurope\.azmk8s\.io$/,
    );
    expect(cluster.azurePortalFqdn).toMatch(
      /\.portal\.hcp\.westeurope\.azmk8s\.io$/,
    );
    expect(cluster.identityProfile?.kubeletidentity?.clientId).toBeTruthy();

    const inGroup: string[] = [];
    for await (const listed of aks.managedClusters.listByResourceGroup('lab')) {
      inGroup.push(listed.name ?? '');
    }
    const inSubscription: string[] = [];
    for await (const listed of aks.managedClusters.list()) {
      inSubscription.push(listed.name ?? '');
    }
    expect(inGroup).toEqual(['c2']);
    expect(inSubscription).toEqual(['c2']);

    const user = await aks.managedClusters.listClusterUserCredentials(
      'lab',
      'c2',
    );
    const admin = await aks.managedClusters.listClusterAdminCredentials(
      'lab',
      'c2',
    );
    expect(user.kubeconfigs?.[0].name).toBe('clusterUser');
    // Without Entra ID integration the cluster user holds the same certificate as the admin.
    const userConfig = parse(
      Buffer.from(user.kubeconfigs?.[0].value ?? []).toString('utf8'),
    );
    const adminConfig = parse(adminKubeconfigOf('c2'));
    expect(userConfig.clusters).toEqual(adminConfig.clusters);
    expect(userConfig.users).toEqual([
      { name: 'clusterUser_lab_c2', user: adminConfig.users[0].user },
    ]);
    expect(userConfig.contexts[0].context.user).toBe('clusterUser_lab_c2');
    expect(admin.kubeconfigs?.[0].name).toBe('clusterAdmin');
    expect(
      Buffer.from(admin.kubeconfigs?.[0].value ?? []).toString('utf8'),
    ).toBe(adminKubeconfigOf('c2'));

    await aks.managedClusters.delete('lab', 'c2', POLL);
    expect(factory.stopped).toEqual(['c2']);
    await expect(aks.managedClusters.get('lab', 'c2')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
      message:
        "The Resource 'Microsoft.ContainerService/managedClusters/c2' under resource group 'lab' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    });
    await expect(
      aks.managedClusters.delete('lab', 'c2', POLL),
    ).resolves.toBeUndefined();
  });

  it('refuses admin credentials when local accounts are disabled', async () => {
    const aks = containerServiceClient(emulator);
    await aks.managedClusters.createOrUpdate(
      'lab',
      'c3',
      sdkCluster({
        dnsPrefix: 'lab-c3',
        disableLocalAccounts: true,
        aadProfile: { managed: true, enableAzureRbac: true },
      }),
      POLL,
    );

    await expect(
      aks.managedClusters.listClusterAdminCredentials('lab', 'c3'),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
      message:
        'Getting static credential is not allowed because this cluster is set to disable local accounts.',
    });
    const user = await aks.managedClusters.listClusterUserCredentials(
      'lab',
      'c3',
    );
    // Entra ID clusters hand out kubelogin users: callers bring an Entra token.
    const userConfig = parse(
      Buffer.from(user.kubeconfigs?.[0].value ?? []).toString('utf8'),
    );
    expect(userConfig.users[0].user.exec).toMatchObject({
      command: 'kubelogin',
      args: expect.arrayContaining([
        '--server-id',
        '6dae42f8-4368-4678-94ff-3960e28e3630',
      ]),
    });
    expect(userConfig.users[0].user['client-key-data']).toBeUndefined();
    expect(userConfig.clusters[0].cluster.server).toBe(
      'https://127.21.0.99:6443',
    );
  });

  it('refuses a PUT while another operation on the cluster is in progress', async () => {
    emulator.setOperationTiming({ polls: 3 });
    const aks = containerServiceClient(emulator);
    const creation = aks.managedClusters.createOrUpdate(
      'lab',
      'c4',
      sdkCluster(),
      POLL,
    );
    await creation.submitted();

    expect((await aks.managedClusters.get('lab', 'c4')).provisioningState).toBe(
      'Creating',
    );
    const busy = {
      statusCode: 409,
      code: 'OperationNotAllowed',
      message: expect.stringMatching(
        /^Operation is not allowed because there's an in progress create managed cluster operation \(operation ID: [0-9a-f-]{36}\) on the managed cluster started on UTC \S+Z\. Please wait for it to finish/,
      ),
    };
    await expect(
      aks.managedClusters.createOrUpdate('lab', 'c4', sdkCluster(), POLL),
    ).rejects.toMatchObject(busy);
    await expect(
      aks.managedClusters.delete('lab', 'c4', POLL),
    ).rejects.toMatchObject(busy);

    await expect(creation).resolves.toMatchObject({
      provisioningState: 'Succeeded',
    });
  });

  it('resumes a create from the poller serialized state', async () => {
    const aks = containerServiceClient(emulator);
    const creation = aks.managedClusters.createOrUpdate(
      'lab',
      'c5',
      sdkCluster(),
      POLL,
    );
    await creation.submitted();
    const state = await creation.serialize();

    const elsewhere = containerServiceClient(emulator);
    const resumed = restorePoller(
      elsewhere,
      state,
      elsewhere.managedClusters.createOrUpdate,
      POLL,
    );
    await expect(resumed.pollUntilDone()).resolves.toMatchObject({
      name: 'c5',
      provisioningState: 'Succeeded',
    });
  });

  it('deletes the clusters of a deleted resource group', async () => {
    const aks = containerServiceClient(emulator);
    await aks.managedClusters.createOrUpdate('lab', 'c6', sdkCluster(), POLL);
    const arm = armClient(emulator);
    const group = arm.pathUnchecked(
      `/subscriptions/${emulator.subscriptionId}/resourcegroups/lab`,
    );
    const query = { queryParameters: { 'api-version': '2021-04-01' } };

    expect((await group.head(query)).status).toBe('204');
    const deletion = await group.delete(query);
    expect(deletion.status).toBe('202');
    const result = await arm
      .pathUnchecked(deletion.headers.location ?? '')
      .get();
    expect(result.status).toBe('200');

    expect((await group.head(query)).status).toBe('404');
    expect(factory.stopped).toEqual(['c6']);
    await expect(aks.managedClusters.get('lab', 'c6')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceGroupNotFound',
      message: "Resource group 'lab' could not be found.",
    });
  });
});
