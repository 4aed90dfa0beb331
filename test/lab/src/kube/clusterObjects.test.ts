import { V1ConfigMap, V1Pod } from '@kubernetes/client-node';
import { KubeApiServer } from './apiServer';
import { createKubeClusterFactory } from './factory';
import { ObjectChange } from './clusterObjects';
import { KubeApiError } from './status';
import { testClusterSpec } from './testCluster';

describe('the in-process API', () => {
  const factory = createKubeClusterFactory();
  let server: KubeApiServer;

  beforeAll(async () => {
    server = await factory.create(testClusterSpec());
  });

  afterAll(() => factory.stop());

  it('creates, reads, patches and deletes with the same rules as HTTP', () => {
    const { objects } = server;
    const created = objects.create<V1ConfigMap>({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cilium-config', namespace: 'kube-system' },
      data: { 'cluster-name': 'aks-weu' },
    });
    expect(created.metadata!.resourceVersion).toMatch(/^\d+$/);
    const patched = objects.patch<V1ConfigMap>(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'kube-system',
        name: 'cilium-config',
      },
      { data: { 'cluster-id': '1' } },
    );
    expect(patched.data).toEqual({
      'cluster-name': 'aks-weu',
      'cluster-id': '1',
    });
    expect(() => objects.update({ ...created, data: {} })).toThrow(
      KubeApiError,
    );
    objects.delete({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'kube-system',
      name: 'cilium-config',
    });
    expect(
      objects.get({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'kube-system',
        name: 'cilium-config',
      }),
    ).toBeUndefined();
  });

  it('hands out copies, so callers cannot change stored objects', () => {
    const [node] = server.objects.list({ apiVersion: 'v1', kind: 'Node' });
    node.metadata.labels = {};
    const [again] = server.objects.list({ apiVersion: 'v1', kind: 'Node' });
    expect(again.metadata.labels).toHaveProperty(['kubernetes.io/os'], 'linux');
  });

  it('notifies listeners of matching changes in commit order, even for changes they make', () => {
    const seen: string[] = [];
    const stopPods = server.objects.onChange<V1Pod>(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: 'kube-system',
        labelSelector: 'k8s-app=cilium',
      },
      ({ type, object }: ObjectChange<V1Pod>) => {
        seen.push(`${type} ${object.metadata!.name} ${object.status?.phase}`);
        if (type === 'ADDED') {
          // Plays the kubelet: the pod starts as soon as it exists.
          server.objects.updateStatus({
            ...object,
            status: { ...object.status, phase: 'Running', podIP: '10.244.0.7' },
          });
        }
      },
    );
    const stopAll = server.objects.onChange({}, ({ type, object }) =>
      seen.push(`any ${type} ${object.kind}`),
    );
    server.objects.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'cilium-xyz',
        namespace: 'kube-system',
        labels: { 'k8s-app': 'cilium' },
      },
      spec: { containers: [{ name: 'cilium-agent', image: 'cilium' }] },
    });
    stopPods();
    stopAll();
    expect(seen).toEqual([
      'ADDED cilium-xyz Pending',
      'any ADDED Pod',
      'MODIFIED cilium-xyz Running',
      'any MODIFIED Pod',
    ]);
  });

  it('is tracked and stopped by the factory', async () => {
    const other = await factory.create(
      testClusterSpec({ name: 'aks-neu', location: 'northeurope' }),
    );
    expect(factory.clusters()).toEqual([server, other]);
    expect(other.apiServerUrl).not.toBe(server.apiServerUrl);
    await other.stop();
    expect(factory.clusters()).toEqual([server]);
  });
});
