import {
  AppsV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  V1ConfigMap,
  V1Deployment,
} from '@kubernetes/client-node';
import { startTestCluster, statusOf, TestCluster } from './testCluster';

describe('objects over HTTP', () => {
  let cluster: TestCluster;
  let core: CoreV1Api;
  let apps: AppsV1Api;

  beforeAll(async () => {
    cluster = await startTestCluster();
    core = cluster.admin.makeApiClient(CoreV1Api);
    apps = cluster.admin.makeApiClient(AppsV1Api);
    await core.createNamespace({ body: { metadata: { name: 'objects' } } });
  });

  afterAll(() => cluster.server.stop());

  const configMap = (
    name: string,
    data: Record<string, string> = { a: '1' },
  ): V1ConfigMap => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels: { app: 'test' } },
    data,
  });

  it('creates and reads a ConfigMap with server-set metadata', async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: 'objects',
      body: configMap('created'),
    });
    expect(created.metadata).toMatchObject({
      namespace: 'objects',
      name: 'created',
    });
    expect(created.metadata!.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata!.resourceVersion).toMatch(/^\d+$/);
    expect(created.metadata!.creationTimestamp).toBeInstanceOf(Date);
    const read = await core.readNamespacedConfigMap({
      name: 'created',
      namespace: 'objects',
    });
    expect(read).toEqual(created);
  });

  it('merge-patches a ConfigMap when client-node is told to', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'objects',
      body: configMap('merge', { a: '1', b: '2' }),
    });
    const patched = await core.patchNamespacedConfigMap(
      {
        name: 'merge',
        namespace: 'objects',
        body: { data: { b: null, c: '3' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.data).toEqual({ a: '1', c: '3' });
  });

  it('applies JSON patches, which typed client-node calls send by default', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'objects',
      body: configMap('json-patch'),
    });
    const patched = await core.patchNamespacedConfigMap({
      name: 'json-patch',
      namespace: 'objects',
      body: [
        { op: 'test', path: '/data/a', value: '1' },
        { op: 'replace', path: '/data/a', value: '2' },
        { op: 'add', path: '/metadata/labels/extra', value: 'yes' },
      ],
    });
    expect(patched.data).toEqual({ a: '2' });
    expect(patched.metadata!.labels).toEqual({ app: 'test', extra: 'yes' });
    const failedTest = await core
      .patchNamespacedConfigMap({
        name: 'json-patch',
        namespace: 'objects',
        body: [{ op: 'test', path: '/data/a', value: 'x' }],
      })
      .catch(error => error);
    expect(statusOf(failedTest)).toMatchObject({ code: 422 });
  });

  it('strategic-merge-patches through KubernetesObjectApi, merging containers and env by name', async () => {
    const client = KubernetesObjectApi.makeApiClient(cluster.admin);
    await client.create<V1ConfigMap>({
      ...configMap('strategic'),
      metadata: { name: 'strategic', namespace: 'objects' },
    });
    const patchedConfigMap = await client.patch<V1ConfigMap>({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'strategic', namespace: 'objects' },
      data: { b: '2' },
    });
    expect(patchedConfigMap.data).toEqual({ a: '1', b: '2' });

    await apps.createNamespacedDeployment({
      namespace: 'objects',
      body: deployment('web'),
    });
    const patched = await client.patch<V1Deployment>({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'objects' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          spec: {
            containers: [
              { name: 'sidecar', image: 'busybox:1' },
              {
                name: 'app',
                image: 'nginx:2',
                env: [{ name: 'B', value: 'b' }],
              },
            ],
          },
        },
      },
    } as V1Deployment);
    const containers = patched.spec!.template.spec!.containers;
    expect(
      containers.map(container => [container.name, container.image]),
    ).toEqual([
      ['app', 'nginx:2'],
      ['sidecar', 'busybox:1'],
    ]);
    expect(containers[0].env).toEqual([
      { name: 'A', value: 'a' },
      { name: 'B', value: 'b' },
    ]);
    expect(patched.metadata!.generation).toBe(2);
  });

  it('answers 409 Conflict to an update with a stale resourceVersion', async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: 'objects',
      body: configMap('stale'),
    });
    await core.replaceNamespacedConfigMap({
      name: 'stale',
      namespace: 'objects',
      body: { ...created, data: { a: '2' } },
    });
    const error = await core
      .replaceNamespacedConfigMap({
        name: 'stale',
        namespace: 'objects',
        body: { ...created, data: { a: '3' } },
      })
      .catch(caught => caught);
    expect(error.code).toBe(409);
    expect(statusOf(error)).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Conflict',
      code: 409,
      message:
        'Operation cannot be fulfilled on configmaps "stale": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'stale', kind: 'configmaps' },
    });
  });

  it('answers 409 AlreadyExists to a second create', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'objects',
      body: configMap('twice'),
    });
    const error = await core
      .createNamespacedConfigMap({
        namespace: 'objects',
        body: configMap('twice'),
      })
      .catch(caught => caught);
    expect(statusOf(error)).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      message: 'configmaps "twice" already exists',
    });
  });

  it('answers 422 Invalid naming the offending fields', async () => {
    const error = await core
      .createNamespacedPod({
        namespace: 'objects',
        body: {
          metadata: { name: 'Bad_Name' },
          spec: { containers: [{ image: 'nginx' } as never] },
        },
      })
      .catch(caught => caught);
    const status = statusOf(error);
    expect(status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      details: { name: 'Bad_Name', kind: 'Pod' },
    });
    expect(status.details.causes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'spec.containers[0].name',
          reason: 'FieldValueRequired',
        }),
        expect.objectContaining({
          field: 'metadata.name',
          reason: 'FieldValueInvalid',
        }),
      ]),
    );
    expect(status.message).toMatch(/^Pod "Bad_Name" is invalid: \[/);
  });

  it('answers 404 for objects in a namespace that does not exist', async () => {
    const error = await core
      .createNamespacedConfigMap({
        namespace: 'nowhere',
        body: configMap('lost'),
      })
      .catch(caught => caught);
    expect(statusOf(error)).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'namespaces "nowhere" not found',
    });
  });

  it('rejects a body whose namespace contradicts the URL', async () => {
    const body = {
      ...configMap('elsewhere'),
      metadata: { name: 'elsewhere', namespace: 'default' },
    };
    const error = await core
      .createNamespacedConfigMap({ namespace: 'objects', body })
      .catch(caught => caught);
    expect(statusOf(error)).toMatchObject({ code: 400, reason: 'BadRequest' });
  });

  it('folds Secret stringData into base64 data', async () => {
    const secret = await core.createNamespacedSecret({
      namespace: 'objects',
      body: {
        metadata: { name: 'credentials' },
        stringData: { password: 'hunter2' },
        data: { user: Buffer.from('me').toString('base64') },
      },
    });
    expect(secret.type).toBe('Opaque');
    expect(secret.stringData).toBeUndefined();
    expect(Buffer.from(secret.data!.password, 'base64').toString()).toBe(
      'hunter2',
    );
    expect(Buffer.from(secret.data!.user, 'base64').toString()).toBe('me');
  });

  it('keeps spec and status writes apart and bumps generation only on spec changes', async () => {
    const created = await apps.createNamespacedDeployment({
      namespace: 'objects',
      body: deployment('split'),
    });
    expect(created.metadata!.generation).toBe(1);
    expect(created.spec!.replicas).toBe(1);
    // The deployment controller writes the status as well, so these writes
    // go without a resourceVersion rather than conflict with it.
    const { resourceVersion: _resourceVersion, ...metadata } =
      created.metadata!;
    const withStatus = await apps.replaceNamespacedDeploymentStatus({
      name: 'split',
      namespace: 'objects',
      body: {
        ...created,
        metadata,
        spec: { ...created.spec!, replicas: 5 },
        status: { readyReplicas: 1, observedGeneration: 1 },
      },
    });
    expect(withStatus.status).toEqual({
      readyReplicas: 1,
      observedGeneration: 1,
    });
    expect(withStatus.spec!.replicas).toBe(1);
    expect(withStatus.metadata!.generation).toBe(1);
    const { status: statusBeforeScaling } =
      await apps.readNamespacedDeploymentStatus({
        name: 'split',
        namespace: 'objects',
      });
    const scaled = await apps.replaceNamespacedDeployment({
      name: 'split',
      namespace: 'objects',
      body: {
        ...withStatus,
        metadata,
        spec: { ...withStatus.spec!, replicas: 3 },
        status: {},
      },
    });
    expect(scaled.spec!.replicas).toBe(3);
    expect(scaled.status).toEqual(statusBeforeScaling);
    expect(scaled.metadata!.generation).toBe(2);
    const statusPatched = await apps.patchNamespacedDeploymentStatus(
      {
        name: 'split',
        namespace: 'objects',
        body: { status: { readyReplicas: 3 } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(statusPatched.status!.readyReplicas).toBe(3);
    expect(statusPatched.metadata!.generation).toBe(2);
  });

  it('writes nothing on dry runs', async () => {
    const dryRun = await core.createNamespacedConfigMap({
      namespace: 'objects',
      body: configMap('imagined'),
      dryRun: 'All',
    });
    expect(dryRun.metadata!.name).toBe('imagined');
    const error = await core
      .readNamespacedConfigMap({ name: 'imagined', namespace: 'objects' })
      .catch(caught => caught);
    expect(error.code).toBe(404);
    await core.createNamespacedConfigMap({
      namespace: 'objects',
      body: configMap('kept'),
    });
    await core.deleteNamespacedConfigMap({
      name: 'kept',
      namespace: 'objects',
      dryRun: 'All',
    });
    await expect(
      core.readNamespacedConfigMap({ name: 'kept', namespace: 'objects' }),
    ).resolves.toBeDefined();
  });

  it('deletes objects, and namespaces together with their contents', async () => {
    await core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    await core.createNamespacedConfigMap({
      namespace: 'doomed',
      body: configMap('inside'),
    });
    const status = await core.deleteNamespacedConfigMap({
      name: 'inside',
      namespace: 'doomed',
    });
    expect(status).toMatchObject({
      status: 'Success',
      details: { name: 'inside', kind: 'configmaps' },
    });
    await core.createNamespacedConfigMap({
      namespace: 'doomed',
      body: configMap('also-inside'),
    });
    await core.deleteNamespace({ name: 'doomed' });
    const error = await core
      .readNamespacedConfigMap({ name: 'also-inside', namespace: 'doomed' })
      .catch(caught => caught);
    expect(error.code).toBe(404);
    const protectedNamespace = await core
      .deleteNamespace({ name: 'kube-system' })
      .catch(caught => caught);
    expect(statusOf(protectedNamespace)).toMatchObject({
      code: 403,
      reason: 'Forbidden',
    });
  });

  it('allocates ClusterIPs and NodePorts for Services', async () => {
    const service = await core.createNamespacedService({
      namespace: 'objects',
      body: {
        metadata: { name: 'clustermesh-apiserver' },
        spec: { type: 'LoadBalancer', ports: [{ port: 2379 }] },
      },
    });
    expect(service.spec!.clusterIP).toMatch(/^10\.0\.0\.\d+$/);
    expect(service.spec!.ports![0]).toMatchObject({
      protocol: 'TCP',
      targetPort: 2379,
      nodePort: 30000,
    });
  });
});

function deployment(name: string): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'app', image: 'nginx:1', env: [{ name: 'A', value: 'a' }] },
          ],
        },
      },
    },
  };
}
