import { V1ReplicaSet } from '@kubernetes/client-node';
import { startTestCluster, TestCluster } from '../testCluster';
import {
  Clients,
  clientsOf,
  createNamespace,
  deploymentOf,
  eventually,
  podsOf,
  TestPodNetwork,
} from './__testUtils__/clusterTesting';

const HASH = '[bcdfghjklmnpqrstvwxz2456789]{10}';
const RANDOM_SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]{5}';

describe('the deployment and replicaset controllers', () => {
  let cluster: TestCluster;
  let clients: Clients;

  beforeAll(async () => {
    cluster = await startTestCluster();
    clients = clientsOf(cluster);
    cluster.server.setNodesReady(true);
    cluster.server.controllers.setPodNetwork(new TestPodNetwork());
    await createNamespace(clients, 'apps');
  });

  afterAll(() => cluster.server.stop());

  const replicaSetsOf = async (app: string): Promise<V1ReplicaSet[]> =>
    (
      await clients.apps.listNamespacedReplicaSet({
        namespace: 'apps',
        labelSelector: `app=${app}`,
      })
    ).items;

  /** Waits for `spec.replicas` ready pods of the Deployment's current template and returns its status. */
  const rolledOut = (name: string) =>
    eventually(async () => {
      const deployment = await clients.apps.readNamespacedDeployment({
        name,
        namespace: 'apps',
      });
      const replicas = deployment.spec!.replicas!;
      expect(deployment.status).toMatchObject({
        observedGeneration: deployment.metadata!.generation,
        updatedReplicas: replicas,
        availableReplicas: replicas,
      });
      expect(deployment.status!.replicas).toBe(replicas);
      return deployment;
    });

  it('gives a Deployment a ReplicaSet named after its template hash, owning the pods', async () => {
    await clients.apps.createNamespacedDeployment({
      namespace: 'apps',
      body: deploymentOf('web', { replicas: 2 }),
    });
    const deployment = await rolledOut('web');
    const [replicaSet] = await replicaSetsOf('web');
    const hash = replicaSet.metadata!.labels!['pod-template-hash'];
    expect(replicaSet.metadata!.name).toMatch(new RegExp(`^web-${HASH}$`));
    expect(replicaSet.metadata!.name).toBe(`web-${hash}`);
    expect(replicaSet.metadata!.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: deployment.metadata!.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(replicaSet.spec!.selector.matchLabels).toEqual({
      app: 'web',
      'pod-template-hash': hash,
    });
    expect(replicaSet.metadata!.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '2',
      'deployment.kubernetes.io/max-replicas': '3',
    });
    expect(replicaSet.status).toEqual({
      replicas: 2,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      observedGeneration: 1,
    });
    const pods = await podsOf(clients, 'apps', 'app=web');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.metadata!.name).toMatch(
        new RegExp(`^web-${hash}-${RANDOM_SUFFIX}$`),
      );
      expect(pod.metadata!.labels).toEqual({
        app: 'web',
        'pod-template-hash': hash,
      });
      expect(pod.metadata!.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: replicaSet.metadata!.name,
          uid: replicaSet.metadata!.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    expect(deployment.metadata!.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
    });
    expect(deployment.status).toEqual({
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
          lastUpdateTime: expect.any(Date),
          lastTransitionTime: expect.any(Date),
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "web-${hash}" has successfully progressed.`,
          lastUpdateTime: expect.any(Date),
          lastTransitionTime: expect.any(Date),
        },
      ],
    });
  });

  it('rolls a template change out to a new ReplicaSet and scales the old one to zero', async () => {
    const [before] = await replicaSetsOf('web');
    const oldPods = await podsOf(clients, 'apps', 'app=web');
    const deployment = await clients.apps.readNamespacedDeployment({
      name: 'web',
      namespace: 'apps',
    });
    deployment.spec!.template.spec!.containers[0].image = 'nginx:1.28';
    await clients.apps.replaceNamespacedDeployment({
      name: 'web',
      namespace: 'apps',
      body: deployment,
    });
    const rolled = await rolledOut('web');
    expect(rolled.metadata!.generation).toBe(2);
    expect(rolled.metadata!.annotations).toEqual({
      'deployment.kubernetes.io/revision': '2',
    });
    const replicaSets = await replicaSetsOf('web');
    const old = replicaSets.find(
      rs => rs.metadata!.name === before.metadata!.name,
    )!;
    const current = replicaSets.find(
      rs => rs.metadata!.name !== before.metadata!.name,
    )!;
    expect(replicaSets).toHaveLength(2);
    expect(old.spec!.replicas).toBe(0);
    expect(old.status).toEqual({ replicas: 0, observedGeneration: 2 });
    expect(current.metadata!.name).toMatch(new RegExp(`^web-${HASH}$`));
    expect(
      current.metadata!.annotations!['deployment.kubernetes.io/revision'],
    ).toBe('2');
    const pods = await podsOf(clients, 'apps', 'app=web');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.metadata!.ownerReferences![0].name).toBe(
        current.metadata!.name,
      );
      expect(pod.spec!.containers[0].image).toBe('nginx:1.28');
    }
    const oldNames = oldPods.map(pod => pod.metadata!.name);
    expect(pods.filter(pod => oldNames.includes(pod.metadata!.name))).toEqual(
      [],
    );
  });

  it.each([
    ['up', 4],
    ['down', 1],
  ])('scales %s to %i ready pods', async (_direction, replicas) => {
    await clients.apps.patchNamespacedDeployment({
      name: 'web',
      namespace: 'apps',
      body: [{ op: 'replace', path: '/spec/replicas', value: replicas }],
    });
    const deployment = await rolledOut('web');
    expect(deployment.status!.readyReplicas).toBe(replicas);
    const pods = await podsOf(clients, 'apps', 'app=web');
    expect(pods).toHaveLength(replicas);
  });

  it('reports pods that are not ready as unavailable', async () => {
    cluster.server.controllers.setPodReadiness(pod =>
      pod.metadata.labels?.app === 'web' ? false : undefined,
    );
    try {
      const deployment = await eventually(async () => {
        const found = await clients.apps.readNamespacedDeploymentStatus({
          name: 'web',
          namespace: 'apps',
        });
        expect(found.status!.unavailableReplicas).toBe(1);
        return found;
      });
      expect(deployment.status!.readyReplicas).toBeUndefined();
      expect(deployment.status!.availableReplicas).toBeUndefined();
      expect(
        deployment.status!.conditions!.find(
          condition => condition.type === 'Available',
        ),
      ).toMatchObject({
        status: 'False',
        reason: 'MinimumReplicasUnavailable',
        message: 'Deployment does not have minimum availability.',
      });
      const [pod] = await podsOf(clients, 'apps', 'app=web');
      expect(pod.status!.phase).toBe('Running');
      expect(pod.status!.containerStatuses![0]).toMatchObject({
        ready: false,
        started: true,
      });
    } finally {
      cluster.server.controllers.setPodReadiness(undefined);
    }
    await rolledOut('web');
  });

  it('brings back a pod that is deleted', async () => {
    const [pod] = await podsOf(clients, 'apps', 'app=web');
    await clients.core.deleteNamespacedPod({
      name: pod.metadata!.name!,
      namespace: 'apps',
    });
    const [replacement] = await eventually(async () => {
      const found = await podsOf(clients, 'apps', 'app=web');
      expect(found).toHaveLength(1);
      expect(found[0].metadata!.name).not.toBe(pod.metadata!.name);
      return found;
    });
    expect(replacement.metadata!.ownerReferences![0].uid).toBe(
      pod.metadata!.ownerReferences![0].uid,
    );
  });

  it('deletes the ReplicaSets and pods with their Deployment', async () => {
    await clients.apps.createNamespacedDeployment({
      namespace: 'apps',
      body: deploymentOf('other', { replicas: 1 }),
    });
    await rolledOut('other');
    await clients.apps.deleteNamespacedDeployment({
      name: 'web',
      namespace: 'apps',
    });
    await eventually(async () => {
      expect(await replicaSetsOf('web')).toEqual([]);
      expect(await podsOf(clients, 'apps', 'app=web')).toEqual([]);
    });
    expect(await replicaSetsOf('other')).toHaveLength(1);
    expect(await podsOf(clients, 'apps', 'app=other')).toHaveLength(1);
  });
});
