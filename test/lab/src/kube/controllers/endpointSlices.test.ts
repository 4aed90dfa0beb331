import { V1EndpointSlice } from '@kubernetes/client-node';
import { startTestCluster, TestCluster } from '../testCluster';
import {
  Clients,
  clientsOf,
  conditionOf,
  createNamespace,
  deploymentOf,
  eventually,
  podsOf,
  TestPodNetwork,
} from './__testUtils__/clusterTesting';

describe('the endpointslice controller', () => {
  let cluster: TestCluster;
  let clients: Clients;

  beforeAll(async () => {
    cluster = await startTestCluster();
    clients = clientsOf(cluster);
    cluster.server.setNodesReady(true);
    cluster.server.controllers.setPodNetwork(new TestPodNetwork());
    await createNamespace(clients, 'shop');
    await clients.apps.createNamespacedDeployment({
      namespace: 'shop',
      body: deploymentOf('web', { replicas: 2 }),
    });
    await clients.core.createNamespacedService({
      namespace: 'shop',
      body: {
        metadata: { name: 'web', labels: { tier: 'frontend' } },
        spec: {
          selector: { app: 'web' },
          ports: [
            { name: 'http', port: 80, targetPort: 'http' as never },
            { name: 'metrics', port: 9090 },
          ],
        },
      },
    });
  });

  afterAll(() => cluster.server.stop());

  const slicesOf = async (service: string): Promise<V1EndpointSlice[]> =>
    (
      await clients.discovery.listNamespacedEndpointSlice({
        namespace: 'shop',
        labelSelector: `kubernetes.io/service-name=${service}`,
      })
    ).items;

  /** The one slice of `service` once `check` accepts it. */
  const sliceOf = (
    service: string,
    check: (slice: V1EndpointSlice) => void = () => undefined,
  ) =>
    eventually(async () => {
      const slices = await slicesOf(service);
      expect(slices).toHaveLength(1);
      check(slices[0]);
      return slices[0];
    });

  it('lists the ready pods a Service selects, with their node and the resolved ports', async () => {
    const service = await clients.core.readNamespacedService({
      name: 'web',
      namespace: 'shop',
    });
    const slice = await sliceOf('web', found =>
      expect(found.endpoints).toHaveLength(2),
    );
    const pods = await podsOf(clients, 'shop', 'app=web');
    expect(slice.metadata!.name).toMatch(
      /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
    );
    expect(slice.metadata!.labels).toEqual({
      tier: 'frontend',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by':
        'endpointslice-controller.k8s.io',
    });
    expect(slice.metadata!.ownerReferences).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Service',
        name: 'web',
        uid: service.metadata!.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(slice.addressType).toBe('IPv4');
    expect(slice.endpoints).toEqual(
      pods.map(pod => ({
        addresses: [pod.status!.podIP],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: pod.spec!.nodeName,
        zone: '0',
        targetRef: {
          kind: 'Pod',
          namespace: 'shop',
          name: pod.metadata!.name,
          uid: pod.metadata!.uid,
        },
      })),
    );
    expect(slice.ports).toEqual([
      { name: 'http', protocol: 'TCP', port: 8080 },
      { name: 'metrics', protocol: 'TCP', port: 9090 },
    ]);
  });

  it('marks an endpoint not ready while its pod fails readiness', async () => {
    const [unready, ready] = await podsOf(clients, 'shop', 'app=web');
    cluster.server.controllers.setPodReadiness(pod =>
      pod.metadata.name === unready.metadata!.name ? false : undefined,
    );
    try {
      const slice = await sliceOf('web', found =>
        expect(
          found.endpoints.find(
            endpoint => endpoint.targetRef!.name === unready.metadata!.name,
          )!.conditions,
        ).toEqual({ ready: false, serving: false, terminating: false }),
      );
      expect(
        slice.endpoints.find(
          endpoint => endpoint.targetRef!.name === ready.metadata!.name,
        )!.conditions,
      ).toEqual({ ready: true, serving: true, terminating: false });
      const pod = await clients.core.readNamespacedPod({
        name: unready.metadata!.name!,
        namespace: 'shop',
      });
      expect(conditionOf(pod, 'Ready')).toMatchObject({
        status: 'False',
        reason: 'ContainersNotReady',
      });
    } finally {
      cluster.server.controllers.setPodReadiness(undefined);
    }
    await sliceOf('web', found => {
      for (const endpoint of found.endpoints) {
        expect(endpoint.conditions!.ready).toBe(true);
      }
    });
  });

  it('follows pods as they come, change labels and go', async () => {
    await clients.core.createNamespacedPod({
      namespace: 'shop',
      body: {
        metadata: { name: 'stray', labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
      },
    });
    await sliceOf('web', found =>
      expect(
        found.endpoints.map(endpoint => endpoint.targetRef!.name),
      ).toContain('stray'),
    );
    await clients.core.patchNamespacedPod({
      name: 'stray',
      namespace: 'shop',
      body: [{ op: 'replace', path: '/metadata/labels/app', value: 'other' }],
    });
    await sliceOf('web', found => {
      expect(found.endpoints).toHaveLength(2);
      expect(
        found.endpoints.map(endpoint => endpoint.targetRef!.name),
      ).not.toContain('stray');
    });
    await clients.apps.patchNamespacedDeployment({
      name: 'web',
      namespace: 'shop',
      body: [{ op: 'replace', path: '/spec/replicas', value: 3 }],
    });
    await sliceOf('web', found => expect(found.endpoints).toHaveLength(3));
  });

  it('follows a changed selector', async () => {
    await clients.core.patchNamespacedService({
      name: 'web',
      namespace: 'shop',
      body: [{ op: 'replace', path: '/spec/selector/app', value: 'other' }],
    });
    const slice = await sliceOf('web', found =>
      expect(found.endpoints).toHaveLength(1),
    );
    expect(slice.endpoints[0].targetRef!.name).toBe('stray');
    // The stray pod has no containerPort named http: only the numeric port resolves.
    expect(slice.ports).toEqual([
      { name: 'metrics', protocol: 'TCP', port: 9090 },
    ]);
  });

  it('leaves Services without a selector, and their slices, alone', async () => {
    const before = await clients.discovery.readNamespacedEndpointSlice({
      name: 'kubernetes',
      namespace: 'default',
    });
    await clients.core.createNamespacedService({
      namespace: 'shop',
      body: {
        metadata: { name: 'external' },
        spec: { ports: [{ port: 5432 }] },
      },
    });
    await clients.discovery.createNamespacedEndpointSlice({
      namespace: 'shop',
      body: {
        metadata: {
          name: 'external-1',
          labels: { 'kubernetes.io/service-name': 'external' },
        },
        addressType: 'IPv4',
        endpoints: [{ addresses: ['10.30.0.5'] }],
        ports: [{ port: 5432 }],
      },
    });
    await cluster.server.controllers.whenIdle();
    const slices = await slicesOf('external');
    expect(slices.map(slice => slice.metadata!.name)).toEqual(['external-1']);
    expect(slices[0].endpoints).toEqual([{ addresses: ['10.30.0.5'] }]);
    const after = await clients.discovery.readNamespacedEndpointSlice({
      name: 'kubernetes',
      namespace: 'default',
    });
    expect(after.metadata!.resourceVersion).toBe(
      before.metadata!.resourceVersion,
    );
  });

  it('deletes the slice with its Service', async () => {
    await clients.core.deleteNamespacedService({
      name: 'web',
      namespace: 'shop',
    });
    await eventually(async () => expect(await slicesOf('web')).toEqual([]));
  });
});
