import { Lab } from '@meshportal/lab';
import {
  expectNoSecrets,
  labArm,
  labConnection,
  putWithoutPolling,
  secretsOf,
} from './__testUtils__/labAzure';
import { ArmRestClient, armScopeFor } from './armRestClient';
import { AzureConnection } from './azureConnection';
import { AzureOperationError } from './azureOperationError';

// Backends and lab clusters start slowly on a loaded 2-core machine (CI runs suites in parallel).
jest.setTimeout(60_000);

const NETWORK = '2024-05-01';
const RESOURCES = '2021-04-01';

describe('armScopeFor', () => {
  it.each([
    ['https://management.azure.com', 'https://management.azure.com/.default'],
    ['https://management.azure.com/', 'https://management.azure.com/.default'],
    [
      'https://management.usgovcloudapi.net',
      'https://management.usgovcloudapi.net/.default',
    ],
    [
      'https://management.chinacloudapi.cn/',
      'https://management.chinacloudapi.cn/.default',
    ],
    // Emulators and proxies stand in for the public cloud and take its tokens.
    ['https://127.21.0.7:40123', 'https://management.azure.com/.default'],
  ])('%s → %s', (endpoint, scope) => {
    expect(armScopeFor(endpoint)).toBe(scope);
  });
});

describe('ArmRestClient against the lab', () => {
  let lab: Lab;
  let connection: AzureConnection;
  let arm: ArmRestClient;
  let secrets: string[];
  let sub: string;

  beforeAll(async () => {
    lab = await Lab.start();
    connection = labConnection(lab);
    arm = labArm(connection);
    sub = `/subscriptions/${lab.arm.subscriptionId}`;
    secrets = await secretsOf(lab, connection);
    await arm.put(`${sub}/resourcegroups/rg-client`, RESOURCES, {
      location: 'westeurope',
    });
  }, 30_000);

  afterAll(async () => {
    await lab?.stop();
  });

  afterEach(() => {
    lab.arm.setOperationTiming({ polls: 1, durationMs: 0 });
  });

  const vnetPath = (name: string) =>
    `${sub}/resourceGroups/rg-client/providers/Microsoft.Network/virtualNetworks/${name}`;
  const vnetBody = (prefix: string) => ({
    location: 'westeurope',
    properties: { addressSpace: { addressPrefixes: [prefix] } },
  });

  async function rejection(promise: Promise<unknown>): Promise<unknown> {
    try {
      await promise;
    } catch (error) {
      return error;
    }
    throw new Error('expected a rejection');
  }

  it('gets undefined for a missing resource and the body of an existing one', async () => {
    await expect(
      arm.get(`${sub}/resourcegroups/rg-absent`, RESOURCES),
    ).resolves.toBeUndefined();
    await expect(
      arm.get(`${sub}/resourcegroups/rg-client`, RESOURCES),
    ).resolves.toMatchObject({
      name: 'rg-client',
      location: 'westeurope',
      properties: { provisioningState: 'Succeeded' },
    });
  });

  it('follows a PUT through its operation and reports ARM statuses', async () => {
    const statuses: string[] = [];
    const vnet = await arm.put(
      vnetPath('vnet-progress'),
      NETWORK,
      vnetBody('10.50.0.0/16'),
      { onProgress: status => statuses.push(status) },
    );
    expect(vnet).toMatchObject({
      name: 'vnet-progress',
      properties: { provisioningState: 'Succeeded' },
    });
    // The PUT's body, the status resource, then the final GET.
    expect(statuses).toEqual(['Updating', 'Succeeded', 'Succeeded']);
  });

  it('turns a failed operation into ARM code and message', async () => {
    lab.faults.failArmOperations(1, {
      code: 'QuotaExceeded',
      message:
        'Operation could not be completed as it results in exceeding approved quota.',
    });
    const error = await rejection(
      arm.put(vnetPath('vnet-failed'), NETWORK, vnetBody('10.51.0.0/16')),
    );
    expect(error).toBeInstanceOf(AzureOperationError);
    expect(error).toMatchObject({
      code: 'QuotaExceeded',
      message:
        'ARM QuotaExceeded: Operation could not be completed as it results in exceeding approved quota.',
    });
    expectNoSecrets(JSON.stringify(error), secrets);
  });

  it('turns a canceled operation into OperationCanceled', async () => {
    lab.arm.cancelNextOperations(1);
    await expect(
      arm.put(vnetPath('vnet-canceled'), NETWORK, vnetBody('10.52.0.0/16')),
    ).rejects.toMatchObject({
      name: 'AzureOperationError',
      code: 'OperationCanceled',
    });
  });

  it('turns a refused request into code, status and target', async () => {
    const error = await rejection(
      arm.put(vnetPath('vnet-bad'), NETWORK, vnetBody('10.53.0.1/16')),
    );
    expect(error).toMatchObject({
      name: 'AzureOperationError',
      code: 'InvalidCIDRNotation',
      status: 400,
      target: 'properties.addressSpace.addressPrefixes[0]',
    });
    expect((error as Error).message).toMatch(
      /^ARM InvalidCIDRNotation: The address prefix 10\.53\.0\.1\/16 .* should be 10\.53\.0\.0\/16\.$/,
    );
    expectNoSecrets(
      `${(error as Error).message} ${JSON.stringify(error)}`,
      secrets,
    );
  });

  it('retries throttled requests after their Retry-After', async () => {
    lab.faults.throttleArm(2, 1);
    const started = Date.now();
    await expect(
      arm.get(`${sub}/resourcegroups/rg-client`, RESOURCES),
    ).resolves.toMatchObject({ name: 'rg-client' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
  }, 15_000);

  it('gives up with TooManyRequests when throttling outlasts the retries', async () => {
    lab.faults.throttleArm(4, 1);
    await expect(
      arm.get(`${sub}/resourcegroups/rg-client`, RESOURCES),
    ).rejects.toMatchObject({
      code: 'TooManyRequests',
      status: 429,
      message:
        "ARM TooManyRequests: The request is being throttled. Please try again after '1' seconds.",
    });
  }, 15_000);

  it('stops polling when the signal aborts', async () => {
    lab.arm.setOperationTiming({ polls: 1_000 });
    const controller = new AbortController();
    const put = arm.put(
      vnetPath('vnet-aborted'),
      NETWORK,
      vnetBody('10.54.0.0/16'),
      {
        signal: controller.signal,
        onProgress: status => {
          if (status === 'InProgress') controller.abort();
        },
      },
    );
    await expect(put).rejects.toMatchObject({ name: 'AbortError' });
    await expect(
      arm.get(vnetPath('vnet-aborted'), NETWORK),
    ).resolves.toMatchObject({ properties: { provisioningState: 'Updating' } });
  });

  it('follows an operation status URL to its end, but only on the ARM endpoint', async () => {
    lab.arm.setOperationTiming({ polls: 3 });
    await putWithoutPolling(
      lab,
      connection,
      vnetPath('vnet-followed'),
      NETWORK,
      vnetBody('10.55.0.0/16'),
    );
    const busy = await rejection(
      arm.put(vnetPath('vnet-followed'), NETWORK, vnetBody('10.55.0.0/16')),
    );
    expect(busy).toMatchObject({
      code: 'AnotherOperationInProgress',
      status: 409,
    });
    const url = /uri: (\S+?)\.?$/.exec(
      (busy as AzureOperationError).armMessage,
    )![1];
    await expect(arm.waitForOperation(url, { timeoutMs: 5_000 })).resolves.toBe(
      'Succeeded',
    );

    const foreign = new URL(url);
    foreign.hostname = 'management.example.org';
    await expect(
      arm.waitForOperation(foreign.href, { timeoutMs: 5_000 }),
    ).rejects.toMatchObject({ code: 'InvalidOperationLocation' });
  });

  it('posts actions and maps their refusals', async () => {
    await expect(
      arm.post(
        `${sub}/resourceGroups/rg-client/providers/Microsoft.ContainerService/managedClusters/aks-none/listClusterAdminCredential`,
        '2026-06-01',
      ),
    ).rejects.toMatchObject({ code: 'ResourceNotFound', status: 404 });
  });
});
