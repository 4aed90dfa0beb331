import {
  CoreV1Api,
  KubernetesObject,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  V1ConfigMap,
  Watch,
} from '@kubernetes/client-node';
import { startTestCluster, TestCluster } from './testCluster';

interface ReceivedEvent {
  type: string;
  object: KubernetesObject & {
    code?: number;
    reason?: string;
    message?: string;
  };
}

/** Watches a path and resolves once `count` events arrived (or the stream ended). */
async function collectEvents(
  cluster: TestCluster,
  path: string,
  query: Record<string, string>,
  count: number,
): Promise<{
  events: ReceivedEvent[];
  received: Promise<ReceivedEvent[]>;
  stop: () => void;
}> {
  const events: ReceivedEvent[] = [];
  let finish: (events: ReceivedEvent[]) => void = () => undefined;
  const received = new Promise<ReceivedEvent[]>(resolve => (finish = resolve));
  const controller = await new Watch(cluster.admin).watch(
    path,
    query,
    (type, object) => {
      events.push({ type, object });
      if (events.length === count) finish(events);
    },
    () => finish(events),
  );
  return { events, received, stop: () => controller.abort() };
}

describe('watches', () => {
  let cluster: TestCluster;
  let core: CoreV1Api;

  beforeAll(async () => {
    cluster = await startTestCluster({ watchHistorySize: 20 });
    core = cluster.admin.makeApiClient(CoreV1Api);
  });

  afterAll(() => cluster.server.stop());

  const configMap = (
    name: string,
    labels: Record<string, string> = { watched: 'yes' },
  ): V1ConfigMap => ({
    metadata: { name, labels },
    data: { a: '1' },
  });

  it('streams ADDED, MODIFIED and DELETED for matching objects', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const watch = await collectEvents(
      cluster,
      '/api/v1/namespaces/default/configmaps',
      {
        labelSelector: 'watched=yes',
        resourceVersion: list.metadata!.resourceVersion!,
      },
      3,
    );
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: configMap('ignored', { watched: 'no' }),
    });
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: configMap('seen'),
    });
    await core.patchNamespacedConfigMap(
      { name: 'seen', namespace: 'default', body: { data: { a: '2' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await core.deleteNamespacedConfigMap({
      name: 'seen',
      namespace: 'default',
    });
    const events = await watch.received;
    watch.stop();
    expect(
      events.map(event => [event.type, event.object.metadata!.name]),
    ).toEqual([
      ['ADDED', 'seen'],
      ['MODIFIED', 'seen'],
      ['DELETED', 'seen'],
    ]);
    const versions = events.map(event =>
      Number(event.object.metadata!.resourceVersion),
    );
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('starts with the current state when no resourceVersion is given', async () => {
    await core.createNamespace({ body: { metadata: { name: 'initial' } } });
    await core.createNamespacedConfigMap({
      namespace: 'initial',
      body: configMap('existing'),
    });
    const watch = await collectEvents(
      cluster,
      '/api/v1/namespaces/initial/configmaps',
      { labelSelector: 'watched' },
      1,
    );
    const [event] = await watch.received;
    watch.stop();
    expect(event).toMatchObject({
      type: 'ADDED',
      object: { metadata: { name: 'existing' } },
    });
  });

  it('sends a 410 Expired error for a resourceVersion older than the history', async () => {
    const old = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: configMap('old'),
    });
    for (let index = 0; index < 25; index++) {
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: configMap(`churn-${index}`, {}),
      });
    }
    const watch = await collectEvents(
      cluster,
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: old.metadata!.resourceVersion! },
      1,
    );
    const [event] = await watch.received;
    expect(event.type).toBe('ERROR');
    expect(event.object).toMatchObject({
      kind: 'Status',
      code: 410,
      reason: 'Expired',
    });
    expect(event.object.message).toMatch(
      /^too old resource version: \d+ \(\d+\)$/,
    );
  });

  it('ends initial events with a bookmark when asked to', async () => {
    await core.createNamespace({ body: { metadata: { name: 'listed' } } });
    await core.createNamespacedConfigMap({
      namespace: 'listed',
      body: configMap('one'),
    });
    const watch = await collectEvents(
      cluster,
      '/api/v1/namespaces/listed/configmaps',
      {
        labelSelector: 'watched',
        sendInitialEvents: 'true',
        allowWatchBookmarks: 'true',
        resourceVersionMatch: 'NotOlderThan',
      },
      2,
    );
    const events = await watch.received;
    watch.stop();
    expect(events.map(event => event.type)).toEqual(['ADDED', 'BOOKMARK']);
    expect(events[1].object.metadata!.annotations).toEqual({
      'k8s.io/initial-events-end': 'true',
    });
  });

  it('ends the stream after timeoutSeconds', async () => {
    const watch = await collectEvents(
      cluster,
      '/api/v1/namespaces',
      { timeoutSeconds: '1' },
      Infinity,
    );
    const events = await watch.received;
    expect(events.every(event => event.type === 'ADDED')).toBe(true);
    expect(events.length).toBeGreaterThanOrEqual(4);
  });

  it('keeps a client-node informer in sync', async () => {
    await core.createNamespace({ body: { metadata: { name: 'informed' } } });
    await core.createNamespacedConfigMap({
      namespace: 'informed',
      body: configMap('before'),
    });
    const informer = makeInformer(
      cluster.admin,
      '/api/v1/namespaces/informed/configmaps',
      () =>
        core.listNamespacedConfigMap({
          namespace: 'informed',
          labelSelector: 'watched',
        }),
      'watched',
    );
    const added: string[] = [];
    const allAdded = new Promise<void>(resolve =>
      informer.on('add', object => {
        added.push(object.metadata!.name!);
        if (added.length === 2) resolve();
      }),
    );
    const deleted = new Promise<string>(resolve =>
      informer.on('delete', object => resolve(object.metadata!.name!)),
    );
    await informer.start();
    await core.createNamespacedConfigMap({
      namespace: 'informed',
      body: configMap('after'),
    });
    await allAdded;
    await core.deleteNamespacedConfigMap({
      name: 'before',
      namespace: 'informed',
    });
    expect(await deleted).toBe('before');
    expect(
      informer.list('informed').map(object => object.metadata!.name),
    ).toEqual(['after']);
    await informer.stop();
    expect(added).toEqual(['before', 'after']);
  });
});
