import { NetworkManagementClient } from '@azure/arm-network';
import { ArmEmulator } from '../armEmulator';
import {
  armClient,
  createResourceGroup,
  networkClient,
  startEmulator,
} from '../__testUtils__/labAzure';

const POLL = { updateIntervalInMs: 10 };
const GROUP = 'mesh';
const HUB_PREFIX = '10.100.0.0/23';

/** One spoke per AKS cluster, as provisioning lays them out (research-azure §7). */
const SPOKES = [
  { vnet: 'vnet-c1', space: '10.1.0.0/16', nodes: '10.1.0.0/22' },
  { vnet: 'vnet-c2', space: '10.2.0.0/16', nodes: '10.2.0.0/22' },
  { vnet: 'vnet-c3', space: '10.3.0.0/16', nodes: '10.3.0.0/22' },
];

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

/** What provisioning does: poll the hub until its router is provisioned. */
async function waitForHubRouting(
  network: NetworkManagementClient,
  hubName: string,
): Promise<string[]> {
  const seen: string[] = [];
  while (!seen.includes('Provisioned')) {
    if (seen.length > 10) throw new Error(`hub routing stuck: ${seen}`);
    const hub = await network.virtualHubs.get(GROUP, hubName);
    seen.push(String(hub.routingState));
  }
  return seen;
}

/** The seed topology through the SDK: WAN, hub, spokes with node subnets, connections. */
async function buildSeedTopology(network: NetworkManagementClient) {
  const wan = await network.virtualWans.createOrUpdate(
    GROUP,
    'mesh-wan',
    {
      location: 'westeurope',
      typePropertiesType: 'Standard',
      allowBranchToBranchTraffic: true,
      disableVpnEncryption: false,
    },
    POLL,
  );
  const hub = await network.virtualHubs.createOrUpdate(
    GROUP,
    'mesh-hub',
    {
      location: 'westeurope',
      virtualWan: { id: wan.id },
      addressPrefix: HUB_PREFIX,
      sku: 'Standard',
    },
    POLL,
  );
  const routingStates = await waitForHubRouting(network, 'mesh-hub');
  const spokes = await Promise.all(
    SPOKES.map(spoke =>
      network.virtualNetworks.createOrUpdate(
        GROUP,
        spoke.vnet,
        {
          location: 'westeurope',
          addressSpace: { addressPrefixes: [spoke.space] },
          subnets: [{ name: 'nodes', addressPrefix: spoke.nodes }],
        },
        POLL,
      ),
    ),
  );
  const connections = [];
  for (const spoke of spokes) {
    connections.push(
      await network.hubVirtualNetworkConnections.createOrUpdate(
        GROUP,
        'mesh-hub',
        `conn-${spoke.name}`,
        {
          remoteVirtualNetwork: { id: spoke.id },
          enableInternetSecurity: false,
        },
        POLL,
      ),
    );
  }
  return { wan, hub, routingStates, spokes, connections };
}

