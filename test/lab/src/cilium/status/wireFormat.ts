import { RemoteClusterView } from './remoteCluster';
import { STATUS_VERSIONS } from './versions';

/**
 * `RemoteCluster` as Cilium's go-swagger model serialises it. go-swagger
 * declares struct fields alphabetically and encoding/json keeps struct order,
 * so the builders below add keys in that order.
 */
export interface RemoteClusterJson {
  config?: RemoteClusterConfigJson;
  connected?: true;
  'last-failure': string;
  name?: string;
  'num-endpoint-slices'?: number;
  'num-endpoints'?: number;
  'num-failures'?: number;
  'num-identities'?: number;
  'num-nodes'?: number;
  'num-service-exports'?: number;
  'num-shared-services'?: number;
  ready?: true;
  status?: string;
  synced?: RemoteClusterSyncedJson;
}

export interface RemoteClusterConfigJson {
  'cluster-id'?: number;
  'endpoint-slices-export-mode'?:
    | 'services-and-endpointslices'
    | 'endpointslices-only';
  kvstoremesh?: true;
  required?: true;
  retrieved?: true;
  /** A `*bool`: false is still written, absent means the remote predates MCS-API. */
  'service-exports-enabled'?: boolean;
  'sync-canaries'?: true;
}

export interface RemoteClusterSyncedJson {
  /** `*bool`: absent when the observer doesn't watch endpoint slices. */
  'endpoint-slices'?: boolean;
  endpoints?: true;
  identities?: true;
  nodes?: true;
  /** `*bool`: absent when the observer doesn't watch service exports. */
  'service-exports'?: boolean;
  services?: true;
}

/** strfmt.DateTime of Go's zero time: omitempty can't drop a struct, so "never" looks like this. */
export const NEVER_FAILED = '0001-01-01T00:00:00.000Z';

/** strfmt.DateTime marshals RFC3339 with milliseconds; the pods run in UTC. */
export function goDateTime(date: Date | undefined): string {
  return date ? date.toISOString() : NEVER_FAILED;
}

export function remoteClusterJson(
  minor: number,
  view: RemoteClusterView,
): RemoteClusterJson {
  const withExports = minor >= STATUS_VERSIONS.serviceExportsSince;
  const withSlices = minor >= STATUS_VERSIONS.endpointSlicesSince;
  // Partial while building: `last-failure` has to land after `config` and `connected`.
  const out: Partial<RemoteClusterJson> = {};
  if (view.config) out.config = configJson(minor, view.config);
  if (view.connected) out.connected = true;
  out['last-failure'] = goDateTime(view.lastFailure);
  if (view.name) out.name = view.name;
  if (withSlices && view.numEndpointSlices) {
    out['num-endpoint-slices'] = view.numEndpointSlices;
  }
  if (view.numEndpoints) out['num-endpoints'] = view.numEndpoints;
  if (view.numFailures) out['num-failures'] = view.numFailures;
  if (view.numIdentities) out['num-identities'] = view.numIdentities;
  if (view.numNodes) out['num-nodes'] = view.numNodes;
  if (withExports && view.numServiceExports) {
    out['num-service-exports'] = view.numServiceExports;
  }
  if (view.numSharedServices) {
    out['num-shared-services'] = view.numSharedServices;
  }
  if (view.ready) out.ready = true;
  if (view.status) out.status = view.status;
  if (view.synced) out.synced = syncedJson(minor, view.synced);
  return out as RemoteClusterJson;
}

function configJson(
  minor: number,
  config: NonNullable<RemoteClusterView['config']>,
): RemoteClusterConfigJson {
  const out: RemoteClusterConfigJson = {};
  if (config.clusterId) out['cluster-id'] = config.clusterId;
  if (
    minor >= STATUS_VERSIONS.endpointSlicesSince &&
    config.endpointSlicesExportMode
  ) {
    out['endpoint-slices-export-mode'] = config.endpointSlicesExportMode;
  }
  if (config.kvstoremesh) out.kvstoremesh = true;
  if (config.required) out.required = true;
  if (config.retrieved) out.retrieved = true;
  if (
    minor >= STATUS_VERSIONS.serviceExportsSince &&
    config.serviceExportsEnabled !== undefined
  ) {
    out['service-exports-enabled'] = config.serviceExportsEnabled;
  }
  if (config.syncCanaries) out['sync-canaries'] = true;
  return out;
}

function syncedJson(
  minor: number,
  synced: NonNullable<RemoteClusterView['synced']>,
): RemoteClusterSyncedJson {
  const out: RemoteClusterSyncedJson = {};
  if (
    minor >= STATUS_VERSIONS.endpointSlicesSince &&
    synced.endpointSlices !== undefined
  ) {
    out['endpoint-slices'] = synced.endpointSlices;
  }
  if (synced.endpoints) out.endpoints = true;
  if (synced.identities) out.identities = true;
  if (synced.nodes) out.nodes = true;
  if (
    minor >= STATUS_VERSIONS.serviceExportsSince &&
    synced.serviceExports !== undefined
  ) {
    out['service-exports'] = synced.serviceExports;
  }
  if (synced.services) out.services = true;
  return out;
}

/** Both the agent and KVStoreMesh sort by name (Go's byte-wise cmp.Compare). */
export function byName(a: RemoteClusterView, b: RemoteClusterView): number {
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}
