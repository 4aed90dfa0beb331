import {
  ApiException,
  V1ConfigMap,
  V1DaemonSet,
  V1Deployment,
  V1Pod,
} from '@kubernetes/client-node';
import type { ClusterApi } from './clusterApi';
import { ObservationFailure, observationError } from './errors';
import { parseMetricsOnEventLoop } from './metricsParser';
import { readCluster } from './readCluster';

const status = (code: number, reason: string) =>
  new ApiException(
    code,
    'Unknown API Status Code!',
    JSON.stringify({ kind: 'Status', code, reason, message: 'Bearer s3cr3t' }),
    { 'www-authenticate': 'Bearer s3cr3t' },
  );

const failure = (source: string, error: unknown) =>
  new ObservationFailure(observationError(source, error));

/** Cilium 1.16 without KVStoreMesh: peers pinned on the agents, digest-only image. */
function cilium116(): Record<string, unknown> {
  return {
    'configmaps/cilium-config': {
      data: {
        'cluster-name': 'cluster1',
        'cluster-id': '1',
        'prometheus-serve-addr': ':9962',
      },
    } as V1ConfigMap,
    'configmaps/clustermesh-remote-users': {
      data: {
        'users.yaml':
          'users:\n- name: remote-cluster1\n  role: remote\n- name: remote-cluster2\n  role: remote\n',
      },
    } as V1ConfigMap,
    'daemonsets/cilium': {
      spec: {
        selector: {},
        template: {
          spec: {
            containers: [
              {
                name: 'cilium-agent',
                image: 'quay.io/cilium/cilium@sha256:0123',
              },
            ],
            hostAliases: [
              { ip: '172.21.11.200', hostnames: ['cluster2.mesh.cilium.io'] },
            ],
          },
        },
      },
      status: {
        desiredNumberScheduled: 3,
        numberReady: 2,
        currentNumberScheduled: 3,
        numberMisscheduled: 0,
      },
    } as V1DaemonSet,
    'deployments/cilium-operator': {
      spec: { replicas: 2, selector: {}, template: {} },
      status: { readyReplicas: 2 },
    } as V1Deployment,
    'deployments/clustermesh-apiserver': {
      spec: {
        selector: {},
        template: { spec: { containers: [{ name: 'apiserver' }] } },
      },
      status: {},
    } as V1Deployment,
  };
}

const agentPod = (name: string, phase: string, node: string): V1Pod => ({
  metadata: { name },
  spec: { nodeName: node, containers: [] },
  status: { phase },
});

const METRICS_116 = `cilium_clustermesh_remote_cluster_readiness_status{source_cluster="cluster1",source_node_name="n1",target_cluster="cluster2"} 1
cilium_version{arch="amd64",revision="x",version="1.16.19"} 0
`;

function fakeApi(
  objects: Record<string, unknown>,
  overrides: Partial<ClusterApi> = {},
) {
  const calls: string[] = [];
  const get =
    <T>(kind: string) =>
    async (name: string) => {
      calls.push(`get ${kind}/${name}`);
      const object = objects[`${kind}/${name}`];
      if (object instanceof Error) throw object;
      return object as T | undefined;
    };
  const api: ClusterApi = {
    configMap: get('configmaps'),
    daemonSet: get('daemonsets'),
    deployment: get('deployments'),
    service: get('services'),
    pods: async selector => {
      calls.push(`list pods ${selector}`);
      return [
        agentPod('cilium-b', 'Running', 'n2'),
        agentPod('cilium-a', 'Running', 'n1'),
        agentPod('cilium-c', 'Pending', 'n3'),
      ];
    },
    podMetrics: async (pod, port) => {
      calls.push(`metrics ${pod}:${port}`);
      if (pod === 'cilium-b') {
        throw failure(
          `GET pods/${pod}:${port}/proxy/metrics`,
          status(503, 'ServiceUnavailable'),
        );
      }
      return new TextEncoder().encode(METRICS_116);
    },
    allServices: async () => [],
    allEndpointSlices: async () => [],
    allNamespaces: async () => [],
    ...overrides,
  };
  return { api, calls };
}

const options = {
  cluster: 'aks-1',
  podConcurrency: 2,
  metricsParser: parseMetricsOnEventLoop,
  certificateProbe: false as const,
  signal: new AbortController().signal,
};

