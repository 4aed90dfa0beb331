import {
  AppsV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  V1DaemonSet,
  V1Deployment,
  V1Pod,
  V1PodSpec,
} from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeObject } from '../../types';
import { TestCluster } from '../../testCluster';
import { PodNetwork } from '../pods';

/**
 * Runs `check` (which asserts) until it passes or `timeoutMs` is up, then
 * returns its result or throws its last failure. The controllers usually
 * act before an API call returns, but nothing promises that.
 */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await sleep(20);
  }
}

/**
 * A CNI for tests: each node gets its own /24 of 10.244.0.0/16 in the order
 * nodes first ask, pods get the next address of it, and released
 * addresses are recorded.
 */
export class TestPodNetwork implements PodNetwork {
  readonly allocated: string[] = [];
  readonly released: string[] = [];
  private readonly nodeBlocks = new Map<string, number>();
  private readonly nextHost = new Map<string, number>();

  allocate(_pod: KubeObject, node: KubeObject): string {
    const nodeName = node.metadata.name!;
    if (!this.nodeBlocks.has(nodeName)) {
      this.nodeBlocks.set(nodeName, this.nodeBlocks.size);
    }
    const host = (this.nextHost.get(nodeName) ?? 0) + 1;
    this.nextHost.set(nodeName, host);
    const ip = `10.244.${this.nodeBlocks.get(nodeName)}.${host}`;
    this.allocated.push(ip);
    return ip;
  }

  release(ip: string): void {
    this.released.push(ip);
  }
}

export interface Clients {
  core: CoreV1Api;
  apps: AppsV1Api;
  discovery: DiscoveryV1Api;
}

export function clientsOf(cluster: TestCluster): Clients {
  return {
    core: cluster.admin.makeApiClient(CoreV1Api),
    apps: cluster.admin.makeApiClient(AppsV1Api),
    discovery: cluster.admin.makeApiClient(DiscoveryV1Api),
  };
}

export async function createNamespace(
  clients: Clients,
  name: string,
): Promise<void> {
  await clients.core.createNamespace({ body: { metadata: { name } } });
}

export function deploymentOf(
  name: string,
  options: {
    replicas?: number;
    image?: string;
    podSpec?: Partial<V1PodSpec>;
  } = {},
): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: options.image ?? 'nginx:1.27',
              ports: [{ name: 'http', containerPort: 8080 }],
            },
          ],
          ...options.podSpec,
        },
      },
    },
  };
}

export function daemonSetOf(
  name: string,
  podSpec: Partial<V1PodSpec> = {},
): V1DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'agent', image: 'busybox:1.36' }],
          ...podSpec,
        },
      },
    },
  };
}

/** Tolerates every taint, as CNI agents and their operators do. */
export const TOLERATE_EVERYTHING = [{ operator: 'Exists' }];

export async function podsOf(
  clients: Clients,
  namespace: string,
  labelSelector: string,
): Promise<V1Pod[]> {
  const pods = await clients.core.listNamespacedPod({
    namespace,
    labelSelector,
  });
  return pods.items.sort((a, b) =>
    a.metadata!.name! < b.metadata!.name! ? -1 : 1,
  );
}

export function conditionOf(pod: V1Pod, type: string) {
  return pod.status?.conditions?.find(condition => condition.type === type);
}
