import { NetworkManagementClient } from '@azure/arm-network';
import { ArmEmulator } from '../armEmulator';
import {
  armClient,
  createResourceGroup,
  networkClient,
  startEmulator,
} from '../__testUtils__/labAzure';

const POLL = { updateIntervalInMs: 10 };
const API_VERSION = { queryParameters: { 'api-version': '2026-01-01' } };

const SPOKE = {
  location: 'westeurope',
  addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
  subnets: [{ name: 'nodes', addressPrefix: '10.1.0.0/22' }],
};

describe('virtual networks and subnets', () => {
  let emulator: ArmEmulator;
  let network: NetworkManagementClient;

  beforeEach(async () => {
    ({ emulator } = await startEmulator());
    await createResourceGroup(emulator, 'net');
    network = networkClient(emulator, { maxRetries: 0 });
  });

  afterEach(async () => {
    await emulator.stop();
  });

  function virtualNetworkPath(name: string): string {
    return `/subscriptions/${emulator.subscriptionId}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/${name}`;
  }

  /** A raw PUT, to see the whole error body, `target` included. */
  async function putRaw(path: string, body: unknown) {
    return armClient(emulator)
      .pathUnchecked(path)
      .put({ ...API_VERSION, body });
  }

  it('creates subnets inline, and a later PUT replaces the subnet list', async () => {
    const created = await network.virtualNetworks.createOrUpdate(
      'net',
      'spoke',
      {
        ...SPOKE,
        subnets: [
          { name: 'nodes', addressPrefix: '10.1.0.0/22' },
          { name: 'extra', addressPrefix: '10.1.4.0/24' },
        ],
      },
      POLL,
    );
    expect(created).toMatchObject({
      id: `/subscriptions/${emulator.subscriptionId}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/spoke`,
      location: 'westeurope',
      provisioningState: 'Succeeded',
      resourceGuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      etag: expect.stringMatching(/^W\/"[0-9a-f-]{36}"$/),
    });
    expect(created.subnets?.map(subnet => subnet.id)).toEqual([
      `${created.id}/subnets/nodes`,
      `${created.id}/subnets/extra`,
    ]);

    await network.virtualNetworks.createOrUpdate('net', 'spoke', SPOKE, POLL);

    const subnets = [];
    for await (const subnet of network.subnets.list('net', 'spoke')) {
      subnets.push(subnet.name);
    }
    expect(subnets).toEqual(['nodes']);
    await expect(
      network.subnets.get('net', 'spoke', 'extra'),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'NotFound',
      message: `Resource ${created.id}/subnets/extra not found.`,
    });
  });

  it('adds, reads and deletes a subnet on its own', async () => {
    await network.virtualNetworks.createOrUpdate('net', 'spoke', SPOKE, POLL);
    const added = await network.subnets.createOrUpdate(
      'net',
      'spoke',
      'ingress',
      { addressPrefix: '10.1.8.0/24' },
      POLL,
    );
    expect(added).toMatchObject({
      name: 'ingress',
      type: 'Microsoft.Network/virtualNetworks/subnets',
      addressPrefix: '10.1.8.0/24',
      provisioningState: 'Succeeded',
    });
    expect(
      (await network.virtualNetworks.get('net', 'spoke')).subnets?.map(
        subnet => subnet.name,
      ),
    ).toEqual(['nodes', 'ingress']);

    await network.subnets.delete('net', 'spoke', 'ingress', POLL);
    await expect(
      network.subnets.get('net', 'spoke', 'ingress'),
    ).rejects.toMatchObject({ statusCode: 404, code: 'NotFound' });
    // Deleting what is already gone succeeds, as ARM's 204 says.
    await expect(
      network.subnets.delete('net', 'spoke', 'ingress', POLL),
    ).resolves.toBeUndefined();
  });

  it('refuses a subnet overlapping a sibling, naming the field', async () => {
    await network.virtualNetworks.createOrUpdate('net', 'spoke', SPOKE, POLL);

    await expect(
      network.subnets.createOrUpdate(
        'net',
        'spoke',
        'clash',
        { addressPrefix: '10.1.2.0/24' },
        POLL,
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'NetcfgSubnetRangesOverlap',
      message:
        "Subnet 'clash' is not valid because its IP address range overlaps with that of an existing subnet in virtual network 'spoke'.",
    });
    const raw = await putRaw(`${virtualNetworkPath('spoke')}/subnets/clash`, {
      properties: { addressPrefix: '10.1.2.0/24' },
    });
    expect(raw.status).toBe('400');
    expect(raw.body.error).toMatchObject({
      code: 'NetcfgSubnetRangesOverlap',
      target: 'properties.addressPrefix',
    });
    await expect(
      network.subnets.get('net', 'spoke', 'clash'),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it.each([
    [
      'a prefix with host bits set',
      { ...SPOKE, addressSpace: { addressPrefixes: ['10.1.0.1/16'] } },
      'InvalidCIDRNotation',
      'properties.addressSpace.addressPrefixes[0]',
      'has an invalid CIDR notation. For the given prefix length, the address prefix should be 10.1.0.0/16.',
    ],
    [
      'a malformed prefix',
      { ...SPOKE, addressSpace: { addressPrefixes: ['10.1.0/16'] } },
      'InvalidAddressPrefixFormat',
      'properties.addressSpace.addressPrefixes[0]',
      'is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.',
    ],
    [
      'a subnet outside the address space',
      { ...SPOKE, subnets: [{ name: 'nodes', addressPrefix: '10.9.0.0/22' }] },
      'NetcfgSubnetRangeOutsideVnet',
      'properties.subnets[0].properties.addressPrefix',
      "Subnet 'nodes' is not valid because its IP address range is outside the IP address range of virtual network 'checked'.",
    ],
    [
      'inline subnets overlapping each other',
      {
        ...SPOKE,
        subnets: [
          { name: 'nodes', addressPrefix: '10.1.0.0/22' },
          { name: 'pods', addressPrefix: '10.1.3.0/24' },
        ],
      },
      'NetcfgSubnetRangesOverlap',
      'properties.subnets[1].properties.addressPrefix',
      "Subnet 'pods' is not valid because its IP address range overlaps with that of an existing subnet in virtual network 'checked'.",
    ],
  ])(
    'refuses %s with a 400 naming the field',
    async (_, model, code, target, message) => {
      await expect(
        network.virtualNetworks.createOrUpdate('net', 'checked', model, POLL),
      ).rejects.toMatchObject({
        statusCode: 400,
        code,
        message: expect.stringContaining(message),
      });
      const { location, addressSpace, subnets } = model;
      const raw = await putRaw(virtualNetworkPath('checked'), {
        location,
        properties: {
          addressSpace,
          subnets: subnets.map(({ name, addressPrefix }) => ({
            name,
            properties: { addressPrefix },
          })),
        },
      });
      expect(raw.body.error).toMatchObject({ code, target });
    },
  );

  it('serialises writes on one virtual network with 409 AnotherOperationInProgress', async () => {
    await network.virtualNetworks.createOrUpdate('net', 'spoke', SPOKE, POLL);
    await network.virtualNetworks.createOrUpdate(
      'net',
      'other',
      {
        ...SPOKE,
        addressSpace: { addressPrefixes: ['10.2.0.0/16'] },
        subnets: [],
      },
      POLL,
    );
    emulator.setOperationTiming({ polls: 3 });

    const first = network.subnets.createOrUpdate(
      'net',
      'spoke',
      'a',
      { addressPrefix: '10.1.4.0/24' },
      POLL,
    );
    await first.submitted();
    const busy = {
      statusCode: 409,
      code: 'AnotherOperationInProgress',
      message: expect.stringMatching(
        /^Another operation on this or dependent resource is in progress\. To retrieve status of the operation use uri: https:\/\/127\.[\d.]+:\d+\/subscriptions\/[0-9a-f-]{36}\/providers\/Microsoft\.Network\/locations\/westeurope\/operations\/[0-9a-f-]{36}\?api-version=2026-01-01\.$/,
      ),
    };
    await expect(
      network.subnets.createOrUpdate(
        'net',
        'spoke',
        'b',
        { addressPrefix: '10.1.5.0/24' },
        POLL,
      ),
    ).rejects.toMatchObject(busy);
    await expect(
      network.virtualNetworks.createOrUpdate('net', 'spoke', SPOKE, POLL),
    ).rejects.toMatchObject(busy);
    // Another virtual network is not held up.
    await expect(
      network.subnets.createOrUpdate(
        'net',
        'other',
        'c',
        { addressPrefix: '10.2.0.0/24' },
        POLL,
      ),
    ).resolves.toMatchObject({ provisioningState: 'Succeeded' });

    await expect(first).resolves.toMatchObject({
      provisioningState: 'Succeeded',
    });
    await expect(
      network.subnets.createOrUpdate(
        'net',
        'spoke',
        'b',
        { addressPrefix: '10.1.5.0/24' },
        POLL,
      ),
    ).resolves.toMatchObject({ provisioningState: 'Succeeded' });
  });

  it('speaks the asynchronous protocol with Network status URLs', async () => {
    const arm = armClient(emulator);
    const path = virtualNetworkPath('spoke');
    const body = {
      location: 'westeurope',
      properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] } },
    };
    const statusUrl = new RegExp(
      `^${emulator.endpoint}/subscriptions/${emulator.subscriptionId}/providers/Microsoft\\.Network/locations/westeurope/operations/[0-9a-f-]{36}\\?api-version=2026-01-01$`,
    );

    const created = await putRaw(path, body);
    expect(created.status).toBe('201');
    expect(created.body.properties.provisioningState).toBe('Updating');
    expect(created.headers['azure-asyncoperation']).toMatch(statusUrl);
    const status = await arm
      .pathUnchecked(created.headers['azure-asyncoperation'] ?? '')
      .get();
    expect(status.body).toMatchObject({ status: 'Succeeded' });

    const updated = await putRaw(path, body);
    expect(updated.status).toBe('200');
    expect(updated.body.properties.provisioningState).toBe('Updating');
    // Until the update is polled to its end, the network is busy.
    expect((await arm.pathUnchecked(path).delete(API_VERSION)).status).toBe(
      '409',
    );
    await arm
      .pathUnchecked(updated.headers['azure-asyncoperation'] ?? '')
      .get();

    const deletion = await arm.pathUnchecked(path).delete(API_VERSION);
    expect(deletion.status).toBe('202');
    expect(deletion.headers['azure-asyncoperation']).toMatch(statusUrl);
    expect(deletion.headers.location).toMatch(
      /\/providers\/Microsoft\.Network\/locations\/westeurope\/operationResults\/[0-9a-f-]{36}\?api-version=2026-01-01$/,
    );
    const result = await arm
      .pathUnchecked(deletion.headers.location ?? '')
      .get();
    expect(result.status).toBe('204');
    expect((await arm.pathUnchecked(path).get(API_VERSION)).status).toBe('404');
    expect((await arm.pathUnchecked(path).delete(API_VERSION)).status).toBe(
      '204',
    );
  });

  it('throttles network requests like any ARM request', async () => {
    await network.virtualNetworks.createOrUpdate('net', 'spoke', SPOKE, POLL);
    emulator.throttleNextRequests(1, 3);

    await expect(
      network.virtualNetworks.get('net', 'spoke'),
    ).rejects.toMatchObject({
      statusCode: 429,
      code: 'TooManyRequests',
      message:
        "The request is being throttled. Please try again after '3' seconds.",
    });
    await expect(
      network.virtualNetworks.get('net', 'spoke'),
    ).resolves.toMatchObject({ name: 'spoke' });
  });

  it('surfaces a failed operation through the SDK and leaves the network Failed', async () => {
    emulator.failNextOperations(1, {
      code: 'InternalServerError',
      message: 'An error occurred.',
    });

    await expect(
      network.virtualNetworks.createOrUpdate('net', 'spoke', SPOKE, POLL),
    ).rejects.toThrow(
      'The long-running operation has failed. InternalServerError. An error occurred.',
    );
    const failed = await network.virtualNetworks.get('net', 'spoke');
    expect(failed.provisioningState).toBe('Failed');
    expect(failed.subnets?.[0].provisioningState).toBe('Failed');

    // PUTting it again repairs it.
    await expect(
      network.virtualNetworks.createOrUpdate('net', 'spoke', SPOKE, POLL),
    ).resolves.toMatchObject({ provisioningState: 'Succeeded' });
  });

  it('cancels a delete, which leaves the network in place', async () => {
    await network.virtualNetworks.createOrUpdate('net', 'spoke', SPOKE, POLL);
    emulator.cancelNextOperations(1);

    await expect(
      network.virtualNetworks.delete('net', 'spoke', POLL),
    ).rejects.toThrow('Operation was canceled');
    await expect(
      network.virtualNetworks.get('net', 'spoke'),
    ).resolves.toMatchObject({ provisioningState: 'Canceled' });
  });

  it('answers ARM 404s for missing networks and refuses invalid names', async () => {
    await expect(
      network.virtualNetworks.get('net', 'missing'),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
      message:
        "The Resource 'Microsoft.Network/virtualNetworks/missing' under resource group 'net' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    });
    await expect(
      network.subnets.get('net', 'missing', 'nodes'),
    ).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await expect(
      network.virtualNetworks.createOrUpdate('net', 'bad-', SPOKE, POLL),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidResourceName' });
    await expect(
      network.virtualNetworks.createOrUpdate('gone', 'spoke', SPOKE, POLL),
    ).rejects.toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
  });

  it('keeps a network in its location', async () => {
    await network.virtualNetworks.createOrUpdate('net', 'spoke', SPOKE, POLL);
    await expect(
      network.virtualNetworks.createOrUpdate(
        'net',
        'spoke',
        { ...SPOKE, location: 'northeurope' },
        POLL,
      ),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'InvalidResourceLocation',
      message:
        "The resource 'spoke' already exists in location 'westeurope' in resource group 'net'. A resource with the same name cannot be created in location 'northeurope'. Please select a new resource name.",
    });
  });
});
