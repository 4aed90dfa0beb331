import type { V1Pod } from '@kubernetes/client-node';
import type {
  CiliumObservation,
  ClusterObservation,
  ClustermeshApiserverObservation,
  ObservationError,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { compareText } from '@meshportal/plugin-cilium-clustermesh-common';
import {
  CertificateProbeError,
  parseEndpoint,
  probeServerCertificate,
} from './certificateProbe';
import { agentMetricsPort, summarizeCiliumConfig } from './ciliumConfig';
import type { ClusterApi } from './clusterApi';
import { observationError } from './errors';
import type { MetricsParser } from './metricsParser';
import { ObserverViews, scrapeObserverViews } from './observerViews';
import {
  classifyServices,
  namespaceObservations,
  readyBackendsByService,
} from './services';
import {
  apiserverServiceFacts,
  configuredPeers,
  containerImage,
  daemonSetReadiness,
  deploymentReadiness,
  hostAliasPeers,
  namedContainerPort,
  remoteUserPeers,
  versionOfImage,
} from './workloads';

/** Object names the chart gives Cilium's parts. */
const NAMES = {
  config: 'cilium-config',
  agents: 'cilium',
  agentContainer: 'cilium-agent',
  operator: 'cilium-operator',
  apiserver: 'clustermesh-apiserver',
  kvstoremeshContainer: 'kvstoremesh',
  kvstoremeshMetricsPort: 'kvmesh-metrics',
  remoteUsers: 'clustermesh-remote-users',
} as const;

const SELECTORS = {
  agents: 'k8s-app=cilium',
  apiserver: 'k8s-app=clustermesh-apiserver',
};

export interface ReadOptions {
  cluster: string;
  podConcurrency: number;
  metricsParser: MetricsParser;
  certificateProbe: false | { endpoint?: string };
  signal: AbortSignal;
}

type Observed = Omit<ClusterObservation, 'observedAt'>;

/**
 * One cluster's ClusterMesh facts. Only `cilium-config` decides whether the
 * cluster could be read at all; every later failure is a warning.
 */
export async function readCluster(
  api: ClusterApi,
  options: ReadOptions,
): Promise<Observed> {
  const empty = { services: [], plainServices: [], namespaces: [] };
  let config;
  try {
    config = await api.configMap(NAMES.config);
  } catch (error) {
    return {
      cluster: options.cluster,
      error: observationError(`GET configmaps/${NAMES.config}`, error),
      warnings: [],
      ...empty,
    };
  }
  const warnings: ObservationError[] = [];
  const soft = <T>(promise: Promise<T>): Promise<T | undefined> =>
    promise.catch(error => {
      warnings.push(observationError('read', error));
      return undefined;
    });
  const [cilium, services] = await Promise.all([
    config
      ? readCilium(api, config.data ?? {}, options, soft, warnings)
      : undefined,
    readServices(api, soft),
  ]);
  return {
    cluster: options.cluster,
    ...(cilium ? { cilium } : {}),
    // Completion order is noise; a stable order keeps views and diffs calm.
    warnings: warnings.sort((a, b) => compareText(a.source, b.source)),
    ...services,
  };
}

type Soft = <T>(promise: Promise<T>) => Promise<T | undefined>;

async function readCilium(
  api: ClusterApi,
  data: Record<string, string>,
  options: ReadOptions,
  soft: Soft,
  warnings: ObservationError[],
): Promise<CiliumObservation> {
  const config = summarizeCiliumConfig(data);
  const agentPort = agentMetricsPort(data);
  const apiserverPart = soft(api.deployment(NAMES.apiserver)).then(
    async deployment => {
      if (!deployment) return undefined;
      const spec = deployment.spec?.template.spec;
      const kvstoremeshPort = namedContainerPort(
        spec,
        NAMES.kvstoremeshContainer,
        NAMES.kvstoremeshMetricsPort,
      );
      const [service, pods] = await Promise.all([
        soft(api.service(NAMES.apiserver)),
        kvstoremeshPort ? soft(api.pods(SELECTORS.apiserver)) : undefined,
      ]);
      return { deployment, spec, service, pods, kvstoremeshPort };
    },
  );
  const [daemonSet, operator, remoteUsers, agentPods, apiserver] =
    await Promise.all([
      soft(api.daemonSet(NAMES.agents)),
      soft(api.deployment(NAMES.operator)),
      soft(api.configMap(NAMES.remoteUsers)),
      agentPort ? soft(api.pods(SELECTORS.agents)) : undefined,
      apiserverPart,
    ]);
  const [agentViews, kvstoremeshViews, certificate] = await Promise.all([
    scrape(api, agentPods, agentPort, 'agent', options),
    scrape(
      api,
      apiserver?.pods,
      apiserver?.kvstoremeshPort,
      'kvstoremesh',
      options,
    ),
    apiserver?.service
      ? probe(
          config.clusterName,
          apiserverServiceFacts(apiserver.service),
          options,
          warnings,
        )
      : undefined,
  ]);

  let clustermeshApiserver: ClustermeshApiserverObservation | undefined;
  if (apiserver) {
    clustermeshApiserver = {
      ...deploymentReadiness(apiserver.deployment),
      ...(apiserver.service
        ? apiserverServiceFacts(apiserver.service)
        : { addresses: [] }),
      kvstoremesh: Boolean(
        apiserver.spec?.containers.some(
          c => c.name === NAMES.kvstoremeshContainer,
        ),
      ),
      ...(certificate ? { certificate } : {}),
    };
  }
  const agentSpec = daemonSet?.spec?.template.spec;
  const aliases = new Map([
    ...hostAliasPeers(agentSpec),
    ...hostAliasPeers(apiserver?.spec),
  ]);
  const usersYaml = remoteUsers?.data?.['users.yaml'];
  const users = usersYaml === undefined ? [] : remoteUserPeers(usersYaml);
  if (users === undefined) {
    warnings.push({
      source: `GET configmaps/${NAMES.remoteUsers}`,
      kind: 'invalid',
      message: `configmaps/${NAMES.remoteUsers}: users.yaml is not a users list`,
    });
  }
  const version =
    versionOfImage(containerImage(agentSpec, NAMES.agentContainer)) ??
    agentViews.version;
  return {
    ...(version ? { version } : {}),
    config,
    agents: {
      ...(daemonSet ? daemonSetReadiness(daemonSet) : { desired: 0, ready: 0 }),
      metricsEnabled: agentPort !== undefined,
    },
    ...(operator ? { operator: deploymentReadiness(operator) } : {}),
    ...(clustermeshApiserver ? { clustermeshApiserver } : {}),
    configuredPeers: configuredPeers(config.clusterName, users ?? [], aliases),
    agentViews: agentViews.views,
    kvstoremeshViews: kvstoremeshViews.views,
  };
}

async function scrape(
  api: ClusterApi,
  pods: V1Pod[] | undefined,
  port: number | undefined,
  layer: 'agent' | 'kvstoremesh',
  options: ReadOptions,
): Promise<ObserverViews> {
  if (!pods || !port) return { views: [] };
  return scrapeObserverViews(api, pods, port, layer, {
    concurrency: options.podConcurrency,
    parse: options.metricsParser,
  });
}

async function probe(
  clusterName: string | undefined,
  service: { addresses: string[]; port?: number },
  options: ReadOptions,
  warnings: ObservationError[],
) {
  if (options.certificateProbe === false) return undefined;
  const configured = options.certificateProbe.endpoint;
  let target: { host: string; port: number } | undefined;
  if (configured) {
    target = parseEndpoint(configured);
    if (!target) {
      warnings.push({
        source: 'certificate probe',
        kind: 'invalid',
        message: `certificate probe: ${configured} is not host:port`,
      });
      return undefined;
    }
  } else if (service.addresses.length > 0 && service.port) {
    target = { host: service.addresses[0], port: service.port };
  } else {
    // Nothing to dial yet (load balancer pending); the empty address list says so.
    return undefined;
  }
  try {
    return await probeServerCertificate(
      { ...target, clusterName },
      options.signal,
    );
  } catch (error) {
    warnings.push(
      error instanceof CertificateProbeError
        ? error.observation
        : observationError('certificate probe', error),
    );
    return undefined;
  }
}

async function readServices(api: ClusterApi, soft: Soft) {
  const [services, slices, namespaces] = await Promise.all([
    soft(api.allServices()),
    soft(api.allEndpointSlices()),
    soft(api.allNamespaces()),
  ]);
  const view = classifyServices(
    services ?? [],
    readyBackendsByService(slices ?? []),
  );
  return {
    ...view,
    namespaces: namespaceObservations(namespaces ?? [], view.services),
  };
}
