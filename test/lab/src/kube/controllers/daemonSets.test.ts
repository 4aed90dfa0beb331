import { V1PodSpec } from '@kubernetes/client-node';
import { startTestCluster, TestCluster } from '../testCluster';
import {
  Clients,
  clientsOf,
  createNamespace,
  daemonSetOf,
  eventually,
  podsOf,
  TOLERATE_EVERYTHING,
} from './__testUtils__/clusterTesting';

const NOT_READY_NO_SCHEDULE = [
  {
    key: 'node.kubernetes.io/not-ready',
    operator: 'Exists',
    effect: 'NoSchedule',
  },
];

describe('the daemonset controller', () => {
  let cluster: TestCluster;
  let clients: Clients;
  let nodeNames: string[];

  beforeAll(async () => {
    cluster = await startTestCluster();
    clients = clientsOf(cluster);
    await createNamespace(clients, 'daemons');
    nodeNames = (await clients.core.listNode()).items
      .map(node => node.metadata!.name!)
      .sort();
  });

  afterAll(() => cluster.server.stop());

  const statusOf = async (name: string) =>
    (
      await clients.apps.readNamespacedDaemonSetStatus({
        name,
        namespace: 'daemons',
      })
    ).status!;

  describe('on NotReady nodes (two system, one user)', () => {
    it.each<{
      name: string;
      rule: string;
      podSpec: Partial<V1PodSpec>;
      expected: (names: string[]) => string[];
    }>([
      {
        name: 'plain',
        rule: 'no tolerations',
        podSpec: {},
        expected: () => [],
      },
      {
        name: 'not-ready-tolerant',
        rule: 'a toleration for the not-ready NoSchedule taint (NoExecute is tolerated for daemons)',
        podSpec: { tolerations: NOT_READY_NO_SCHEDULE },
        expected: names => names,
      },
      {
        name: 'user-pool',
        rule: 'a nodeSelector for the user pool',
        podSpec: {
          tolerations: TOLERATE_EVERYTHING,
          nodeSelector: { 'kubernetes.azure.com/agentpool': 'user' },
        },
        expected: names => names.filter(name => name.startsWith('aks-user-')),
      },
      {
        name: 'system-mode',
        rule: 'required node affinity for system-mode nodes',
        podSpec: {
          tolerations: TOLERATE_EVERYTHING,
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [
                      {
                        key: 'kubernetes.azure.com/mode',
                        operator: 'In',
                        values: ['system'],
                      },
                    ],
                  },
                ],
              },
            },
          },
        },
        expected: names => names.filter(name => name.startsWith('aks-system-')),
      },
      {
        name: 'windows',
        rule: 'a nodeSelector no node matches',
        podSpec: {
          tolerations: TOLERATE_EVERYTHING,
          nodeSelector: { 'kubernetes.io/os': 'windows' },
        },
        expected: () => [],
      },
    ])(
      'with $rule runs on the right nodes',
      async ({ name, podSpec, expected }) => {
        await clients.apps.createNamespacedDaemonSet({
          namespace: 'daemons',
          body: daemonSetOf(name, { hostNetwork: true, ...podSpec }),
        });
        const wanted = expected(nodeNames);
        const status = await eventually(async () => {
          const found = await statusOf(name);
          expect(found.observedGeneration).toBe(1);
          return found;
        });
        expect(status).toMatchObject({
          desiredNumberScheduled: wanted.length,
          currentNumberScheduled: wanted.length,
          numberReady: wanted.length,
          numberMisscheduled: 0,
        });
        const pods = await podsOf(clients, 'daemons', `app=${name}`);
        expect(pods.map(pod => pod.spec!.nodeName).sort()).toEqual(wanted);
        for (const pod of pods) {
          expect(pod.metadata!.name).toMatch(
            new RegExp(`^${name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`),
          );
          expect(pod.metadata!.ownerReferences).toEqual([
            expect.objectContaining({
              kind: 'DaemonSet',
              name,
              controller: true,
            }),
          ]);
        }
      },
    );
  });

  it('adds a pod when a node joins and removes it when the node goes', async () => {
    await clients.apps.createNamespacedDaemonSet({
      namespace: 'daemons',
      body: daemonSetOf('everywhere', {
        hostNetwork: true,
        tolerations: TOLERATE_EVERYTHING,
      }),
    });
    await eventually(async () =>
      expect((await statusOf('everywhere')).numberReady).toBe(3),
    );
    await clients.core.createNode({
      body: {
        metadata: {
          name: 'aks-user-12345678-vmss000001',
          labels: { 'kubernetes.io/os': 'linux' },
        },
        status: { addresses: [{ type: 'InternalIP', address: '10.224.0.99' }] },
      },
    });
    const [added] = await eventually(async () => {
      const pods = (await podsOf(clients, 'daemons', 'app=everywhere')).filter(
        pod => pod.spec!.nodeName === 'aks-user-12345678-vmss000001',
      );
      expect(pods).toHaveLength(1);
      expect(pods[0].status!.podIP).toBe('10.224.0.99');
      return pods;
    });
    expect((await statusOf('everywhere')).desiredNumberScheduled).toBe(4);
    await clients.core.deleteNode({ name: 'aks-user-12345678-vmss000001' });
    await eventually(async () => {
      const pods = await podsOf(clients, 'daemons', 'app=everywhere');
      expect(pods.map(pod => pod.metadata!.name)).not.toContain(
        added.metadata!.name,
      );
      expect(pods).toHaveLength(3);
      expect(await statusOf('everywhere')).toMatchObject({
        desiredNumberScheduled: 3,
        numberReady: 3,
      });
    });
  });

  it('replaces every pod when the template changes', async () => {
    const before = await podsOf(clients, 'daemons', 'app=everywhere');
    await clients.apps.patchNamespacedDaemonSet({
      name: 'everywhere',
      namespace: 'daemons',
      body: [
        {
          op: 'replace',
          path: '/spec/template/spec/containers/0/image',
          value: 'busybox:1.37',
        },
      ],
    });
    const after = await eventually(async () => {
      const pods = await podsOf(clients, 'daemons', 'app=everywhere');
      expect(pods).toHaveLength(3);
      for (const pod of pods) {
        expect(pod.spec!.containers[0].image).toBe('busybox:1.37');
        expect(pod.status!.phase).toBe('Running');
      }
      return pods;
    });
    const oldNames = before.map(pod => pod.metadata!.name);
    expect(after.filter(pod => oldNames.includes(pod.metadata!.name))).toEqual(
      [],
    );
    const hashes = (pods: typeof before) =>
      new Set(
        pods.map(pod => pod.metadata!.labels!['controller-revision-hash']),
      );
    expect(hashes(after).size).toBe(1);
    expect([...hashes(after)]).not.toEqual([...hashes(before)]);
    expect(await statusOf('everywhere')).toMatchObject({
      observedGeneration: 2,
      updatedNumberScheduled: 3,
      numberReady: 3,
    });
  });

  it('starts the pods that need Ready nodes once the nodes are Ready', async () => {
    await clients.apps.createNamespacedDaemonSet({
      namespace: 'daemons',
      body: daemonSetOf('needs-ready', { hostNetwork: true }),
    });
    await eventually(async () =>
      expect(await statusOf('needs-ready')).toMatchObject({
        observedGeneration: 1,
        desiredNumberScheduled: 0,
      }),
    );
    cluster.server.setNodesReady(true);
    await eventually(async () =>
      expect(await statusOf('needs-ready')).toMatchObject({
        desiredNumberScheduled: 3,
        numberReady: 3,
      }),
    );
  });
});
