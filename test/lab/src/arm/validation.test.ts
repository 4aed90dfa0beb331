import { KnownVersions, RestError } from '@azure/arm-containerservice';
import { ArmEmulator } from './armEmulator';
import {
  BYOCNI_CLUSTER,
  armClient,
  containerServiceClient,
  createResourceGroup,
  managedClusterPath,
  startEmulator,
} from './__testUtils__/labAzure';

type Body = typeof BYOCNI_CLUSTER;
type NetworkProfile = Partial<Body['properties']['networkProfile']>;

function withNetwork(networkProfile: NetworkProfile): Body {
  return {
    ...BYOCNI_CLUSTER,
    properties: {
      ...BYOCNI_CLUSTER.properties,
      networkProfile: networkProfile as Body['properties']['networkProfile'],
    },
  };
}

function withProperties(properties: Record<string, unknown>): Body {
  return {
    ...BYOCNI_CLUSTER,
    properties: { ...BYOCNI_CLUSTER.properties, ...properties },
  };
}

describe('managed cluster validation', () => {
  let emulator: ArmEmulator;

  beforeAll(async () => {
    ({ emulator } = await startEmulator());
    await createResourceGroup(emulator, 'lab');
  });

  afterAll(async () => {
    await emulator.stop();
  });

  async function put(
    body: unknown,
    apiVersion = '2026-10-02-preview',
    name = 'checked',
  ) {
    return armClient(emulator)
      .pathUnchecked(managedClusterPath(emulator, 'lab', name))
      .put({ queryParameters: { 'api-version': apiVersion }, body });
  }

  it('answers a swagger violation through the GA SDK with a 400 RestError naming the field', async () => {
    const aks = containerServiceClient(emulator);
    const failure = await aks.managedClusters
      .createOrUpdate('lab', 'bad-pod-cidr', {
        location: 'westeurope',
        dnsPrefix: 'bad',
        agentPoolProfiles: [
          {
            name: 'system',
            mode: 'System',
            count: 1,
            vmSize: 'Standard_D2s_v5',
          },
        ],
        networkProfile: { networkPlugin: 'none', podCidr: '10.10.0/16' },
      })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RestError);
    // The LRO path of the SDK keeps only code and message of the body, so the message names the field too.
    expect(failure).toMatchObject({
      statusCode: 400,
      code: 'InvalidParameter',
      message: expect.stringContaining('properties.networkProfile.podCidr'),
    });
  });

  it.each([
    [
      'an agent pool name against the swagger pattern',
      withProperties({
        agentPoolProfiles: [{ name: 'System-Pool', mode: 'System', count: 1 }],
      }),
      'properties.agentPoolProfiles[0].name',
    ],
    [
      'an unknown enum value',
      withNetwork({
        networkPlugin: 'flannel' as 'none',
        podCidr: '10.10.0.0/16',
      }),
      'properties.networkProfile.networkPlugin',
    ],
    [
      'a missing location',
      { properties: BYOCNI_CLUSTER.properties },
      'location',
    ],
  ])('checks %s', async (_, body, target) => {
    const response = await put(body);
    expect(response.status).toBe('400');
    expect(response.body).toEqual({
      error: {
        code: 'InvalidParameter',
        target,
        message: expect.stringContaining(target),
      },
    });
  });

  it.each([
    [
      'BYOCNI without a pod CIDR',
      withNetwork({
        networkPlugin: 'none',
        serviceCidr: '10.11.0.0/16',
        dnsServiceIP: '10.11.0.10',
      }),
      'networkProfile.podCidr',
    ],
    [
      'a DNS service IP outside the service CIDR',
      withNetwork({
        networkPlugin: 'none',
        podCidr: '10.10.0.0/16',
        serviceCidr: '10.11.0.0/16',
        dnsServiceIP: '10.12.0.10',
      }),
      'networkProfile.dnsServiceIP',
    ],
    [
      'a DNS service IP on the first address of the service CIDR',
      withNetwork({
        networkPlugin: 'none',
        podCidr: '10.10.0.0/16',
        serviceCidr: '10.11.0.0/16',
        dnsServiceIP: '10.11.0.1',
      }),
      'networkProfile.dnsServiceIP',
    ],
    [
      'overlapping pod and service CIDRs',
      withNetwork({
        networkPlugin: 'none',
        podCidr: '10.10.0.0/16',
        serviceCidr: '10.10.128.0/17',
        dnsServiceIP: '10.10.128.10',
      }),
      'networkProfile.serviceCidr',
    ],
    [
      'a pod CIDR in a reserved range',
      withNetwork({ networkPlugin: 'none', podCidr: '172.30.0.0/16' }),
      'networkProfile.podCidr',
    ],
    [
      'a pod CIDR with an impossible octet',
      withNetwork({ networkPlugin: 'none', podCidr: '10.300.0.0/16' }),
      'networkProfile.podCidr',
    ],
    [
      'a DNS prefix with a dot',
      withProperties({ dnsPrefix: 'lab.c1' }),
      'dnsPrefix',
    ],
    [
      'a missing DNS prefix',
      withProperties({ dnsPrefix: undefined }),
      'dnsPrefix',
    ],
    [
      'duplicate agent pool names',
      withProperties({
        agentPoolProfiles: [
          { name: 'system', mode: 'System', count: 1 },
          { name: 'system', mode: 'User', count: 1 },
        ],
      }),
      'agentPoolProfiles[1].name',
    ],
    [
      'a cluster without a system pool',
      withProperties({
        agentPoolProfiles: [{ name: 'user', mode: 'User', count: 1 }],
      }),
      'agentPoolProfiles',
    ],
  ])('applies the AKS rule against %s', async (_, body, target) => {
    const response = await put(body);
    expect(response.status).toBe('400');
    expect(response.body).toEqual({
      error: {
        code: 'InvalidParameter',
        target,
        message: expect.stringMatching(
          new RegExp(
            `^The value of parameter ${target.replace(
              /[[\]]/g,
              '\\$&',
            )} is invalid\\. Error details: `,
          ),
        ),
      },
    });
  });

  it('refuses to change what AKS fixes at creation', async () => {
    const path = managedClusterPath(emulator, 'lab', 'fixed');
    const created = await put(BYOCNI_CLUSTER, '2026-10-02-preview', 'fixed');
    expect(created.status).toBe('201');
    await armClient(emulator)
      .pathUnchecked(created.headers['azure-asyncoperation'] ?? '')
      .get();

    const response = await put(
      withProperties({ dnsPrefix: 'renamed' }),
      '2026-10-02-preview',
      'fixed',
    );
    expect(response.status).toBe('400');
    expect(response.body).toEqual({
      error: {
        code: 'PropertyChangeNotAllowed',
        message: "Changing property 'dnsPrefix' is not allowed.",
        target: 'dnsPrefix',
      },
    });
    const unchanged = await armClient(emulator)
      .pathUnchecked(path)
      .get({ queryParameters: { 'api-version': '2026-06-01' } });
    expect(unchanged.body.properties.dnsPrefix).toBe('lab-c1');
  });

  it('refuses unknown and missing api-versions', async () => {
    const unknown = await put(BYOCNI_CLUSTER, '2019-01-01');
    expect(unknown.status).toBe('400');
    expect(unknown.body.error).toEqual({
      code: 'InvalidApiVersionParameter',
      message: expect.stringContaining(
        "The api-version '2019-01-01' is invalid.",
      ),
    });

    const missing = await armClient(emulator)
      .pathUnchecked(managedClusterPath(emulator, 'lab', 'checked'))
      .get();
    expect(missing.status).toBe('400');
    expect(missing.body.error.code).toBe('MissingApiVersionParameter');
  });

  it('serves every api-version the GA SDK knows', async () => {
    const versions = Object.values(KnownVersions) as string[];
    const statuses = await Promise.all(
      versions.map(async version => {
        const response = await armClient(emulator)
          .pathUnchecked(
            `/subscriptions/${emulator.subscriptionId}/resourceGroups/lab/providers/Microsoft.ContainerService/managedClusters`,
          )
          .get({ queryParameters: { 'api-version': version } });
        return [version, response.status];
      }),
    );
    expect(statuses).toEqual(versions.map(version => [version, '200']));
  });
});
