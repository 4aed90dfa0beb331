import {
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { KubeApiServer } from './apiServer';
import {
  rawRequest,
  startTestCluster,
  statusOf,
  testClusterSpec,
  TestCluster,
} from './testCluster';
import { Identity } from './types';

describe('authentication and authorization', () => {
  const entraUser: Identity = {
    user: 'alice@contoso.example',
    groups: ['mesh-operators'],
    rules: [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
      {
        apiGroups: [''],
        resources: ['configmaps'],
        verbs: ['get'],
        resourceNames: ['allowed'],
      },
    ],
  };
  let cluster: TestCluster;
  let reader: CoreV1Api;
  let admin: CoreV1Api;

  beforeAll(async () => {
    cluster = await startTestCluster({
      authenticateBearer: token =>
        token === 'entra-token' ? entraUser : undefined,
    });
    reader = cluster.reader.makeApiClient(CoreV1Api);
    admin = cluster.admin.makeApiClient(CoreV1Api);
    await admin.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'x' }, data: { a: '1' } },
    });
    await admin.createNamespacedSecret({
      namespace: 'default',
      body: { metadata: { name: 'token' }, stringData: { t: 's' } },
    });
    await admin.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'agent' },
        spec: {
          containers: [
            {
              name: 'agent',
              image: 'cilium',
              ports: [{ containerPort: 9962 }],
            },
          ],
        },
      },
    });
    cluster.server.registerPodProxy('default', 'agent', 9962, () => ({
      status: 200,
      body: 'healthy',
    }));
  });

  afterAll(() => cluster.server.stop());

  function kubeConfigWithToken(token: string): KubeConfig {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(cluster.server.readOnlyKubeconfig());
    kubeConfig.users[0] = { ...kubeConfig.users[0], token };
    return kubeConfig;
  }

  it('answers 401 Unauthorized without credentials or with an unknown token', async () => {
    const anonymous = await rawRequest(cluster.server, '/api/v1/namespaces');
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    const unknown = await kubeConfigWithToken('nope')
      .makeApiClient(CoreV1Api)
      .listNamespace()
      .catch(error => error);
    expect(unknown.code).toBe(401);
  });

  it('lets the read-only identity list pods and read everything but Secrets', async () => {
    const pods = await reader.listPodForAllNamespaces();
    expect(pods.items.map(pod => pod.metadata!.name)).toContain('agent');
    await expect(
      reader.readNamespacedConfigMap({ name: 'x', namespace: 'default' }),
    ).resolves.toBeDefined();
    await expect(reader.listNode()).resolves.toBeDefined();
  });

  it('forbids the read-only identity to write, with the real API server message', async () => {
    const error = await reader
      .patchNamespacedConfigMap(
        { name: 'x', namespace: 'default', body: { data: { a: '2' } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      )
      .catch(caught => caught);
    expect(error.code).toBe(403);
    expect(statusOf(error)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'configmaps "x" is forbidden: User "reader" cannot patch resource "configmaps" in API group "" in the namespace "default"',
      reason: 'Forbidden',
      details: { name: 'x', kind: 'configmaps' },
      code: 403,
    });
    const create = await reader
      .createNamespace({ body: { metadata: { name: 'mine' } } })
      .catch(caught => caught);
    expect(statusOf(create).message).toBe(
      'namespaces is forbidden: User "reader" cannot create resource "namespaces" in API group "" at the cluster scope',
    );
  });

  it('forbids the read-only identity to read Secrets', async () => {
    const error = await reader
      .readNamespacedSecret({ name: 'token', namespace: 'default' })
      .catch(caught => caught);
    expect(statusOf(error)).toMatchObject({
      code: 403,
      message:
        'secrets "token" is forbidden: User "reader" cannot get resource "secrets" in API group "" in the namespace "default"',
    });
    const list = await reader
      .listSecretForAllNamespaces()
      .catch(caught => caught);
    expect(list.code).toBe(403);
  });

  it('lets the read-only identity reach pods through the proxy but not exec into them', async () => {
    const proxied = await reader.connectGetNamespacedPodProxyWithPath({
      name: 'agent',
      namespace: 'default',
      path: 'healthz',
    });
    expect(proxied).toBe('healthy');
    const exec = await reader
      .connectPostNamespacedPodExec({
        name: 'agent',
        namespace: 'default',
        command: 'ls',
      })
      .catch(caught => caught);
    expect(statusOf(exec)).toMatchObject({
      code: 403,
      message:
        'pods "agent" is forbidden: User "reader" cannot create resource "pods/exec" in API group "" in the namespace "default"',
    });
  });

  it('tells an authorised exec without a WebSocket upgrade that it needs one', async () => {
    const exec = await admin
      .connectPostNamespacedPodExec({
        name: 'agent',
        namespace: 'default',
        command: 'ls',
      })
      .catch(caught => caught);
    expect(statusOf(exec)).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'Upgrade request required',
    });
  });

  it('accepts tokens from the bearer callback and applies their rules', async () => {
    const alice = kubeConfigWithToken('entra-token').makeApiClient(CoreV1Api);
    const created = await alice.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'allowed' } },
    });
    expect(created.metadata!.name).toBe('allowed');
    await expect(
      alice.readNamespacedConfigMap({ name: 'allowed', namespace: 'default' }),
    ).resolves.toBeDefined();
    const other = await alice
      .readNamespacedConfigMap({ name: 'x', namespace: 'default' })
      .catch(caught => caught);
    expect(statusOf(other).message).toBe(
      'configmaps "x" is forbidden: User "alice@contoso.example" cannot get resource "configmaps" in API group "" in the namespace "default"',
    );
  });

  it('ignores client certificates from another cluster CA', async () => {
    const other = await KubeApiServer.start(testClusterSpec({ name: 'other' }));
    try {
      const foreign = new KubeConfig();
      foreign.loadFromString(other.adminKubeconfig());
      foreign.users[0] = { ...foreign.users[0], token: undefined };
      foreign.clusters[0] = {
        ...foreign.clusters[0],
        server: cluster.server.apiServerUrl,
        caData: Buffer.from(cluster.server.caPem).toString('base64'),
      };
      const error = await foreign
        .makeApiClient(CoreV1Api)
        .listNamespace()
        .catch(caught => caught);
      expect(error.code).toBe(401);
    } finally {
      await other.stop();
    }
  });

  it('accepts identities added at runtime', async () => {
    cluster.server.addIdentity('ops-token', {
      user: 'ops',
      groups: ['system:masters'],
    });
    const ops = kubeConfigWithToken('ops-token').makeApiClient(CoreV1Api);
    await expect(
      ops.readNamespacedSecret({ name: 'token', namespace: 'default' }),
    ).resolves.toBeDefined();
  });
});
