/**
 * What one cluster's Cilium runs with, as the agents, the operator and the
 * clustermesh-apiserver read it after the chart has rendered the release's
 * values. The chart renderer produces it; the mesh runtime, status and
 * metrics consume it. Version-specific behaviour keys off `chartVersion`.
 */
export interface CiliumSettings {
  /** `1.16.19`, `1.19.6`, `1.20.0`. */
  chartVersion: string;
  releaseName: string;
  namespace: string;
  clusterName: string;
  clusterId: number;
  maxConnectedClusters: 255 | 511;
  /** ipam.operator.clusterPoolIPv4PodCIDRList. */
  podCidrs: string[];
  /** ipam.operator.clusterPoolIPv4MaskSize (default 24). */
  podCidrMaskSize: number;
  routingMode: 'tunnel' | 'native';
  tunnelProtocol: 'vxlan' | 'geneve';
  kubeProxyReplacement: boolean;
  /** prometheus.enabled: agent metrics on :9962. */
  agentMetricsEnabled: boolean;
  agentMetricsPort: number;
  clustermesh: ClusterMeshSettings;
}

export interface ClusterMeshSettings {
  useAPIServer: boolean;
  /** clustermesh.config.enabled: the `cilium-clustermesh` Secret is rendered. */
  configEnabled: boolean;
  /** clustermesh.config.domain, default mesh.cilium.io. */
  domain: string;
  /** Peers from clustermesh.config.clusters (list or map form), `enabled: false` entries dropped, own name kept. */
  peers: PeerSettings[];
  kvstoremeshEnabled: boolean;
  /** clustermesh.apiserver.metrics.kvstoremesh.enabled: KVStoreMesh metrics on :9964. */
  kvstoremeshMetricsEnabled: boolean;
  serviceType: 'LoadBalancer' | 'NodePort' | 'ClusterIP';
  serviceAnnotations: Record<string, string>;
  authMode: 'legacy' | 'migration' | 'cluster';
  /** 1.20+: clustermesh.defaultGlobalNamespace (true when absent or older). */
  defaultGlobalNamespace: boolean;
  /** clustermesh.apiserver.replicas. */
  apiserverReplicas: number;
}

export interface PeerSettings {
  name: string;
  /** Addresses the `<name>.<domain>` host alias maps to. */
  ips: string[];
  /** Used when `ips` is empty. */
  address?: string;
  /** No default in the chart: a missing port renders `https://host:` which never connects. */
  port?: number;
}

/** `1.19.6` → 19 (Cilium's major version has stayed 1). */
export function ciliumMinor(chartVersion: string): number {
  return Number(chartVersion.split('.')[1]);
}
