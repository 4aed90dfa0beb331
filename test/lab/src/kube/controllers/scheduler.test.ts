import { V1Pod, V1PodSpec } from '@kubernetes/client-node';
import { aksNodes } from '../nodes';
import { startTestCluster, TestCluster, testClusterSpec } from '../testCluster';
import {
  Clients,
  clientsOf,
  conditionOf,
  createNamespace,
  eventually,
  TOLERATE_EVERYTHING,
} from './__testUtils__/clusterTesting';

const PREEMPTION_NOT_HELPFUL =
  'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';

/**
 * The test cluster's nodes, sorted: two system nodes, then the user node.
 * The tests leave the first system node NotReady, make the second NotReady
 * and cordoned, and the user node Ready.
 */
const [SYSTEM_0, SYSTEM_1, USER_0] = aksNodes(testClusterSpec())
  .map(node => node.metadata.name!)
  .sort();

describe('the scheduler', () => {
  let cluster: TestCluster;
  let clients: Clients;

  beforeAll(async () => {
    cluster = await startTestCluster();
    clients = clientsOf(cluster);
    await createNamespace(clients, 'pods');
    cluster.server.setNodesReady(true, [USER_0]);
    await clients.core.patchNode({
      name: SYSTEM_1,
      body: [{ op: 'add', path: '/spec/unschedulable', value: true }],
    });
  });

  afterAll(() => cluster.server.stop());

  const podNamed = (name: string, spec: Partial<V1PodSpec>): V1Pod => ({
    metadata: { name },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
  });

  it.each<{
    name: string;
    rule: string;
    spec: Partial<V1PodSpec>;
    boundTo?: string;
    unschedulable?: string;
  }>([
    {
      name: 'plain',
      rule: 'a pod without constraints goes to the Ready node',
      spec: {},
      boundTo: USER_0,
    },
    {
      name: 'system-only',
      rule: 'a pod for the system pool finds one reason per node, counted and sorted',
      spec: { nodeSelector: { 'kubernetes.azure.com/agentpool': 'system' } },
      unschedulable: `0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable. ${PREEMPTION_NOT_HELPFUL}`,
    },
    {
      name: 'tolerant',
      rule: 'a pod tolerating everything may go to a NotReady or cordoned node, the emptiest first',
      spec: {
        tolerations: TOLERATE_EVERYTHING,
        nodeSelector: { 'kubernetes.azure.com/agentpool': 'system' },
      },
      boundTo: SYSTEM_0,
    },
    {
      name: 'by-name',
      rule: 'required node affinity on metadata.name picks that node',
      spec: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchFields: [
                    {
                      key: 'metadata.name',
                      operator: 'In',
                      values: [USER_0],
                    },
                  ],
                },
              ],
            },
          },
        },
      },
      boundTo: USER_0,
    },
    {
      name: 'windows',
      rule: 'a pod tolerating everything but for nodes that do not exist stays Pending',
      spec: {
        tolerations: TOLERATE_EVERYTHING,
        nodeSelector: { 'kubernetes.io/os': 'windows' },
      },
      unschedulable: `0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. ${PREEMPTION_NOT_HELPFUL}`,
    },
  ])('$rule', async ({ name, spec, boundTo, unschedulable }) => {
    await clients.core.createNamespacedPod({
      namespace: 'pods',
      body: podNamed(name, spec),
    });
    const pod = await eventually(async () => {
      const found = await clients.core.readNamespacedPod({
        name,
        namespace: 'pods',
      });
      expect(conditionOf(found, 'PodScheduled')).toBeDefined();
      return found;
    });
    expect({
      nodeName: pod.spec!.nodeName,
      scheduled: conditionOf(pod, 'PodScheduled'),
    }).toEqual({
      nodeName: boundTo,
      scheduled: expect.objectContaining(
        unschedulable
          ? {
              status: 'False',
              reason: 'Unschedulable',
              message: unschedulable,
            }
          : { status: 'True' },
      ),
    });
  });

  it('leaves pods for another scheduler alone', async () => {
    await clients.core.createNamespacedPod({
      namespace: 'pods',
      body: podNamed('custom', { schedulerName: 'my-scheduler' }),
    });
    await cluster.server.controllers.whenIdle();
    const pod = await clients.core.readNamespacedPod({
      name: 'custom',
      namespace: 'pods',
    });
    expect(pod.spec!.nodeName).toBeUndefined();
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });
});
