import { InputError } from '@backstage/errors';
import { Lab } from '@meshportal/lab';
import {
  labArm,
  labConnection,
  putWithoutPolling,
} from './__testUtils__/labAzure';
import { ArmRestClient } from './armRestClient';
import { AzureConnection } from './azureConnection';
import {
  NETWORK_API_VERSION,
  NetworkWriteOptions,
  VirtualHubTarget,
  ensureHubConnection,
  ensureResourceGroup,
  ensureSpokeVnet,
  ensureVirtualHub,
  ensureVirtualWan,
  virtualNetworkIdOf,
} from './network';

// Backends and lab clusters start slowly on a loaded 2-core machine (CI runs suites in parallel).
jest.setTimeout(60_000);

const FAST: NetworkWriteOptions = {
  pollIntervalMs: 20,
  busyRetry: { initialDelayMs: 10, maxDelayMs: 50 },
};

const HUB: VirtualHubTarget = {
  resourceGroup: 'rg-hub',
  location: 'westeurope',
  virtualWanName: 'wan-mesh',
  hubName: 'hub-mesh',
  addressPrefix: '10.100.0.0/23',
};

const spoke = (vnetName: string, addressPrefix: string) => ({
  resourceGroup: 'rg-spokes',
  location: 'westeurope',
  vnetName,
  addressPrefix,
});

