import { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { startTestCluster, statusOf, TestCluster } from './testCluster';

describe('lists', () => {
  let cluster: TestCluster;
  let core: CoreV1Api;

  const pod = (
    name: string,
    labels: Record<string, string>,
    nodeName?: string,
  ): V1Pod => ({
    metadata: { name, labels },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      containers: [{ name: 'main', image: 'busybox' }],
    },
  });

  beforeAll(async () => {
    cluster = await startTestCluster();
    core = cluster.admin.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'cilium' } } });
    await core.createNamespacedPod({
      namespace: 'cilium',
      body: pod('agent-a', { 'k8s-app': 'cilium', tier: 'node' }, 'node-a'),
    });
    await core.createNamespacedPod({
      namespace: 'cilium',
      body: pod('agent-b', { 'k8s-app': 'cilium', tier: 'node' }, 'node-b'),
    });
    await core.createNamespacedPod({
      namespace: 'cilium',
      body: pod('operator', { 'k8s-app': 'cilium-operator' }, 'node-a'),
    });
    await core.createNamespacedPod({
      namespace: 'default',
      body: pod('web', { app: 'web', tier: 'frontend' }),
    });
    for (let index = 0; index < 7; index++) {
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: `page-${index}` } },
      });
    }
  });

  afterAll(() => cluster.server.stop());

  const names = (list: { items: { metadata?: { name?: string } }[] }) =>
    list.items.map(item => item.metadata!.name);

  it('filters by label selectors', async () => {
    const all = (labelSelector: string) =>
      core.listPodForAllNamespaces({ labelSelector }).then(names);
    expect(await all('k8s-app=cilium')).toEqual(['agent-a', 'agent-b']);
    expect(await all('k8s-app==cilium-operator')).toEqual(['operator']);
    expect(await all('k8s-app!=cilium')).toEqual(['operator', 'web']);
    expect(await all('k8s-app in (cilium, cilium-operator),tier')).toEqual([
      'agent-a',
      'agent-b',
    ]);
    expect(await all('tier notin (node)')).toEqual(['operator', 'web']);
    expect(await all('!k8s-app')).toEqual(['web']);
  });

  it('filters by field selectors, including pod-specific fields', async () => {
    const inCilium = (fieldSelector: string) =>
      core
        .listNamespacedPod({ namespace: 'cilium', fieldSelector })
        .then(names);
    expect(await inCilium('spec.nodeName=node-a')).toEqual([
      'agent-a',
      'operator',
    ]);
    expect(
      await inCilium('metadata.name!=operator,status.phase=Pending'),
    ).toEqual(['agent-a', 'agent-b']);
    expect(
      await core
        .listPodForAllNamespaces({
          fieldSelector: 'metadata.namespace=default',
        })
        .then(names),
    ).toEqual(['web']);
    const unsupported = await core
      .listNamespacedPod({ namespace: 'cilium', fieldSelector: 'spec.image=x' })
      .catch(error => error);
    expect(statusOf(unsupported)).toMatchObject({
      code: 400,
      message: 'field label not supported: spec.image',
    });
  });

  it('pages with limit and continue', async () => {
    const pages: string[][] = [];
    let token: string | undefined;
    let listVersion: string | undefined;
    do {
      const page = await core.listNamespacedConfigMap({
        namespace: 'default',
        limit: 3,
        _continue: token,
      });
      pages.push(
        names(page).filter(name => name!.startsWith('page-')) as string[],
      );
      listVersion ??= page.metadata!.resourceVersion;
      expect(page.metadata!.resourceVersion).toBe(listVersion);
      token = page.metadata!._continue;
    } while (token);
    expect(pages.flat()).toEqual([
      'page-0',
      'page-1',
      'page-2',
      'page-3',
      'page-4',
      'page-5',
      'page-6',
    ]);
    expect(pages.length).toBeGreaterThanOrEqual(3);
  });

  it('reports how many items remain beyond a page', async () => {
    const page = await core.listNamespacedConfigMap({
      namespace: 'default',
      limit: 2,
    });
    expect(page.items).toHaveLength(2);
    expect(page.metadata!.remainingItemCount).toBe(6);
  });
});
