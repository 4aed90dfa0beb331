import { Values } from '../../helm/values';
import {
  CiliumSettings,
  ciliumMinor,
  ClusterMeshSettings,
  PeerSettings,
} from '../settings';
import { chartDefaults } from './defaults';

export function isMap(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Helm's coalescing of user values over the chart's: maps merge key by key,
 * a user `null` removes the chart's value, anything else replaces it.
 * Nothing is mutated; untouched default subtrees are shared.
 */
export function coalesceValues(defaults: Values, user: Values): Values {
  const result: Values = { ...defaults };
  for (const [key, value] of Object.entries(user)) {
    if (value === null || value === undefined) {
      delete result[key];
      continue;
    }
    const base = result[key];
    result[key] =
      isMap(value) && isMap(base) ? coalesceValues(base, value) : value;
  }
  return result;
}

/** What the chart's templates see as `.Values` for a release's user-supplied values. */
export function effectiveValues(
  chartVersion: string,
  userValues: Values,
): Values {
  return coalesceValues(chartDefaults(chartVersion), userValues);
}

/** `.Values.a.b.c`: undefined as soon as a step is missing or not a map. */
export function valueAt(values: Values, path: string): unknown {
  let node: unknown = values;
  for (const key of path.split('.')) {
    if (!isMap(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Go template truth: false, 0, nil and empty strings, lists and maps are false. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isMap(value)) return Object.keys(value).length > 0;
  return value !== false && value !== 0 && value !== '';
}

/**
 * How `{{ value }}` prints: Helm blanks out `<no value>` for nil, numbers
 * print without a decimal point when whole, lists and maps in Go's %v form.
 */
export function goPrint(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return `[${value.map(goPrint).join(' ')}]`;
  if (isMap(value)) {
    const entries = Object.keys(value)
      .sort()
      .map(key => `${key}:${goPrint(value[key])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(value);
}

/** A value templates treat as a list of strings (`range`), with a lone string as one item. */
export function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(goPrint);
  return truthy(value) ? [goPrint(value)] : [];
}

/** `cilium.namespace`: namespaceOverride wins from 1.19 on, the release namespace otherwise. */
export function ciliumNamespace(
  values: Values,
  releaseNamespace: string,
): string {
  const override = valueAt(values, 'namespaceOverride');
  return truthy(override) ? goPrint(override) : releaseNamespace;
}

/** The kube-proxy-replacement string the configmap template settles on (`true`/`false` when valid). */
export function kubeProxyReplacementValue(values: Values): string {
  const text = goPrint(values.kubeProxyReplacement);
  return text === '' ? 'false' : text;
}

/**
 * clustermesh.config.clusters as the chart iterates it. 1.16 ranges over the
 * list as given. 1.19+ (`clustermesh-clusters`) accepts a map or a list,
 * drops `enabled: false`, keys by name (a later duplicate wins) and ranges in
 * name order; entries then carry `name` and no `enabled`.
 */
export function meshClusters(chartVersion: string, values: Values): Values[] {
  const clusters = valueAt(values, 'clustermesh.config.clusters');
  if (ciliumMinor(chartVersion) < 19) {
    return Array.isArray(clusters) ? clusters.filter(isMap) : [];
  }
  let entries: [string, Values][] = [];
  if (isMap(clusters)) {
    entries = Object.entries(clusters)
      .filter((entry): entry is [string, Values] => isMap(entry[1]))
      .map(([name, cluster]) => [name, { ...cluster, name }]);
  } else if (Array.isArray(clusters)) {
    entries = clusters
      .filter(isMap)
      .filter(cluster => typeof cluster.name === 'string')
      .map(cluster => [cluster.name as string, cluster]);
  }
  const byName = new Map<string, Values>();
  for (const [name, cluster] of entries) {
    if (cluster.enabled === false) continue;
    const { enabled: _enabled, ...rest } = cluster;
    byName.set(name, rest);
  }
  return [...byName.keys()].sort().map(name => byName.get(name)!);
}

function peerOf(cluster: Values): PeerSettings {
  const port = cluster.port;
  return {
    name: goPrint(cluster.name),
    ips: stringList(cluster.ips),
    ...(truthy(cluster.address) ? { address: goPrint(cluster.address) } : {}),
    ...(truthy(port) && Number.isFinite(Number(port))
      ? { port: Number(port) }
      : {}),
  };
}

function routingModeOf(chartVersion: string, values: Values): string {
  const routingMode = goPrint(values.routingMode);
  const gke = truthy(valueAt(values, 'gke.enabled'));
  if (ciliumMinor(chartVersion) < 19) {
    if (gke) return 'native';
    if (truthy(valueAt(values, 'aksbyocni.enabled'))) return 'tunnel';
    return routingMode || 'tunnel';
  }
  const native = gke || truthy(valueAt(values, 'eni.enabled'));
  if (routingMode) return routingMode;
  return native ? 'native' : 'tunnel';
}

function stringMap(value: unknown): Record<string, string> {
  if (!isMap(value)) return {};
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, goPrint(item)]),
  );
}

function clustermeshSettings(
  chartVersion: string,
  values: Values,
): ClusterMeshSettings {
  const mesh = (path: string) => valueAt(values, `clustermesh.${path}`);
  const useAPIServer = truthy(mesh('useAPIServer'));
  const kvstoremeshEnabled =
    useAPIServer && truthy(mesh('apiserver.kvstoremesh.enabled'));
  return {
    useAPIServer,
    configEnabled: truthy(mesh('config.enabled')),
    domain: goPrint(mesh('config.domain')),
    peers: meshClusters(chartVersion, values).map(peerOf),
    kvstoremeshEnabled,
    kvstoremeshMetricsEnabled:
      kvstoremeshEnabled &&
      truthy(mesh('apiserver.metrics.kvstoremesh.enabled')),
    serviceType: goPrint(
      mesh('apiserver.service.type'),
    ) as ClusterMeshSettings['serviceType'],
    serviceAnnotations: {
      ...stringMap(mesh('annotations')),
      ...stringMap(mesh('apiserver.service.annotations')),
    },
    authMode: goPrint(
      mesh('apiserver.tls.authMode'),
    ) as ClusterMeshSettings['authMode'],
    defaultGlobalNamespace:
      ciliumMinor(chartVersion) < 20 ||
      goPrint(mesh('defaultGlobalNamespace')) !== 'false',
    apiserverReplicas: Number(mesh('apiserver.replicas')),
  };
}

/** CiliumSettings from values the chart has already coalesced. */
export function settingsFromEffectiveValues(
  chartVersion: string,
  values: Values,
  releaseName: string,
  releaseNamespace: string,
): CiliumSettings {
  const podCidrs = valueAt(values, 'ipam.operator.clusterPoolIPv4PodCIDRList');
  return {
    chartVersion,
    releaseName,
    namespace: ciliumNamespace(values, releaseNamespace),
    clusterName: goPrint(valueAt(values, 'cluster.name')),
    clusterId: Math.trunc(Number(valueAt(values, 'cluster.id') ?? 0)),
    maxConnectedClusters:
      Number(valueAt(values, 'clustermesh.maxConnectedClusters')) === 511
        ? 511
        : 255,
    podCidrs: (Array.isArray(podCidrs)
      ? podCidrs.map(goPrint)
      : [goPrint(podCidrs)]
    )
      .flatMap(text => text.split(/[\s,]+/))
      .filter(Boolean),
    podCidrMaskSize: Number(
      valueAt(values, 'ipam.operator.clusterPoolIPv4MaskSize'),
    ),
    routingMode: routingModeOf(
      chartVersion,
      values,
    ) as CiliumSettings['routingMode'],
    tunnelProtocol: (goPrint(values.tunnelProtocol) ||
      'vxlan') as CiliumSettings['tunnelProtocol'],
    kubeProxyReplacement: kubeProxyReplacementValue(values) === 'true',
    agentMetricsEnabled: truthy(valueAt(values, 'prometheus.enabled')),
    agentMetricsPort: Number(valueAt(values, 'prometheus.port')),
    clustermesh: clustermeshSettings(chartVersion, values),
  };
}

/** What a Cilium release with these user-supplied values runs with. */
export function settingsFromValues(
  chartVersion: string,
  userValues: Values,
  releaseName: string,
  namespace: string,
): CiliumSettings {
  return settingsFromEffectiveValues(
    chartVersion,
    effectiveValues(chartVersion, userValues),
    releaseName,
    namespace,
  );
}