describe('network provisioning against the lab', () => {
  let lab: Lab;
  let connection: AzureConnection;
  let arm: ArmRestClient;
  let sub: string;

  beforeAll(async () => {
    // The hub router lags its hub by a few reads, as in Azure.
    lab = await Lab.start({ virtualHubRoutingGets: 3 });
    connection = labConnection(lab);
    arm = labArm(connection);
    sub = lab.arm.subscriptionId;
  }, 30_000);

  afterAll(async () => {
    await lab?.stop();
  });

  afterEach(() => {
    jest.restoreAllMocks();
    lab.arm.setOperationTiming({ polls: 1, durationMs: 0 });
  });

  /** Everything a mesh of two spokes needs, as the provisioning action runs it. */
  async function provision(progress: string[] = []) {
    const options = { ...FAST, onProgress: (s: string) => progress.push(s) };
    await ensureResourceGroup(arm, sub, 'rg-hub', 'westeurope', options);
    await ensureResourceGroup(arm, sub, 'rg-spokes', 'westeurope', options);
    const subnets = [
      await ensureSpokeVnet(arm, sub, spoke('vnet-1', '10.10.0.0/22'), options),
      await ensureSpokeVnet(arm, sub, spoke('vnet-2', '10.11.0.0/22'), options),
    ];
    const wanId = await ensureVirtualWan(arm, sub, HUB, options);
    const hubId = await ensureVirtualHub(arm, sub, HUB, options);
    const connections = [];
    for (const subnetId of subnets) {
      connections.push(
        await ensureHubConnection(
          arm,
          sub,
          HUB,
          virtualNetworkIdOf(subnetId),
          options,
        ),
      );
    }
    return { subnets, wanId, hubId, connections };
  }

  it('builds spokes, WAN, hub and connections, waiting for the hub router; a second run writes nothing', async () => {
    const progress: string[] = [];
    const first = await provision(progress);
    expect(first.subnets).toEqual([
      `/subscriptions/${sub}/resourceGroups/rg-spokes/providers/Microsoft.Network/virtualNetworks/vnet-1/subnets/nodes`,
      `/subscriptions/${sub}/resourceGroups/rg-spokes/providers/Microsoft.Network/virtualNetworks/vnet-2/subnets/nodes`,
    ]);
    expect(first.connections).toEqual([
      `${first.hubId}/hubVirtualNetworkConnections/vnet-1`,
      `${first.hubId}/hubVirtualNetworkConnections/vnet-2`,
    ]);
    expect(progress).toEqual(
      expect.arrayContaining(['routing Provisioning', 'routing Provisioned']),
    );
    const hub = await arm.get(
      `/subscriptions/${sub}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualHubs/hub-mesh`,
      NETWORK_API_VERSION,
    );
    expect(hub?.properties).toMatchObject({
      routingState: 'Provisioned',
      addressPrefix: '10.100.0.0/23',
      virtualWan: { id: first.wanId },
    });
    const vnet = await arm.get(
      virtualNetworkIdOf(first.subnets[0]),
      NETWORK_API_VERSION,
    );
    expect(vnet?.properties?.virtualNetworkPeerings).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({ peeringState: 'Connected' }),
      }),
    ]);

    const put = jest.spyOn(arm, 'put');
    await expect(provision()).resolves.toEqual(first);
    expect(put).not.toHaveBeenCalled();
  });

  it('refuses an existing VNet laid out differently instead of replacing its subnets', async () => {
    await ensureSpokeVnet(arm, sub, spoke('vnet-fixed', '10.20.0.0/22'), FAST);
    const put = jest.spyOn(arm, 'put');
    const error = await ensureSpokeVnet(
      arm,
      sub,
      spoke('vnet-fixed', '10.20.0.0/24'),
      FAST,
    ).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'virtual network vnet-fixed subnet nodes is 10.20.0.0/22 in Azure but 10.20.0.0/24 in the template; fix: reuse it through network.subnetId, or pick another vnetName for a new spoke',
    );
    expect(put).not.toHaveBeenCalled();
  });

  it('refuses a hub whose address prefix differs', async () => {
    await provision();
    await expect(
      ensureVirtualHub(
        arm,
        sub,
        { ...HUB, addressPrefix: '10.200.0.0/23' },
        FAST,
      ),
    ).rejects.toThrow(
      'virtual hub hub-mesh addressPrefix is 10.100.0.0/23 in Azure but 10.200.0.0/23 in the template',
    );
  });

  it('retries a connection that meets another operation on its VNet (409 AnotherOperationInProgress)', async () => {
    await provision();
    const subnetId = await ensureSpokeVnet(
      arm,
      sub,
      spoke('vnet-3', '10.12.0.0/22'),
      FAST,
    );
    const vnetId = virtualNetworkIdOf(subnetId);
    // Someone else's write to the VNet, still running.
    await putWithoutPolling(lab, connection, vnetId, NETWORK_API_VERSION, {
      location: 'westeurope',
      tags: { owner: 'someone-else' },
      properties: {
        addressSpace: { addressPrefixes: ['10.12.0.0/22'] },
        subnets: [
          { name: 'nodes', properties: { addressPrefix: '10.12.0.0/22' } },
        ],
      },
    });
    const put = jest.spyOn(arm, 'put');
    const id = await ensureHubConnection(arm, sub, HUB, vnetId, FAST);
    expect(id).toMatch(/\/hubVirtualNetworkConnections\/vnet-3$/);
    expect(put).toHaveBeenCalledTimes(2);
  });

  it('gives up after the last attempt, with the 409', async () => {
    await provision();
    const subnetId = await ensureSpokeVnet(
      arm,
      sub,
      spoke('vnet-4', '10.13.0.0/22'),
      FAST,
    );
    const vnetId = virtualNetworkIdOf(subnetId);
    await putWithoutPolling(lab, connection, vnetId, NETWORK_API_VERSION, {
      location: 'westeurope',
      properties: {
        addressSpace: { addressPrefixes: ['10.13.0.0/22'] },
        subnets: [
          { name: 'nodes', properties: { addressPrefix: '10.13.0.0/22' } },
        ],
      },
    });
    await expect(
      ensureHubConnection(arm, sub, HUB, vnetId, {
        ...FAST,
        busyRetry: { attempts: 1 },
      }),
    ).rejects.toMatchObject({
      name: 'AzureOperationError',
      code: 'AnotherOperationInProgress',
      status: 409,
    });
  });

  it('refuses a connection name already used for another VNet', async () => {
    const { subnets } = await provision();
    await expect(
      ensureHubConnection(arm, sub, HUB, virtualNetworkIdOf(subnets[1]), {
        ...FAST,
        connectionName: 'vnet-1',
      }),
    ).rejects.toThrow(
      /^hub connection vnet-1 of hub-mesh connects .*vnet-1 in Azure but .*vnet-2 in the template/,
    );
  });

  it.each([
    [
      '/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes',
      '/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v',
    ],
  ])('virtualNetworkIdOf(%s)', (subnetId, vnetId) => {
    expect(virtualNetworkIdOf(subnetId)).toBe(vnetId);
  });

  it('refuses what is not a subnet id', () => {
    expect(() =>
      virtualNetworkIdOf('/subscriptions/s/resourceGroups/g'),
    ).toThrow(InputError);
  });
});
