import { ManagedCluster } from '@azure/arm-containerservice';
import { ArmEmulator } from './armEmulator';
import {
  FakeClusterFactory,
  RecordedExchange,
  containerServiceClient,
  createResourceGroup,
  startEmulator,
} from './__testUtils__/labAzure';

const POLL = { updateIntervalInMs: 10 };

const CLUSTER: ManagedCluster = {
  location: 'westeurope',
  dnsPrefix: 'faulty',
  agentPoolProfiles: [
    { name: 'system', mode: 'System', count: 1, vmSize: 'Standard_D2s_v5' },
  ],
  networkProfile: { networkPlugin: 'none', podCidr: '10.30.0.0/16' },
};

describe('faults', () => {
  let emulator: ArmEmulator;
  let factory: FakeClusterFactory;

  beforeEach(async () => {
    ({ emulator, factory } = await startEmulator());
    await createResourceGroup(emulator, 'lab');
  });

  afterEach(async () => {
    await emulator.stop();
  });

  it('fails the next operation with the given code and message', async () => {
    emulator.failNextOperations(1, {
      code: 'QuotaExceeded',
      message:
        'Provisioning of resource(s) for container service faulty in resource group lab failed.',
    });
    const aks = containerServiceClient(emulator);

    await expect(
      aks.managedClusters.createOrUpdate('lab', 'faulty', CLUSTER, POLL),
    ).rejects.toThrow(
      'The long-running operation has failed. QuotaExceeded. Provisioning of resource(s) for container service faulty in resource group lab failed.',
    );
    expect(
      (await aks.managedClusters.get('lab', 'faulty')).provisioningState,
    ).toBe('Failed');
    expect(factory.specs).toEqual([]);

    // A failed cluster can be PUT again; this time it is provisioned.
    await expect(
      aks.managedClusters.createOrUpdate('lab', 'faulty', CLUSTER, POLL),
    ).resolves.toMatchObject({ provisioningState: 'Succeeded' });
    expect(factory.specs.map(spec => spec.name)).toEqual(['faulty']);
  });

  it('fails only the named resource operation when a fault targets it', async () => {
    emulator.failNextOperations(
      1,
      { code: 'QuotaExceeded', message: 'No cores left for faulty-2.' },
      'faulty-2',
    );
    const aks = containerServiceClient(emulator);
    const create = (name: string) =>
      aks.managedClusters.createOrUpdate(
        'lab',
        name,
        { ...CLUSTER, dnsPrefix: name },
        POLL,
      );

    await expect(create('faulty-1')).resolves.toMatchObject({
      provisioningState: 'Succeeded',
    });
    await expect(create('faulty-2')).rejects.toThrow(
      'QuotaExceeded. No cores left for faulty-2.',
    );
    await expect(create('faulty-3')).resolves.toMatchObject({
      provisioningState: 'Succeeded',
    });
    // Consumed: the retry succeeds.
    await expect(create('faulty-2')).resolves.toMatchObject({
      provisioningState: 'Succeeded',
    });
  });

  it('cancels the next operation', async () => {
    emulator.cancelNextOperations(1);
    const aks = containerServiceClient(emulator);

    await expect(
      aks.managedClusters.createOrUpdate('lab', 'faulty', CLUSTER, POLL),
    ).rejects.toThrow('Operation was canceled');
    expect(
      (await aks.managedClusters.get('lab', 'faulty')).provisioningState,
    ).toBe('Canceled');
  });

  it('fails the operation with an internal error when the cluster factory throws', async () => {
    factory.failure = new Error('no free loopback port');
    const aks = containerServiceClient(emulator);

    await expect(
      aks.managedClusters.createOrUpdate('lab', 'faulty', CLUSTER, POLL),
    ).rejects.toThrow(
      'The long-running operation has failed. InternalOperationError. An internal error occurred while processing the operation: no free loopback port',
    );
  });

  it('keeps operations in progress for as many polls as asked', async () => {
    emulator.setOperationTiming({ polls: 3 });
    const exchanges: RecordedExchange[] = [];
    const aks = containerServiceClient(emulator, { record: exchanges });

    await expect(
      aks.managedClusters.createOrUpdate('lab', 'faulty', CLUSTER, POLL),
    ).resolves.toMatchObject({ provisioningState: 'Succeeded' });
    const polls = exchanges.filter(exchange =>
      exchange.url.includes('/operations/'),
    );
    expect(polls.map(poll => JSON.parse(poll.body ?? '{}').status)).toEqual([
      'InProgress',
      'InProgress',
      'Succeeded',
    ]);
  });

  it('throttles with 429 and Retry-After, which the SDK retries', async () => {
    const exchanges: RecordedExchange[] = [];
    const aks = containerServiceClient(emulator, { record: exchanges });
    await aks.managedClusters.createOrUpdate('lab', 'faulty', CLUSTER, POLL);
    emulator.throttleNextRequests(1, 1);
    exchanges.length = 0;

    await expect(
      aks.managedClusters.get('lab', 'faulty'),
    ).resolves.toMatchObject({
      name: 'faulty',
    });
    expect(exchanges.map(exchange => exchange.status)).toEqual([429, 200]);
  });

  it('surfaces throttling when retries are off', async () => {
    const aks = containerServiceClient(emulator, { maxRetries: 0 });
    emulator.throttleNextRequests(1, 7);

    const failure = await aks.managedClusters
      .get('lab', 'faulty')
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({
      statusCode: 429,
      code: 'TooManyRequests',
      message:
        "The request is being throttled. Please try again after '7' seconds.",
    });
    expect(
      (
        failure as { response?: { headers: { get(name: string): string } } }
      ).response?.headers.get('retry-after'),
    ).toBe('7');
  });
});
