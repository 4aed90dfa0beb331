import { CoreV1Api, KubeConfig, V1Service } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  clusterLabel,
  isNotFound,
  kubeFailure,
  statusCodeOf,
} from './kubeErrors';

export const CLUSTERMESH_APISERVER_SERVICE = 'clustermesh-apiserver';
const NAMESPACE = 'kube-system';
const DEFAULT_PORT = 2379;

/** Where peers reach a cluster's clustermesh-apiserver: `clustermesh.config.clusters.<name>`. */
export interface ClustermeshApiserverAddress {
  ips: string[];
  port: number;
}

export type ClustermeshApiserverWait =
  | 'serviceMissing'
  | 'loadBalancerPending'
  | 'apiUnavailable';

export interface WaitForAddressOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called after each look that found no address yet. */
  onWaiting?: (state: {
    reason: ClustermeshApiserverWait;
    elapsedMs: number;
  }) => void;
  /** Between looks; default 2 s. */
  pollIntervalMs?: number;
}

type Look =
  | { address: ClustermeshApiserverAddress }
  | { wrongType: string }
  | { reason: ClustermeshApiserverWait; detail?: string };

function inspect(service: V1Service, cluster: string): Look {
  const type = service.spec?.type ?? 'ClusterIP';
  if (type !== 'LoadBalancer') {
    return {
      wrongType: `Service ${NAMESPACE}/${CLUSTERMESH_APISERVER_SERVICE} in ${cluster} is of type ${type}, so peers in other VNets have no address to reach; install Cilium with clustermesh.apiserver.service.type=LoadBalancer and the annotation service.beta.kubernetes.io/azure-load-balancer-internal: "true"`,
    };
  }
  const ips = (service.status?.loadBalancer?.ingress ?? [])
    .map(ingress => ingress.ip)
    .filter((ip): ip is string => typeof ip === 'string' && ip !== '');
  if (ips.length === 0) return { reason: 'loadBalancerPending' };
  return {
    address: { ips, port: service.spec?.ports?.[0]?.port ?? DEFAULT_PORT },
  };
}

/**
 * Waits until Azure has given the clustermesh-apiserver Service its (internal)
 * load-balancer address, and returns it with the Service port (2379).
 */
export async function waitForClustermeshApiserverAddress(
  kubeConfig: KubeConfig,
  options: WaitForAddressOptions,
): Promise<ClustermeshApiserverAddress> {
  const cluster = clusterLabel(kubeConfig);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const started = Date.now();
  const pollMs = options.pollIntervalMs ?? 2000;
  let last: { reason: ClustermeshApiserverWait; detail?: string } = {
    reason: 'serviceMissing',
  };
  for (;;) {
    options.signal?.throwIfAborted();
    let service: V1Service | undefined;
    try {
      service = await core.readNamespacedService({
        name: CLUSTERMESH_APISERVER_SERVICE,
        namespace: NAMESPACE,
      });
    } catch (error) {
      const code = statusCodeOf(error);
      // Waiting does not fix credentials or permissions.
      if (code === 401 || code === 403) {
        throw kubeFailure(
          error,
          `read Service ${NAMESPACE}/${CLUSTERMESH_APISERVER_SERVICE} in ${cluster}`,
        );
      }
      last = isNotFound(error)
        ? { reason: 'serviceMissing' }
        : {
            reason: 'apiUnavailable',
            detail: kubeFailure(
              error,
              `read Service ${NAMESPACE}/${CLUSTERMESH_APISERVER_SERVICE}`,
            ).message,
          };
    }
    if (service) {
      const look = inspect(service, cluster);
      if ('address' in look) return look.address;
      if ('wrongType' in look) throw new Error(look.wrongType);
      last = look;
    }
    const elapsedMs = Date.now() - started;
    options.onWaiting?.({ reason: last.reason, elapsedMs });
    if (elapsedMs + pollMs > options.timeoutMs) {
      throw new Error(timeoutMessage(cluster, last, options.timeoutMs));
    }
    await sleep(pollMs, undefined, { signal: options.signal }).catch(error => {
      // The caller's reason, not timers' generic AbortError.
      options.signal?.throwIfAborted();
      throw error;
    });
  }
}

function timeoutMessage(
  cluster: string,
  last: { reason: ClustermeshApiserverWait; detail?: string },
  timeoutMs: number,
): string {
  const after = `after ${(timeoutMs / 1000).toFixed(
    timeoutMs < 10_000 ? 1 : 0,
  )} s`;
  const service = `${NAMESPACE}/${CLUSTERMESH_APISERVER_SERVICE}`;
  switch (last.reason) {
    case 'serviceMissing':
      return `Service ${service} does not exist in ${cluster} ${after}: Cilium must be installed with clustermesh.useAPIServer=true; check the cilium release (helm status cilium -n kube-system)`;
    case 'apiUnavailable':
      return `The clustermesh-apiserver address of ${cluster} could not be read ${after}: ${last.detail}`;
    default:
      return `The load balancer of Service ${service} in ${cluster} is still pending ${after} (no status.loadBalancer.ingress IP). Check the Service's events (kubectl -n kube-system describe service clustermesh-apiserver), that the AKS cluster identity has Network Contributor on the node subnet (needed for an internal load balancer in your own VNet), that the subnet has free addresses, and that any pinned azure-load-balancer-ipv4 address is inside it and unused`;
  }
}
