/**
 * What one observer (an agent, or KVStoreMesh) knows about one remote
 * cluster, independent of any Cilium version's wire format. The mesh runtime
 * fills these in; the status and metrics renderers turn them into the JSON
 * and Prometheus text of the installed version.
 */
export interface RemoteClusterView {
  name: string;
  ready: boolean;
  /** The etcd backend object exists (Cilium sets this before the session works). */
  connected: boolean;
  /** Free text, e.g. the etcd status line or `Waiting for initial connection to be established`. */
  status: string;
  numNodes: number;
  numEndpoints: number;
  numIdentities: number;
  /** Remote ClusterService entries: the peer's global and shared services. */
  numSharedServices: number;
  numServiceExports: number;
  numEndpointSlices: number;
  numFailures: number;
  /** undefined: never failed. */
  lastFailure?: Date;
  /** undefined until a session exists. */
  config?: {
    required: boolean;
    retrieved: boolean;
    clusterId: number;
    /** The data comes from the local KVStoreMesh cache. */
    kvstoremesh: boolean;
    syncCanaries: boolean;
    /** 1.17+ remotes. */
    serviceExportsEnabled?: boolean;
    /** 1.20+ remotes. */
    endpointSlicesExportMode?:
      | 'services-and-endpointslices'
      | 'endpointslices-only';
  };
  synced?: {
    nodes: boolean;
    endpoints: boolean;
    identities: boolean;
    services: boolean;
    serviceExports?: boolean;
    endpointSlices?: boolean;
  };
}

export const WAITING_FOR_CONNECTION =
  'Waiting for initial connection to be established';
