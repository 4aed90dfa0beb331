import type {
  CiliumConfigSummary,
  CiliumObservation,
  ObservationError,
  ServiceAffinity,
} from './observation';

/**
 * The mesh as the portal shows it: built from cluster observations by
 * `buildMeshStatus`, served by the backend, rendered by the frontend.
 */
export type Health = 'healthy' | 'degraded' | 'down' | 'unknown';

export interface MeshStatus {
  mesh: string;
  title?: string;
  health: Health;
  /** The oldest observation the view is built from, ISO 8601. */
  observedAt: string;
  clusters: ClusterStatus[];
  /** One per ordered pair of clusters that either side configures or observes. */
  connections: MeshConnection[];
  problems: MeshProblem[];
}

export interface ClusterStatus {
  /** Name in the mesh definition. */
  name: string;
  health: Health;
  observedAt: string;
  /** The cluster could not be read. */
  error?: ObservationError;
  warnings: ObservationError[];
  cilium?: CiliumSummary;
  /** Cilium names of the peers this cluster is configured to connect to. */
  configuredPeers: string[];
}

/** What the portal shows of a cluster's Cilium: its observation without the mesh-internal detail. */
export type CiliumSummary = Omit<
  CiliumConfigSummary,
  'ipamMode' | 'identityAllocationMode' | 'defaultGlobalNamespace'
> &
  Pick<
    CiliumObservation,
    'version' | 'agents' | 'operator' | 'clustermeshApiserver'
  >;

export type ConnectionState =
  /** Every observer of the `from` cluster reports the peer ready. */
  | 'connected'
  /** Some observers report it ready, or only one layer does. */
  | 'degraded'
  /** Configured, but no observer reports it ready. */
  | 'disconnected'
  /** Observed (metrics exist) but the `from` side no longer configures it, or the reverse. */
  | 'unconfigured'
  /** The `from` cluster could not be read, or exposes no metrics to judge by. */
  | 'unknown';

/** One direction: how cluster `from` sees cluster `to`. */
export interface MeshConnection {
  /** Mesh-definition names. */
  from: string;
  to: string;
  /** `from`'s own configuration names `to`. */
  configured: boolean;
  state: ConnectionState;
  /** `from`'s agents' view of `to` (k of N agents ready). Absent without agent metrics. */
  agents?: ConnectionLayer;
  /** `from`'s KVStoreMesh view of `to`. Absent without KVStoreMesh. */
  kvstoremesh?: ConnectionLayer;
}

export interface ConnectionLayer {
  /** Observers (pods) in this layer. */
  total: number;
  /** Observers that report `to` at all. */
  configured: number;
  /** Observers that report `to` ready. */
  ready: number;
  /** Observers whose metrics could not be read. */
  unreadable: number;
  /** Highest reported remote node count. */
  nodes?: number;
  services?: number;
  endpoints?: number;
  /** Sum of the observers' failure counters. */
  failures: number;
  /** Newest failure, ISO 8601. */
  lastFailure?: string;
  /** Pods that do not report `to` ready (for the troubleshooting command). */
  notReadyPods: string[];
}

export type ProblemSeverity = 'error' | 'warning' | 'info';

export type ProblemCode =
  | 'cluster-unreachable'
  | 'cilium-not-installed'
  | 'cluster-name-mismatch'
  | 'duplicate-cluster-name'
  | 'duplicate-cluster-id'
  | 'invalid-cluster-id'
  | 'overlapping-pod-cidrs'
  | 'ca-mismatch'
  | 'one-sided-peer'
  | 'peer-not-configured'
  | 'connection-down'
  | 'connection-degraded'
  | 'apiserver-no-address'
  | 'apiserver-not-ready'
  | 'max-connected-clusters-mismatch'
  | 'version-skew'
  | 'agent-metrics-disabled'
  | 'agents-not-ready'
  | 'namespace-not-global'
  | 'global-service-single-cluster'
  | 'global-service-not-shared'
  | 'invalid-affinity'
  | 'certificate-expiring'
  | 'data-stale';

export interface MeshProblem {
  /** Stable across refreshes while the problem lasts, e.g. `overlapping-pod-cidrs:cluster1:cluster2`. */
  id: string;
  code: ProblemCode;
  severity: ProblemSeverity;
  /** Mesh-definition names of the clusters involved. */
  clusters: string[];
  /** `namespace/name` when the problem is about a Service. */
  service?: string;
  /** One line: what is wrong. */
  title: string;
  /** Why it matters and what Cilium does about it. */
  explanation: string;
  /** What to change. */
  remediation: string;
  /** The exact next command to run, when there is one. */
  command?: string;
}

/** A Service annotated global in at least one cluster of the mesh. */
export interface GlobalServiceStatus {
  namespace: string;
  name: string;
  /** The clusters that have the Service, and those that could not be read. */
  clusters: GlobalServiceInCluster[];
  /** For each cluster that has the Service: whose backends its clients use. */
  routing: ServiceRouting[];
}

export interface GlobalServiceInCluster {
  cluster: string;
  /** The Service exists in this cluster (annotated or not). */
  present: boolean;
  global: boolean;
  shared: boolean;
  affinity: ServiceAffinity;
  readyBackends: number;
  /** The namespace exports to the mesh (1.20 `clustermesh.cilium.io/global`, default from cilium-config). */
  namespaceGlobal: boolean;
  /** The cluster could not be read: the other fields are unknown. */
  unknown?: boolean;
}

export interface ServiceRouting {
  /** The consuming cluster. */
  from: string;
  /** Clusters whose backends serve `from`'s clients, with their ready backend counts. */
  servedBy: { cluster: string; backends: number; linkReady?: boolean }[];
  /** Why, in one sentence (affinity fallback, not global here, ...). */
  reason: string;
}
