import { NetworkManagementClient, VirtualWAN } from '@azure/arm-network';
import { ArmEmulator } from '../armEmulator';
import {
  RecordedExchange,
  armClient,
  createResourceGroup,
  networkClient,
  startEmulator,
} from '../__testUtils__/labAzure';

const POLL = { updateIntervalInMs: 10 };
const HUB_PREFIX = '10.100.0.0/23';

describe('virtual WANs, hubs and hub connections', () => {
  let emulator: ArmEmulator;
  let network: NetworkManagementClient;
  let exchanges: RecordedExchange[];
  let wan: VirtualWAN;

  beforeEach(async () => {
    ({ emulator } = await startEmulator());
    await createResourceGroup(emulator, 'mesh');
    exchanges = [];
    network = networkClient(emulator, { maxRetries: 0, record: exchanges });
    wan = await network.virtualWans.createOrUpdate(
      'mesh',
      'wan',
      { location: 'westeurope', typePropertiesType: 'Standard' },
      POLL,
    );
  });

  afterEach(async () => {
    await emulator.stop();
  });

  function hubModel(addressPrefix = HUB_PREFIX) {
    return {
      location: 'westeurope',
      virtualWan: { id: wan.id },
      addressPrefix,
      sku: 'Standard',
    };
  }

  /** A hub whose router is provisioned, found the way provisioning finds it. */
  async function routedHub(name: string) {
    let hub = await network.virtualHubs.createOrUpdate(
      'mesh',
      name,
      hubModel(),
      POLL,
    );
    for (let gets = 0; hub.routingState !== 'Provisioned'; gets++) {
      if (gets > 10) throw new Error('hub routing never provisioned');
      hub = await network.virtualHubs.get('mesh', name);
    }
    return hub;
  }

  async function spoke(name: string, addressPrefix: string) {
    return network.virtualNetworks.createOrUpdate(
      'mesh',
      name,
      {
        location: 'westeurope',
        addressSpace: { addressPrefixes: [addressPrefix] },
      },
      POLL,
    );
  }

  function connect(hubName: string, name: string, virtualNetworkId?: string) {
    return network.hubVirtualNetworkConnections.createOrUpdate(
      'mesh',
      hubName,
      name,
      { remoteVirtualNetwork: { id: virtualNetworkId } },
      POLL,
    );
  }

  it('sends typePropertiesType as the wire property type', async () => {
    // The SDK only sends `properties` when a property other than
    // typePropertiesType is set; alone, it is dropped and the WAN is Standard.
    const dropped = await network.virtualWans.createOrUpdate(
      'mesh',
      'dropped',
      { location: 'westeurope', typePropertiesType: 'Basic' },
      POLL,
    );
    expect(dropped.typePropertiesType).toBe('Standard');

    const basic = await network.virtualWans.createOrUpdate(
      'mesh',
      'basic',
      {
        location: 'westeurope',
        typePropertiesType: 'Basic',
        disableVpnEncryption: false,
      },
      POLL,
    );
    expect(basic.typePropertiesType).toBe('Basic');
    const raw = await armClient(emulator)
      .pathUnchecked(String(basic.id))
      .get({ queryParameters: { 'api-version': '2026-01-01' } });
    expect(raw.body.properties.type).toBe('Basic');
    // The SDK's own `type` is the resource type.
    expect(basic.type).toBe('Microsoft.Network/virtualWans');

    await expect(
      network.virtualWans.createOrUpdate(
        'mesh',
        'premium',
        {
          location: 'westeurope',
          typePropertiesType: 'Premium',
          disableVpnEncryption: false,
        },
        POLL,
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  });

  it('refuses a hub smaller than /24, naming the field', async () => {
    await expect(
      network.virtualHubs.createOrUpdate(
        'mesh',
        'small',
        hubModel('10.100.0.0/25'),
        POLL,
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidParameter',
      message: expect.stringContaining(
        'virtual hub address prefix 10.100.0.0/25 is smaller than /24',
      ),
    });
    const raw = await armClient(emulator)
      .pathUnchecked(
        `/subscriptions/${emulator.subscriptionId}/resourceGroups/mesh/providers/Microsoft.Network/virtualHubs/small`,
      )
      .put({
        queryParameters: { 'api-version': '2026-01-01' },
        body: {
          location: 'westeurope',
          properties: {
            virtualWan: { id: wan.id },
            addressPrefix: '10.100.0.0/25',
          },
        },
      });
    expect(raw.status).toBe('400');
    expect(raw.body.error.target).toBe('properties.addressPrefix');
    await expect(
      network.virtualHubs.createOrUpdate('mesh', 'small', hubModel(), POLL),
    ).resolves.toMatchObject({ provisioningState: 'Succeeded' });
  });

  it('refuses a hub without an address prefix or in a missing WAN', async () => {
    await expect(
      network.virtualHubs.createOrUpdate(
        'mesh',
        'hub',
        { location: 'westeurope', virtualWan: { id: wan.id } },
        POLL,
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'AddressPrefixStringCannotBeNullOrEmpty',
    });
    const missingWan = `${wan.id}-gone`;
    await expect(
      network.virtualHubs.createOrUpdate(
        'mesh',
        'hub',
        { ...hubModel(), virtualWan: { id: missingWan } },
        POLL,
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidResourceReference',
      message: `Resource ${missingWan} referenced by resource /subscriptions/${emulator.subscriptionId}/resourceGroups/mesh/providers/Microsoft.Network/virtualHubs/hub was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
    });
  });

  it('answers a connection made before the hub router is provisioned with AnotherOperationInProgress', async () => {
    exchanges.length = 0;
    const hub = await network.virtualHubs.createOrUpdate(
      'mesh',
      'hub',
      hubModel(),
      POLL,
    );
    const hubOperation = exchanges.find(exchange =>
      exchange.url.includes('/providers/Microsoft.Network/locations/'),
    );
    const c1 = await spoke('vnet-c1', '10.1.0.0/16');
    expect(hub).toMatchObject({
      provisioningState: 'Succeeded',
      routingState: 'Provisioning',
    });

    await expect(connect('hub', 'conn-c1', c1.id)).rejects.toMatchObject({
      statusCode: 409,
      code: 'AnotherOperationInProgress',
      message: `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${hubOperation?.url}.`,
    });

    await routedHub('hub');
    await expect(connect('hub', 'conn-c1', c1.id)).resolves.toMatchObject({
      provisioningState: 'Succeeded',
    });
  });

  it('refuses spokes overlapping the hub or a connected spoke, and a second connection of one spoke', async () => {
    const hub = await routedHub('hub');
    const c1 = await spoke('vnet-c1', '10.1.0.0/16');
    await connect('hub', 'conn-c1', c1.id);

    const onHub = await spoke('vnet-hub-range', '10.100.0.0/16');
    await expect(
      connect('hub', 'conn-hub-range', onHub.id),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'VnetAddressSpacesOverlap',
      message: expect.stringMatching(
        new RegExp(
          `^Cannot create or update peering ${onHub.id}/virtualNetworkPeerings/RemoteVnetToHubPeering_[0-9a-f-]{36}\\. Virtual networks ${onHub.id} and /subscriptions/.+/virtualNetworks/HV_hub_[0-9a-f-]{36} cannot be peered because their address spaces overlap\\. Overlapping address prefixes: 10\\.100\\.0\\.0/16$`,
        ),
      ),
    });

    const twin = await spoke('vnet-twin', '10.1.128.0/17');
    await expect(connect('hub', 'conn-twin', twin.id)).rejects.toMatchObject({
      statusCode: 400,
      code: 'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet',
      message: expect.stringContaining(
        `overlaps with address space of virtual network ${c1.id} already peered with the second virtual network. Overlapping address prefixes: 10.1.128.0/17.`,
      ),
    });

    await expect(connect('hub', 'conn-c1-again', c1.id)).rejects.toMatchObject({
      statusCode: 400,
      code: 'VirtualNetworkAlreadyConnectedToVirtualHub',
      message: expect.stringContaining(
        `is already connected to virtual hub ${hub.id} by connection ${hub.id}/hubVirtualNetworkConnections/conn-c1.`,
      ),
    });
    // Re-PUTting the same connection is an update, not a second connection.
    await expect(connect('hub', 'conn-c1', c1.id)).resolves.toMatchObject({
      provisioningState: 'Succeeded',
    });
  });

  it('refuses a connection to a missing virtual network or under a missing hub', async () => {
    await routedHub('hub');
    const missing = `/subscriptions/${emulator.subscriptionId}/resourceGroups/mesh/providers/Microsoft.Network/virtualNetworks/missing`;
    await expect(connect('hub', 'conn', missing)).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidResourceReference',
      message: expect.stringContaining(`Resource ${missing} referenced by`),
    });
    await expect(connect('hub', 'conn')).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidParameter',
    });
    await expect(connect('nohub', 'conn', missing)).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('takes no connections on a failed hub until a new PUT repairs it', async () => {
    emulator.failNextOperations(1, {
      code: 'InternalServerError',
      message: 'An error occurred.',
    });
    await expect(
      network.virtualHubs.createOrUpdate('mesh', 'hub', hubModel(), POLL),
    ).rejects.toThrow('The long-running operation has failed.');
    const c1 = await spoke('vnet-c1', '10.1.0.0/16');

    await expect(connect('hub', 'conn-c1', c1.id)).rejects.toMatchObject({
      statusCode: 400,
      code: 'ReferencedResourceNotProvisioned',
      message: expect.stringContaining('Resource is in Failed state'),
    });

    await routedHub('hub');
    await expect(connect('hub', 'conn-c1', c1.id)).resolves.toMatchObject({
      provisioningState: 'Succeeded',
    });
  });

  it('holds the spoke busy while a connection to it is in flight', async () => {
    await routedHub('hub');
    const c1 = await spoke('vnet-c1', '10.1.0.0/16');
    emulator.setOperationTiming({ polls: 3 });

    const connecting = connect('hub', 'conn-c1', c1.id);
    await connecting.submitted();
    await expect(
      network.subnets.createOrUpdate(
        'mesh',
        'vnet-c1',
        'nodes',
        { addressPrefix: '10.1.0.0/22' },
        POLL,
      ),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'AnotherOperationInProgress',
    });
    await expect(connecting).resolves.toMatchObject({
      provisioningState: 'Succeeded',
    });
  });
});

describe('virtual hub routing timing', () => {
  it('reports the router Provisioned at once when asked for no routing GETs', async () => {
    const { emulator } = await startEmulator({ virtualHubRoutingGets: 0 });
    try {
      await createResourceGroup(emulator, 'mesh');
      const network = networkClient(emulator);
      const wan = await network.virtualWans.createOrUpdate(
        'mesh',
        'wan',
        { location: 'westeurope' },
        POLL,
      );
      await expect(
        network.virtualHubs.createOrUpdate(
          'mesh',
          'hub',
          {
            location: 'westeurope',
            virtualWan: { id: wan.id },
            addressPrefix: HUB_PREFIX,
          },
          POLL,
        ),
      ).resolves.toMatchObject({
        provisioningState: 'Succeeded',
        routingState: 'Provisioned',
        sku: 'Standard',
      });
    } finally {
      await emulator.stop();
    }
  });
});
