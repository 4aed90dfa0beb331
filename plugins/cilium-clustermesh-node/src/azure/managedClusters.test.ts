import { InputError } from '@backstage/errors';
import { Lab } from '@meshportal/lab';
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
  AKS_PREVIEW_API_VERSION,
  EnsureByocniClusterOptions,
  ensureByocniCluster,
  getManagedCluster,
  managedClusterPath,
} from './managedClusters';
import { ensureResourceGroup, ensureSpokeVnet } from './network';

// Backends and lab clusters start slowly on a loaded 2-core machine (CI runs suites in parallel).
jest.setTimeout(60_000);

const OPTIONS: EnsureByocniClusterOptions = {
  outboundType: 'loadBalancer',
  previewApiVersion: AKS_PREVIEW_API_VERSION,
  pollIntervalMs: 20,
};

describe('ensureByocniCluster against the lab', () => {
  let lab: Lab;
  let connection: AzureConnection;
  let arm: ArmRestClient;
  let subscriptionId: string;
  let secrets: string[];

  beforeAll(async () => {
    lab = await Lab.start();
    connection = labConnection(lab);
    arm = labArm(connection);
    subscriptionId = lab.arm.subscriptionId;
    secrets = await secretsOf(lab, connection);
    await ensureResourceGroup(arm, subscriptionId, 'rg-mesh', 'westeurope');
  }, 30_000);

  afterAll(async () => {
    await lab?.stop();
  });

  afterEach(() => {
    jest.restoreAllMocks();
    lab.arm.setOperationTiming({ polls: 1, durationMs: 0 });
  });

  const previewGet = (aksName: string) =>
    getManagedCluster(arm, subscriptionId, 'rg-mesh', aksName, {
      apiVersion: AKS_PREVIEW_API_VERSION,
    });

  it('creates a BYOCNI cluster with kube-proxy disabled, then leaves it alone', async () => {
    const plan = clusterPlan('aks-create');
    const created = await ensureByocniCluster(
      arm,
      subscriptionId,
      plan,
      OPTIONS,
    );
    expect(created).toEqual({
      created: true,
      fqdn: expect.stringMatching(
        /^aks-create-[0-9a-f]+\.hcp\.westeurope\.azmk8s\.io$/,
      ),
      id: expect.stringMatching(/\/managedClusters\/aks-create$/),
    });
    const preview = await previewGet('aks-create');
    expect(preview?.properties).toMatchObject({
      provisioningState: 'Succeeded',
      dnsPrefix: 'aks-create',
      agentPoolProfiles: [
        expect.objectContaining({ name: 'system', mode: 'System', count: 1 }),
      ],
      networkProfile: expect.objectContaining({
        networkPlugin: 'none',
        podCidr: '10.1.0.0/16',
        serviceCidr: '10.2.0.0/16',
        dnsServiceIP: '10.2.0.10',
        outboundType: 'loadBalancer',
        kubeProxyConfig: { enabled: false },
      }),
    });
    // Why the preview api-version: GA reads (and the GA SDK) don't know the field.
    const ga = await getManagedCluster(
      arm,
      subscriptionId,
      'rg-mesh',
      'aks-create',
    );
    expect(ga?.properties?.networkProfile).not.toHaveProperty(
      'kubeProxyConfig',
    );
    expect(lab.cluster('aks-create').name).toBe('aks-create');

    const put = jest.spyOn(arm, 'put');
    const again = await ensureByocniCluster(arm, subscriptionId, plan, OPTIONS);
    expect(again).toEqual({ ...created, created: false });
    expect(put).not.toHaveBeenCalled();
    const after = (await previewGet('aks-create')) as Record<string, any>;
    expect(after.eTag).toBe((preview as Record<string, any>).eTag);
    expect(after.systemData.lastModifiedAt).toBe(
      (preview as Record<string, any>).systemData.lastModifiedAt,
    );
    expectNoSecrets(JSON.stringify([created, again]), secrets);
  });

  it('refuses a cluster whose fixed network settings differ, naming them, without writing', async () => {
    await ensureByocniCluster(
      arm,
      subscriptionId,
      clusterPlan('aks-drift'),
      OPTIONS,
    );
    const put = jest.spyOn(arm, 'put');
    const changed = clusterPlan('aks-drift', {
      podCidr: '10.9.0.0/16',
      dnsServiceIP: '10.2.0.53',
    });
    const error = await ensureByocniCluster(
      arm,
      subscriptionId,
      changed,
      OPTIONS,
    ).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      'aks-drift networkProfile.podCidr is 10.1.0.0/16 in Azure but 10.9.0.0/16 in the template; fix: use 10.1.0.0/16 in the template, or pick another aksName',
    );
    expect(error.message).toContain(
      'aks-drift networkProfile.dnsServiceIP is 10.2.0.10 in Azure but 10.2.0.53 in the template',
    );
    expect(put).not.toHaveBeenCalled();
    expect(
      (await previewGet('aks-drift'))?.properties?.networkProfile?.podCidr,
    ).toBe('10.1.0.0/16');
  });

  it('refuses a cluster that runs kube-proxy', async () => {
    // Created with a GA api-version, as the GA SDK would: kube-proxy stays on.
    await arm.put(
      managedClusterPath(subscriptionId, 'rg-mesh', 'aks-kubeproxy'),
      '2026-06-01',
      {
        location: 'westeurope',
        properties: {
          dnsPrefix: 'aks-kubeproxy',
          agentPoolProfiles: [{ name: 'system', mode: 'System', count: 1 }],
          networkProfile: {
            networkPlugin: 'none',
            podCidr: '10.1.0.0/16',
            serviceCidr: '10.2.0.0/16',
            dnsServiceIP: '10.2.0.10',
          },
        },
      },
    );
    await expect(
      ensureByocniCluster(
        arm,
        subscriptionId,
        clusterPlan('aks-kubeproxy'),
        OPTIONS,
      ),
    ).rejects.toThrow(
      /^aks-kubeproxy networkProfile\.kubeProxyConfig\.enabled is true in Azure but false in the template; fix: disable kube-proxy/,
    );
  });

  it('reports a failed create with ARM code and message, then converges on the next run', async () => {
    const plan = clusterPlan('aks-fault');
    lab.faults.failArmOperations(1);
    const error = await ensureByocniCluster(
      arm,
      subscriptionId,
      plan,
      OPTIONS,
    ).catch(e => e);
    expect(error).toBeInstanceOf(AzureOperationError);
    expect(error).toMatchObject({
      code: 'InternalOperationError',
      message:
        'ARM InternalOperationError: The operation failed due to an internal error. Please retry.',
    });
    expectNoSecrets(`${error.message} ${JSON.stringify(error)}`, secrets);
    expect((await previewGet('aks-fault'))?.properties?.provisioningState).toBe(
      'Failed',
    );

    const retried = await ensureByocniCluster(
      arm,
      subscriptionId,
      plan,
      OPTIONS,
    );
    expect(retried.created).toBe(true);
    const clusters = await arm.get<{
      value: { name: string; properties: { provisioningState: string } }[];
    }>(
      `/subscriptions/${subscriptionId}/resourceGroups/rg-mesh/providers/Microsoft.ContainerService/managedClusters`,
      '2026-06-01',
    );
    expect(
      clusters?.value
        .filter(c => c.name === 'aks-fault')
        .map(c => c.properties.provisioningState),
    ).toEqual(['Succeeded']);
    expect(lab.clusters().filter(c => c.name === 'aks-fault')).toHaveLength(1);
  });

  it('waits for an operation already running on the cluster, then leaves it alone', async () => {
    lab.arm.setOperationTiming({ polls: 6 });
    const plan = clusterPlan('aks-busy');
    let submitted!: () => void;
    const accepted = new Promise<void>(resolve => (submitted = resolve));
    const first = ensureByocniCluster(arm, subscriptionId, plan, {
      ...OPTIONS,
      onProgress: status => status === 'Creating' && submitted(),
    });
    await accepted;
    const seen: string[] = [];
    const second = await ensureByocniCluster(arm, subscriptionId, plan, {
      ...OPTIONS,
      onProgress: status => seen.push(status),
    });
    expect(second.created).toBe(false);
    expect(seen[0]).toBe('Creating');
    expect(seen[seen.length - 1]).toBe('Succeeded');
    await expect(first).resolves.toMatchObject({
      created: true,
      id: second.id,
    });
  });

  it('puts the nodes in the given subnet and refuses another one later', async () => {
    const subnetId = await ensureSpokeVnet(
      arm,
      subscriptionId,
      {
        resourceGroup: 'rg-mesh',
        location: 'westeurope',
        vnetName: 'vnet-spoke',
        addressPrefix: '10.30.0.0/22',
      },
      { pollIntervalMs: 20 },
    );
    const plan = clusterPlan('aks-spoke');
    await ensureByocniCluster(arm, subscriptionId, plan, {
      ...OPTIONS,
      subnetId,
    });
    expect(
      (await previewGet('aks-spoke'))?.properties?.agentPoolProfiles?.[0]
        .vnetSubnetID,
    ).toBe(subnetId);

    await expect(
      ensureByocniCluster(arm, subscriptionId, plan, {
        ...OPTIONS,
        subnetId: subnetId.replace('vnet-spoke', 'vnet-other'),
      }),
    ).rejects.toThrow(
      `aks-spoke agentPoolProfiles[].vnetSubnetID is ${subnetId} in Azure`,
    );
  });
});
