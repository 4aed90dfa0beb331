import { CoreV1Api, V1Secret, Watch } from '@kubernetes/client-node';
import { startTestCluster, statusOf, TestCluster } from './testCluster';

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

  describe('failNextRequests', () => {
    const releaseSecret = (name: string): V1Secret => ({
      metadata: { name, labels: { owner: 'helm' } },
      type: 'helm.sh/release.v1',
      data: { release: Buffer.from('H4sI').toString('base64') },
    });

    it('fails the next matching creates without storing anything, then lets them through', async () => {
      cluster.server.failNextRequests(
        {
          verb: 'create',
          resource: 'secrets',
          namePrefix: 'sh.helm.release.v1.',
        },
        2,
      );
      for (const attempt of [1, 2]) {
        const error = await core
          .createNamespacedSecret({
            namespace: 'kube-system',
            body: releaseSecret(`sh.helm.release.v1.cilium.v${attempt}`),
          })
          .catch(caught => caught);
        expect(statusOf(error)).toEqual({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'etcdserver: request timed out',
          reason: 'InternalError',
          code: 500,
        });
      }
      const unmatched = await core.createNamespacedSecret({
        namespace: 'kube-system',
        body: releaseSecret('not-a-release'),
      });
      expect(unmatched.metadata!.name).toBe('not-a-release');
      const secrets = await core.listNamespacedSecret({
        namespace: 'kube-system',
        labelSelector: 'owner=helm',
      });
      expect(secrets.items.map(secret => secret.metadata!.name)).toEqual([
        'not-a-release',
      ]);
      const third = await core.createNamespacedSecret({
        namespace: 'kube-system',
        body: releaseSecret('sh.helm.release.v1.cilium.v1'),
      });
      expect(third.metadata!.name).toBe('sh.helm.release.v1.cilium.v1');
    });

    it.each([
      {
        rule: 'a list of them',
        request: () => core.listNamespacedConfigMap({ namespace: 'default' }),
      },
      {
        rule: 'a get in another namespace',
        request: () =>
          core.readNamespacedConfigMap({
            name: 'kube-root-ca.crt',
            namespace: 'kube-public',
          }),
      },
      {
        rule: 'a get of another resource',
        request: () =>
          core.readNamespacedServiceAccount({
            name: 'default',
            namespace: 'default',
          }),
      },
    ])(
      'leaves $rule alone when armed for gets of ConfigMaps in default',
      async ({ request }) => {
        cluster.server.failNextRequests(
          { verb: 'get', resource: 'configmaps', namespace: 'default' },
          1,
          { code: 429, reason: 'TooManyRequests', message: 'slow down' },
        );
        await expect(request()).resolves.toBeDefined();
        // Still armed: the request it is for takes it.
        const error = await core
          .readNamespacedConfigMap({
            name: 'kube-root-ca.crt',
            namespace: 'default',
          })
          .catch(caught => caught);
        expect(statusOf(error)).toMatchObject({
          code: 429,
          reason: 'TooManyRequests',
          message: 'slow down',
        });
      },
    );
  });
});
