import { ciliumMinor } from '../settings';
import { RemoteClusterView } from './remoteCluster';
import { STATUS_VERSIONS } from './versions';
import { byName, RemoteClusterJson, remoteClusterJson } from './wireFormat';

export interface ClusterMeshStatusJson {
  /** Declared without omitempty: a nil slice prints as `null`. */
  clusters: RemoteClusterJson[] | null;
  /** ≤ 1.18 only: distinct ns/name the peers export (see `numGlobalServices`). */
  'num-global-services'?: number;
}

/** The part of `cilium-dbg status -o json` that ClusterMesh tooling reads. */
export interface AgentStatusJson {
  'cluster-mesh'?: ClusterMeshStatusJson;
}

export interface AgentStatusOptions {
  numGlobalServices: number;
  /** Without a ClusterMesh config the agent never starts the subsystem, so the key is missing. */
  clusterMeshRunning: boolean;
}

export function agentStatusJson(
  chartVersion: string,
  views: RemoteClusterView[],
  options: AgentStatusOptions,
): AgentStatusJson {
  if (!options.clusterMeshRunning) return {};
  const minor = ciliumMinor(chartVersion);
  const clusterMesh: ClusterMeshStatusJson = {
    clusters: views.length ? renderSorted(minor, views) : null,
  };
  if (
    minor <= STATUS_VERSIONS.globalServicesUntil &&
    options.numGlobalServices
  ) {
    clusterMesh['num-global-services'] = options.numGlobalServices;
  }
  return { 'cluster-mesh': clusterMesh };
}

/**
 * What `clustermesh-apiserver kvstoremesh-dbg status -o json` prints: a bare
 * array. go-swagger answers a nil array payload with `[]`, so never `null`.
 */
export function kvstoremeshStatusJson(
  chartVersion: string,
  views: RemoteClusterView[],
): RemoteClusterJson[] {
  const minor = ciliumMinor(chartVersion);
  if (!kvstoremeshStatusSupported(chartVersion)) {
    throw new RangeError(
      `kvstoremesh-dbg status does not exist in Cilium 1.${minor}`,
    );
  }
  return renderSorted(minor, views);
}

/** Before 1.16 the command is missing: cilium-cli reports "not supported". */
export function kvstoremeshStatusSupported(chartVersion: string): boolean {
  return ciliumMinor(chartVersion) >= STATUS_VERSIONS.kvstoremeshStatusSince;
}

function renderSorted(
  minor: number,
  views: RemoteClusterView[],
): RemoteClusterJson[] {
  return [...views].sort(byName).map(view => remoteClusterJson(minor, view));
}