describe('readCluster', () => {
  it('reads a 1.16 cluster without KVStoreMesh, pod by pod', async () => {
    const { api, calls } = fakeApi(cilium116());
    const observed = await readCluster(api, options);
    expect(observed.error).toBeUndefined();
    expect(observed.warnings).toEqual([]);
    expect(observed.cilium).toMatchObject({
      version: '1.16.19',
      agents: { desired: 3, ready: 2, metricsEnabled: true },
      operator: { desired: 2, ready: 2 },
      clustermeshApiserver: {
        desired: 1,
        ready: 0,
        kvstoremesh: false,
        addresses: [],
      },
      configuredPeers: [
        {
          name: 'cluster2',
          addresses: ['172.21.11.200'],
          sources: ['remote-users', 'host-aliases'],
        },
      ],
      kvstoremeshViews: [],
    });
    expect(observed.cilium?.agentViews).toEqual([
      {
        pod: 'cilium-a',
        node: 'n1',
        peers: [{ cluster: 'cluster2', ready: true, failures: 0 }],
      },
      {
        pod: 'cilium-b',
        node: 'n2',
        peers: [],
        error: {
          source: 'metrics of pod cilium-b',
          kind: 'unreachable',
          message:
            'GET pods/cilium-b:9962/proxy/metrics: HTTP 503 Service Unavailable',
        },
      },
      {
        pod: 'cilium-c',
        node: 'n3',
        peers: [],
        error: {
          source: 'metrics of pod cilium-c',
          kind: 'unreachable',
          message: 'metrics of pod cilium-c: the pod is Pending',
        },
      },
    ]);
    // No KVStoreMesh: its pods are not even listed.
    expect(calls.filter(call => call.startsWith('list'))).toEqual([
      'list pods k8s-app=cilium',
    ]);
  });

  it('skips agent metrics when Prometheus is off', async () => {
    const objects = cilium116();
    (objects['configmaps/cilium-config'] as V1ConfigMap).data = {
      'cluster-name': 'cluster1',
    };
    const { api, calls } = fakeApi(objects);
    const observed = await readCluster(api, options);
    expect(observed.cilium?.agents.metricsEnabled).toBe(false);
    expect(observed.cilium?.agentViews).toEqual([]);
    expect(observed.cilium?.version).toBeUndefined();
    expect(calls.some(call => call.startsWith('list pods'))).toBe(false);
  });

  it('answers without Cilium when cilium-config is missing', async () => {
    const { api } = fakeApi(
      {},
      {
        allServices: async () => [
          { metadata: { namespace: 'default', name: 'kubernetes' } },
        ],
      },
    );
    expect(await readCluster(api, options)).toEqual({
      cluster: 'aks-1',
      warnings: [],
      services: [],
      plainServices: ['default/kubernetes'],
      namespaces: [],
    });
  });

  it('fails the whole cluster when cilium-config is forbidden, without echoing the answer', async () => {
    const { api, calls } = fakeApi({
      'configmaps/cilium-config': failure(
        'GET configmaps/cilium-config',
        status(403, 'Forbidden'),
      ),
    });
    const observed = await readCluster(api, options);
    expect(observed.error).toEqual({
      source: 'GET configmaps/cilium-config',
      kind: 'forbidden',
      message:
        'GET configmaps/cilium-config: HTTP 403 Forbidden; the identity lacks this permission; apply manifests/rbac.yaml of the backend plugin',
    });
    expect(JSON.stringify(observed)).not.toContain('s3cr3t');
    expect(calls).toEqual(['get configmaps/cilium-config']);
  });

  it('turns failed cluster-wide lists and unreadable users into warnings', async () => {
    const objects = cilium116();
    (objects['configmaps/clustermesh-remote-users'] as V1ConfigMap).data = {
      'users.yaml': 'users: {',
    };
    const { api } = fakeApi(objects, {
      allServices: async () => {
        throw failure(
          'LIST services (all namespaces)',
          status(500, 'InternalError'),
        );
      },
    });
    const observed = await readCluster(api, options);
    expect(observed.error).toBeUndefined();
    expect(observed.warnings).toEqual([
      expect.objectContaining({
        source: 'GET configmaps/clustermesh-remote-users',
        kind: 'invalid',
      }),
      expect.objectContaining({
        source: 'LIST services (all namespaces)',
        kind: 'failed',
        message:
          'LIST services (all namespaces): HTTP 500 Internal Server Error (InternalError)',
      }),
    ]);
    expect(observed.cilium?.configuredPeers.map(peer => peer.name)).toEqual([
      'cluster2',
    ]);
  });
});
