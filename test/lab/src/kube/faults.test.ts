import { CoreV1Api, Watch } from '@kubernetes/client-node';
import { startTestCluster, TestCluster } from './testCluster';

describe('fault hooks', () => {
  let cluster: TestCluster;
  let core: CoreV1Api;

  beforeAll(async () => {
    cluster = await startTestCluster();
    core = cluster.admin.makeApiClient(CoreV1Api);
  });

  afterAll(() => cluster.server.stop());

  it('refuses connections while unreachable and serves again afterwards', async () => {
    await expect(core.listNamespace()).resolves.toBeDefined();
    await cluster.server.setReachable(false);
    const error = await core.listNamespace().catch(caught => caught);
    expect(error.code).toBe('ECONNREFUSED');
    await cluster.server.setReachable(true);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.length).toBeGreaterThan(0);
  });

  it('ends open watches when the server becomes unreachable', async () => {
    let ended!: (error: unknown) => void;
    const done = new Promise(resolve => (ended = resolve));
    await new Watch(cluster.admin).watch(
      '/api/v1/namespaces',
      {},
      () => undefined,
      ended,
    );
    await cluster.server.setReachable(false);
    await expect(done).resolves.toBeDefined();
    await cluster.server.setReachable(true);
  });

  it('still answers correctly with added latency', async () => {
    cluster.server.setLatency(20);
    const namespace = await core.readNamespace({ name: 'default' });
    cluster.server.setLatency(0);
    expect(namespace.metadata!.name).toBe('default');
  });
});
