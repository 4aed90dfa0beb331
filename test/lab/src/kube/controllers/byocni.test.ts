import { V1Pod } from '@kubernetes/client-node';
import { startTestCluster, TestCluster } from '../testCluster';
import {
  Clients,
  clientsOf,
  conditionOf,
  createNamespace,
  daemonSetOf,
  deploymentOf,
  eventually,
  podsOf,
  TestPodNetwork,
  TOLERATE_EVERYTHING,
} from './__testUtils__/clusterTesting';

const NOT_READY_MESSAGE =
  '0/3 nodes are available: 3 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';

/**
 * A BYOCNI cluster from creation to a working pod network, step by step as
 * Cilium's installation goes: each test builds on the state the one before
 * left.
 */
describe('workloads on a BYOCNI cluster', () => {
  let cluster: TestCluster;
  let clients: Clients;
  let nodeAddresses: Map<string, string>;
  const network = new TestPodNetwork();

  beforeAll(async () => {
    cluster = await startTestCluster();
    clients = clientsOf(cluster);
    await createNamespace(clients, 'apps');
    const nodes = await clients.core.listNode();
    nodeAddresses = new Map(
      nodes.items.map(node => [
        node.metadata!.name!,
        node.status!.addresses!.find(address => address.type === 'InternalIP')!
          .address,
      ]),
    );
  });

  afterAll(() => cluster.server.stop());

  it('leaves Deployment pods Pending and Unschedulable while every node is NotReady', async () => {
    await clients.apps.createNamespacedDeployment({
      namespace: 'apps',
      body: deploymentOf('web', { replicas: 2 }),
    });
    const pods = await eventually(async () => {
      const found = await podsOf(clients, 'apps', 'app=web');
      expect(found).toHaveLength(2);
      return found;
    });
    for (const pod of pods) {
      expect(pod.spec!.nodeName).toBeUndefined();
      expect(pod.status!.phase).toBe('Pending');
      expect(pod.status!.conditions).toEqual([
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: expect.any(Date),
          reason: 'Unschedulable',
          message: NOT_READY_MESSAGE,
        },
      ]);
    }
    const deployment = await clients.apps.readNamespacedDeploymentStatus({
      name: 'web',
      namespace: 'apps',
    });
    expect(deployment.status).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      unavailableReplicas: 2,
    });
    expect(deployment.status!.readyReplicas).toBeUndefined();
    expect(deployment.status!.availableReplicas).toBeUndefined();
    expect(
      deployment.status!.conditions!.map(({ type, status, reason }) => [
        type,
        status,
        reason,
      ]),
    ).toEqual([
      ['Available', 'False', 'MinimumReplicasUnavailable'],
      ['Progressing', 'True', 'ReplicaSetUpdated'],
    ]);
  });

  it('runs host-network DaemonSet pods that tolerate everything on the NotReady nodes, with the node addresses', async () => {
    await clients.apps.createNamespacedDaemonSet({
      namespace: 'apps',
      body: daemonSetOf('agent', {
        hostNetwork: true,
        tolerations: TOLERATE_EVERYTHING,
      }),
    });
    const pods = await eventually(async () => {
      const found = await podsOf(clients, 'apps', 'app=agent');
      expect(found).toHaveLength(3);
      for (const pod of found) expect(pod.status!.phase).toBe('Running');
      return found;
    });
    expect(pods.map(pod => pod.spec!.nodeName).sort()).toEqual(
      [...nodeAddresses.keys()].sort(),
    );
    for (const pod of pods) {
      const nodeAddress = nodeAddresses.get(pod.spec!.nodeName!);
      expect(pod.status).toMatchObject({
        podIP: nodeAddress,
        podIPs: [{ ip: nodeAddress }],
        hostIP: nodeAddress,
      });
      expect(pod.status!.containerStatuses).toEqual([
        expect.objectContaining({
          name: 'agent',
          ready: true,
          started: true,
          restartCount: 0,
          image: 'docker.io/library/busybox:1.36',
          imageID: expect.stringMatching(
            /^docker\.io\/library\/busybox@sha256:[0-9a-f]{64}$/,
          ),
          containerID: expect.stringMatching(/^containerd:\/\/[0-9a-f]{64}$/),
          state: { running: { startedAt: expect.any(Date) } },
        }),
      ]);
    }
    const daemonSet = await clients.apps.readNamespacedDaemonSetStatus({
      name: 'agent',
      namespace: 'apps',
    });
    expect(daemonSet.status).toEqual({
      currentNumberScheduled: 3,
      desiredNumberScheduled: 3,
      numberMisscheduled: 0,
      numberReady: 3,
      numberAvailable: 3,
      updatedNumberScheduled: 3,
      observedGeneration: 1,
    });
  });

  it('keeps pod-network pods in ContainerCreating while there is no CNI', async () => {
    await clients.apps.createNamespacedDaemonSet({
      namespace: 'apps',
      body: daemonSetOf('pod-network-agent', {
        tolerations: TOLERATE_EVERYTHING,
      }),
    });
    const pods = await eventually(async () => {
      const found = await podsOf(clients, 'apps', 'app=pod-network-agent');
      expect(found).toHaveLength(3);
      for (const pod of found) {
        expect(pod.status!.containerStatuses).toBeDefined();
      }
      return found;
    });
    for (const pod of pods) {
      expectContainerCreating(pod, nodeAddresses.get(pod.spec!.nodeName!)!);
    }
    const daemonSet = await clients.apps.readNamespacedDaemonSetStatus({
      name: 'pod-network-agent',
      namespace: 'apps',
    });
    expect(daemonSet.status).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 0,
      numberUnavailable: 3,
    });
  });

  it('schedules the pending pods once nodes turn Ready, spread over nodes, still waiting for pod addresses', async () => {
    cluster.server.setNodesReady(true);
    const pods = await eventually(async () => {
      const found = await podsOf(clients, 'apps', 'app=web');
      for (const pod of found)
        expect(pod.status!.containerStatuses).toBeDefined();
      return found;
    });
    expect(new Set(pods.map(pod => pod.spec!.nodeName)).size).toBe(2);
    for (const pod of pods) {
      expectContainerCreating(pod, nodeAddresses.get(pod.spec!.nodeName!)!);
    }
  });

  it('runs every pod with an address from the PodNetwork once one is installed', async () => {
    cluster.server.controllers.setPodNetwork(network);
    const pods = await eventually(async () => {
      const found = [
        ...(await podsOf(clients, 'apps', 'app=web')),
        ...(await podsOf(clients, 'apps', 'app=pod-network-agent')),
      ];
      for (const pod of found)
        expect(conditionOf(pod, 'Ready')?.status).toBe('True');
      return found;
    });
    expect(pods).toHaveLength(5);
    expect(pods.map(pod => pod.status!.podIP).sort()).toEqual(
      [...network.allocated].sort(),
    );
    for (const pod of pods) {
      expect(pod.status).toMatchObject({
        phase: 'Running',
        podIPs: [{ ip: pod.status!.podIP }],
        hostIP: nodeAddresses.get(pod.spec!.nodeName!),
        startTime: expect.any(Date),
      });
      expect(
        pod.status!.conditions!.map(({ type, status }) => [type, status]),
      ).toEqual([
        ['PodReadyToStartContainers', 'True'],
        ['Initialized', 'True'],
        ['Ready', 'True'],
        ['ContainersReady', 'True'],
        ['PodScheduled', 'True'],
      ]);
    }
    const deployment = await clients.apps.readNamespacedDeploymentStatus({
      name: 'web',
      namespace: 'apps',
    });
    expect(deployment.status).toMatchObject({
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    expect(deployment.status!.unavailableReplicas).toBeUndefined();
  });

  it('gives a deleted pod’s address back to the network', async () => {
    const [pod] = await podsOf(clients, 'apps', 'app=web');
    await clients.core.deleteNamespacedPod({
      name: pod.metadata!.name!,
      namespace: 'apps',
    });
    expect(network.released).toEqual([pod.status!.podIP]);
    const replacement = await eventually(async () => {
      const found = await podsOf(clients, 'apps', 'app=web');
      const fresh = found.find(
        candidate => candidate.metadata!.name !== pod.metadata!.name,
      );
      expect(found).toHaveLength(2);
      expect(conditionOf(fresh!, 'Ready')?.status).toBe('True');
      return fresh!;
    });
    expect(replacement.status!.podIP).not.toBe(pod.status!.podIP);
  });
});

function expectContainerCreating(pod: V1Pod, hostIP: string): void {
  expect(pod.status).toMatchObject({ phase: 'Pending', hostIP });
  expect(pod.status!.podIP).toBeUndefined();
  expect(
    pod.status!.conditions!.map(({ type, status }) => [type, status]),
  ).toEqual([
    ['PodReadyToStartContainers', 'False'],
    ['Initialized', 'True'],
    ['Ready', 'False'],
    ['ContainersReady', 'False'],
    ['PodScheduled', 'True'],
  ]);
  expect(conditionOf(pod, 'Ready')).toMatchObject({
    reason: 'ContainersNotReady',
    message: `containers with unready status: [${
      pod.spec!.containers[0].name
    }]`,
  });
  for (const status of pod.status!.containerStatuses!) {
    expect(status).toMatchObject({
      ready: false,
      started: false,
      restartCount: 0,
      state: { waiting: { reason: 'ContainerCreating' } },
    });
  }
}
