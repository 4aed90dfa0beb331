import type { CiliumConfigSummary } from '@meshportal/plugin-cilium-clustermesh-common';

/** Cilium's own default when `max-connected-clusters` is absent. */
const DEFAULT_MAX_CONNECTED_CLUSTERS = 255;

function text(data: Record<string, string>, key: string): string | undefined {
  const value = data[key]?.trim();
  return value ? value : undefined;
}

function integer(
  data: Record<string, string>,
  key: string,
): number | undefined {
  const value = text(data, key);
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

function flag(data: Record<string, string>, key: string): boolean | undefined {
  const value = text(data, key)?.toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** The parts of ConfigMap `cilium-config` the mesh model needs. */
export function summarizeCiliumConfig(
  data: Record<string, string>,
): CiliumConfigSummary {
  const summary: CiliumConfigSummary = {
    maxConnectedClusters:
      integer(data, 'max-connected-clusters') ?? DEFAULT_MAX_CONNECTED_CLUSTERS,
    encryption: encryptionOf(data),
    podCidrs: (text(data, 'cluster-pool-ipv4-cidr') ?? '')
      .split(/[\s,]+/)
      .filter(Boolean),
  };
  const optional: Partial<CiliumConfigSummary> = {
    clusterName: text(data, 'cluster-name'),
    clusterId: integer(data, 'cluster-id'),
    routingMode: text(data, 'routing-mode'),
    tunnelProtocol: text(data, 'tunnel-protocol'),
    kubeProxyReplacement: text(data, 'kube-proxy-replacement'),
    ipamMode: text(data, 'ipam'),
    identityAllocationMode: text(data, 'identity-allocation-mode'),
    defaultGlobalNamespace: flag(data, 'clustermesh-default-global-namespace'),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined)
      (summary as unknown as Record<string, unknown>)[key] = value;
  }
  return summary;
}

function encryptionOf(
  data: Record<string, string>,
): CiliumConfigSummary['encryption'] {
  if (flag(data, 'enable-wireguard')) return 'wireguard';
  if (flag(data, 'enable-ipsec')) return 'ipsec';
  return 'disabled';
}

/**
 * The agents' metrics port from `prometheus-serve-addr` (`:9962`), which the
 * chart writes only with `prometheus.enabled`; undefined when metrics are off.
 */
export function agentMetricsPort(
  data: Record<string, string> | undefined,
): number | undefined {
  const address = data && text(data, 'prometheus-serve-addr');
  if (!address) return undefined;
  const port = Number(/:(\d{1,5})$/.exec(address)?.[1]);
  return port > 0 && port < 65536 ? port : undefined;
}