describe('the seed topology', () => {
  let emulator: ArmEmulator;
  let network: NetworkManagementClient;

  beforeEach(async () => {
    ({ emulator } = await startEmulator());
    await createResourceGroup(emulator, GROUP);
    network = networkClient(emulator);
  });

  afterEach(async () => {
    await emulator.stop();
  });

  it('is built through the SDK, waiting for the hub router, and reads back whole', async () => {
    const { wan, hub, routingStates, spokes, connections } =
      await buildSeedTopology(network);

    expect(wan).toMatchObject({
      name: 'mesh-wan',
      type: 'Microsoft.Network/virtualWans',
      provisioningState: 'Succeeded',
      typePropertiesType: 'Standard',
    });
    // The hub is Succeeded before its router is (research-azure §3).
    expect(hub).toMatchObject({
      provisioningState: 'Succeeded',
      routingState: 'Provisioning',
    });
    expect(routingStates).toEqual(['Provisioning', 'Provisioned']);
    expect(connections.map(connection => connection.provisioningState)).toEqual(
      ['Succeeded', 'Succeeded', 'Succeeded'],
    );

    const readWan = await network.virtualWans.get(GROUP, 'mesh-wan');
    expect(readWan.virtualHubs).toEqual([{ id: hub.id }]);
    const readHub = await network.virtualHubs.get(GROUP, 'mesh-hub');
    expect(readHub).toMatchObject({
      id: `/subscriptions/${emulator.subscriptionId}/resourceGroups/mesh/providers/Microsoft.Network/virtualHubs/mesh-hub`,
      addressPrefix: HUB_PREFIX,
      sku: 'Standard',
      virtualWan: { id: wan.id },
      routingState: 'Provisioned',
    });

    const readConnections = await collect(
      network.hubVirtualNetworkConnections.list(GROUP, 'mesh-hub'),
    );
    expect(
      readConnections.map(connection => [
        connection.name,
        connection.provisioningState,
        connection.remoteVirtualNetwork?.id,
      ]),
    ).toEqual(
      spokes.map(spoke => [`conn-${spoke.name}`, 'Succeeded', spoke.id]),
    );

    const readSpokes = await collect(network.virtualNetworks.list(GROUP));
    expect(
      readSpokes.map(spoke => ({
        name: spoke.name,
        space: spoke.addressSpace?.addressPrefixes,
        subnets: spoke.subnets?.map(subnet => [
          subnet.name,
          subnet.addressPrefix,
          subnet.provisioningState,
        ]),
      })),
    ).toEqual(
      SPOKES.map(spoke => ({
        name: spoke.vnet,
        space: [spoke.space],
        subnets: [['nodes', spoke.nodes, 'Succeeded']],
      })),
    );
    // Each connection shows on its spoke as the peering Virtual WAN creates.
    for (const spoke of readSpokes) {
      expect(spoke.virtualNetworkPeerings).toEqual([
        expect.objectContaining({
          name: expect.stringMatching(/^RemoteVnetToHubPeering_[0-9a-f-]{36}$/),
          peeringState: 'Connected',
          remoteAddressSpace: { addressPrefixes: [HUB_PREFIX] },
        }),
      ]);
    }
  });

  it('goes with its resource group', async () => {
    await buildSeedTopology(network);
    const group = armClient(emulator).pathUnchecked(
      `/subscriptions/${emulator.subscriptionId}/resourcegroups/${GROUP}`,
    );
    const query = { queryParameters: { 'api-version': '2021-04-01' } };
    const deletion = await group.delete(query);
    await armClient(emulator)
      .pathUnchecked(deletion.headers.location ?? '')
      .get();

    await expect(
      network.virtualHubs.get(GROUP, 'mesh-hub'),
    ).rejects.toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
    await createResourceGroup(emulator, GROUP);
    expect(await collect(network.virtualNetworks.list(GROUP))).toEqual([]);
    expect(await collect(network.virtualWans.list())).toEqual([]);
  });

  it('refuses to delete what the topology still uses, and tears down in dependency order', async () => {
    const { hub, spokes } = await buildSeedTopology(network);
    const connectionIds = spokes.map(
      spoke => `${hub.id}/hubVirtualNetworkConnections/conn-${spoke.name}`,
    );

    await expect(
      network.virtualNetworks.delete(GROUP, 'vnet-c1', POLL),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'InUseVirtualNetworkCannotBeDeleted',
      message: `Virtual network ${spokes[0].id} cannot be deleted because it is in use by the following resources: ${connectionIds[0]}.`,
    });
    await expect(
      network.virtualHubs.delete(GROUP, 'mesh-hub', POLL),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'CannotDeleteVirtualHubWhenItIsInUse',
      message: expect.stringContaining(connectionIds.join(', ')),
    });
    await expect(
      network.virtualWans.delete(GROUP, 'mesh-wan', POLL),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'InUseVirtualWanCannotBeDeleted',
      message: expect.stringContaining(String(hub.id)),
    });

    for (const spoke of spokes) {
      await network.hubVirtualNetworkConnections.delete(
        GROUP,
        'mesh-hub',
        `conn-${spoke.name}`,
        POLL,
      );
    }
    await network.virtualHubs.delete(GROUP, 'mesh-hub', POLL);
    await network.virtualWans.delete(GROUP, 'mesh-wan', POLL);
    for (const spoke of SPOKES) {
      await network.virtualNetworks.delete(GROUP, spoke.vnet, POLL);
    }

    expect(await collect(network.virtualNetworks.list(GROUP))).toEqual([]);
    expect(
      await collect(network.virtualHubs.listByResourceGroup(GROUP)),
    ).toEqual([]);
    await expect(
      network.virtualWans.get(GROUP, 'mesh-wan'),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
      message: `The Resource 'Microsoft.Network/virtualWans/mesh-wan' under resource group 'mesh' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    });
  });
});
