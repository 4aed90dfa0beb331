/**
 * What the backend read from one cluster, before any judgement. Produced by
 * the cluster reader in `-node` with list/get verbs and `pods/proxy` only, and
 * turned into a mesh view by the pure functions beside this file. Holds no
 * secret material: no certificates, keys, tokens or kubeconfigs.
 */
export interface ClusterObservation {
  /** The cluster's name in the mesh definition (normally its Cilium `cluster.name`). */
  cluster: string;
  /** When the read finished, ISO 8601. */
  observedAt: string;
  /** Set when the cluster could not be read at all; `cilium` is then absent. */
  error?: ObservationError;
  /** Absent when the cluster answered but has no `cilium-config` (Cilium not installed). */
  cilium?: CiliumObservation;
  /** Parts that could not be read (one pod's metrics, the certificate probe, ...). */
  warnings: ObservationError[];
  /** Services carrying any ClusterMesh annotation (modern or legacy), global or not. */
  services: ServiceObservation[];
  /** `namespace/name` of every other Service: present, but not global here. */
  plainServices: string[];
  /** Namespaces that hold an annotated Service, with their 1.20 global flag. */
  namespaces: NamespaceObservation[];
}

export type ObservationErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'invalid'
  | 'failed';

export interface ObservationError {
  /** What was being read, e.g. `GET configmaps/cilium-config` or `metrics of pod cilium-x2v9k`. */
  source: string;
  kind: ObservationErrorKind;
  /** Human-readable; never includes credentials. */
  message: string;
}

export interface CiliumObservation {
  /** Cilium version, e.g. `1.20.0` (agent image tag or `cilium_version`). */
  version?: string;
  config: CiliumConfigSummary;
  agents: AgentsObservation;
  operator?: WorkloadReadiness;
  /** Absent when `clustermesh.useAPIServer` is off (no Deployment). */
  clustermeshApiserver?: ClustermeshApiserverObservation;
  /** Peers this cluster's own configuration names, read without secrets. */
  configuredPeers: ConfiguredPeer[];
  /** One entry per agent pod, from its `:9962/metrics`. Empty when agent metrics are off. */
  agentViews: ObserverView[];
  /** One entry per clustermesh-apiserver pod with KVStoreMesh, from `:9964/metrics`. */
  kvstoremeshViews: ObserverView[];
}

/** The parts of ConfigMap `cilium-config` the mesh model needs. */
export interface CiliumConfigSummary {
  /** `cluster-name`. */
  clusterName?: string;
  /** `cluster-id`. */
  clusterId?: number;
  /** `max-connected-clusters`, 255 when absent. */
  maxConnectedClusters: number;
  /** `routing-mode`: `tunnel` or `native`. */
  routingMode?: string;
  /** `tunnel-protocol`: `vxlan` or `geneve`. */
  tunnelProtocol?: string;
  /** `kube-proxy-replacement`. */
  kubeProxyReplacement?: string;
  encryption: 'disabled' | 'wireguard' | 'ipsec';
  /** `ipam`. */
  ipamMode?: string;
  /** `cluster-pool-ipv4-cidr` (space or comma separated in the ConfigMap). */
  podCidrs: string[];
  /** `identity-allocation-mode`. */
  identityAllocationMode?: string;
  /** 1.20 `clustermesh-default-global-namespace`; undefined when unset (Cilium then treats namespaces as global). */
  defaultGlobalNamespace?: boolean;
}

export interface WorkloadReadiness {
  desired: number;
  ready: number;
}

export interface AgentsObservation extends WorkloadReadiness {
  /** Whether agents serve `:9962/metrics` (`prometheus.enabled`). */
  metricsEnabled: boolean;
}

export interface ClustermeshApiserverObservation extends WorkloadReadiness {
  /** `LoadBalancer`, `NodePort` or `ClusterIP`. */
  serviceType?: string;
  /** What peers dial: load-balancer ingress IPs or hostnames. Empty while pending. */
  addresses: string[];
  /** The etcd port peers dial (2379 by default). */
  port?: number;
  /** Whether the Deployment has a `kvstoremesh` container. */
  kvstoremesh: boolean;
  /** From a TLS handshake with the clustermesh-apiserver, when the backend reaches it. */
  certificate?: ServerCertificateObservation;
}

/** Public facts of the clustermesh-apiserver's server certificate (no PEM). */
export interface ServerCertificateObservation {
  /** `host:port` the probe connected to. */
  endpoint: string;
  subject: string;
  issuer: string;
  /** ISO 8601. */
  notAfter: string;
  /** Authority key identifier (lowercase hex): equal on every cluster that shares one Cilium CA. */
  issuerKeyId?: string;
}

export type ConfiguredPeerSource = 'remote-users' | 'host-aliases';

export interface ConfiguredPeer {
  /** The peer's Cilium cluster name. */
  name: string;
  /** Addresses pinned in pod `hostAliases` (`<peer>.mesh.cilium.io`); empty when configured by DNS name. */
  addresses: string[];
  sources: ConfiguredPeerSource[];
}

/** What one agent or one KVStoreMesh replica reports about its peers. */
export interface ObserverView {
  pod: string;
  node?: string;
  /** The pod's metrics could not be read; `peers` is empty then. */
  error?: ObservationError;
  peers: RemoteClusterMetrics[];
}

/** One `target_cluster` in an agent's or KVStoreMesh's metrics. */
export interface RemoteClusterMetrics {
  /** The peer's Cilium cluster name (`target_cluster`). */
  cluster: string;
  ready: boolean;
  failures: number;
  /** ISO 8601; absent when the peer never failed (timestamp 0). */
  lastFailure?: string;
  nodes?: number;
  /** `remote_cluster_services` (1.19+). */
  services?: number;
  /** `remote_cluster_endpoints` (1.19+). */
  endpoints?: number;
}

export type ServiceAffinity = 'local' | 'remote' | 'none';

export interface ServiceObservation {
  namespace: string;
  name: string;
  /** `service.cilium.io/global` (or `io.cilium/global-service`) is "true". */
  global: boolean;
  /** Effective `shared`: true unless annotated "false"; meaningless when not global. */
  shared: boolean;
  /** Effective affinity; invalid values count as `none`, as Cilium does. */
  affinity: ServiceAffinity;
  /** The affinity annotation as written, when it is not a valid value. */
  invalidAffinity?: string;
  /** Ready endpoints of this cluster's own EndpointSlices (Cilium's mirrored remote slices excluded). */
  readyBackends: number;
}

export interface NamespaceObservation {
  name: string;
  /** `clustermesh.cilium.io/global` on the Namespace; undefined when not annotated. */
  global?: boolean;
}
