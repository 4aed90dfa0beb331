import { ManagedCluster } from '@azure/arm-containerservice';
import { ArmEmulator } from './armEmulator';
import {
  BYOCNI_CLUSTER,
  armClient,
  containerServiceClient,
  createResourceGroup,
  createSpokeNetwork,
  managedClusterPath,
  networkClient,
  startEmulator,
} from './__testUtils__/labAzure';

const POLL = { updateIntervalInMs: 10 };

const BYOCNI_NETWORK = BYOCNI_CLUSTER.properties.networkProfile;

/** The BYOCNI cluster on the wire, its system pool in `subnetId`. */
function clusterIn(
  subnetId: string,
  networkProfile: Record<string, unknown> = BYOCNI_NETWORK,
) {
  const { properties } = BYOCNI_CLUSTER;
  return {
    ...BYOCNI_CLUSTER,
    properties: {
      ...properties,
      agentPoolProfiles: [
        { ...properties.agentPoolProfiles[0], vnetSubnetID: subnetId },
      ],
      networkProfile,
    },
  };
}

describe('managed clusters in a bring-your-own subnet', () => {
  let emulator: ArmEmulator;
  let subnetId: string;

  beforeEach(async () => {
    ({ emulator } = await startEmulator());
    await createResourceGroup(emulator, 'lab');
    subnetId = await createSpokeNetwork(emulator, {
      resourceGroup: 'lab',
      name: 'vnet-c1',
      addressPrefix: '10.1.0.0/16',
      nodeSubnetPrefix: '10.1.0.0/22',
    });
  });

  afterEach(async () => {
    await emulator.stop();
  });

  async function put(body: unknown, name = 'c1') {
    return armClient(emulator)
      .pathUnchecked(managedClusterPath(emulator, 'lab', name))
      .put({ queryParameters: { 'api-version': '2026-06-01' }, body });
  }

  it('creates a cluster in its subnet, which Network then will not delete under it', async () => {
    const aks = containerServiceClient(emulator);
    const network = networkClient(emulator);
    const cluster: ManagedCluster = {
      location: 'westeurope',
      dnsPrefix: 'lab-c1',
      agentPoolProfiles: [
        { name: 'system', mode: 'System', count: 1, vnetSubnetID: subnetId },
      ],
      networkProfile: {
        networkPlugin: 'none',
        podCidr: '10.244.0.0/16',
        serviceCidr: '10.245.0.0/16',
        dnsServiceIP: '10.245.0.10',
      },
    };
    const created = await aks.managedClusters.createOrUpdate(
      'lab',
      'c1',
      cluster,
      POLL,
    );
    expect(created.agentPoolProfiles?.[0].vnetSubnetID).toBe(subnetId);

    const inUse = {
      statusCode: 400,
      code: 'InUseSubnetCannotBeDeleted',
      message: `Subnet nodes is in use by ${created.id} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
    };
    await expect(
      network.subnets.delete('lab', 'vnet-c1', 'nodes', POLL),
    ).rejects.toMatchObject(inUse);
    await expect(
      network.virtualNetworks.delete('lab', 'vnet-c1', POLL),
    ).rejects.toMatchObject(inUse);
    await expect(
      network.virtualNetworks.createOrUpdate(
        'lab',
        'vnet-c1',
        {
          location: 'westeurope',
          addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
        },
        POLL,
      ),
    ).rejects.toMatchObject(inUse);

    await aks.managedClusters.delete('lab', 'c1', POLL);
    await expect(
      network.virtualNetworks.delete('lab', 'vnet-c1', POLL),
    ).resolves.toBeUndefined();
  });

  it.each([
    [
      'a subnet that does not exist',
      'vnet-c1/subnets/missing',
      'missing',
      'vnet-c1',
    ],
    [
      'a virtual network that does not exist',
      'vnet-gone/subnets/nodes',
      'nodes',
      'vnet-gone',
    ],
  ])(
    'refuses a vnetSubnetID naming %s',
    async (_, path, subnet, virtualNetwork) => {
      const response = await put(
        clusterIn(
          `/subscriptions/${emulator.subscriptionId}/resourceGroups/lab/providers/Microsoft.Network/virtualNetworks/${path}`,
        ),
      );
      expect(response.status).toBe('400');
      expect(response.body).toEqual({
        error: {
          code: 'InvalidParameter',
          target: 'agentPoolProfiles[0].vnetSubnetID',
          message: `The value of parameter agentPoolProfiles[0].vnetSubnetID is invalid. Error details: Could not find subnet ${subnet} in vnet ${virtualNetwork} from resource group lab of subscription ${emulator.subscriptionId}.`,
        },
      });
    },
  );

  it('refuses a vnetSubnetID that is no subnet id', async () => {
    const response = await put(clusterIn('nodes'));
    expect(response.status).toBe('400');
    expect(response.body.error).toMatchObject({
      code: 'InvalidParameter',
      target: 'agentPoolProfiles[0].vnetSubnetID',
    });
  });

  it.each([
    [
      'a pod CIDR overlapping the node subnet',
      { podCidr: '10.1.0.0/20' },
      'PodCidrOverlapExistingSubnetsCidr',
      'networkProfile.podCidr',
      'The specified pod CIDR 10.1.0.0/20 is conflicted with an existing subnet CIDR 10.1.0.0/22',
    ],
    [
      'a pod CIDR inside the virtual network, clear of its subnets',
      { podCidr: '10.1.128.0/17' },
      'InvalidParameter',
      'networkProfile.podCidr',
      "The value of parameter networkProfile.podCidr is invalid. Error details: The pod CIDR 10.1.128.0/17 overlaps address prefix 10.1.0.0/16 of virtual network 'vnet-c1'; it must not overlap the cluster's virtual network.",
    ],
    [
      'a service CIDR overlapping the node subnet',
      { serviceCidr: '10.1.0.0/16', dnsServiceIP: '10.1.0.10' },
      'ServiceCidrOverlapExistingSubnetsCidr',
      'networkProfile.serviceCidr',
      'The specified service CIDR 10.1.0.0/16 is conflicted with an existing subnet CIDR 10.1.0.0/22',
    ],
  ])('refuses %s', async (_, networkProfile, code, target, message) => {
    const response = await put(
      clusterIn(subnetId, { ...BYOCNI_NETWORK, ...networkProfile }),
    );
    expect(response.status).toBe('400');
    expect(response.body).toEqual({ error: { code, target, message } });
  });

  it('checks the defaulted service CIDR against the virtual network too', async () => {
    const defaultRange = await createSpokeNetwork(emulator, {
      resourceGroup: 'lab',
      name: 'vnet-default',
      addressPrefix: '10.0.0.0/16',
      nodeSubnetPrefix: '10.0.0.0/22',
    });

    const response = await put(
      clusterIn(defaultRange, {
        networkPlugin: 'none',
        podCidr: '10.244.0.0/16',
      }),
      'c2',
    );

    // AKS defaults serviceCidr to 10.0.0.0/16, the classic collision.
    expect(response.status).toBe('400');
    expect(response.body.error).toEqual({
      code: 'ServiceCidrOverlapExistingSubnetsCidr',
      target: 'networkProfile.serviceCidr',
      message:
        'The specified service CIDR 10.0.0.0/16 is conflicted with an existing subnet CIDR 10.0.0.0/22',
    });
  });
});
