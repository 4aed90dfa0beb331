import { ciliumMinor } from '../settings';
import {
  RemoteClusterView,
  WAITING_FOR_CONNECTION,
} from '../status/remoteCluster';
import { LinkOutcome } from './links';
import { MeshMember } from './member';

export interface FailureHistory {
  numFailures: number;
  lastFailure?: Date;
}

/** The etcd client's status line for a healthy session. */
export function etcdStatusLine(remote: MeshMember): string {
  return `etcd: 1/1 connected, leases=0, lock leases=1, has-quorum=true: endpoint status checks are disabled, ID: ${remote.etcdClusterId}`;
}

/**
 * Turns one link's latest outcome into what the observer reports for the
 * peer. `viaKvstoremesh` marks agents that read a peer through their own
 * cluster's KVStoreMesh cache rather than connecting themselves.
 */
export function remoteClusterView(
  peer: string,
  outcome: LinkOutcome,
  history: FailureHistory,
  viaKvstoremesh: boolean,
): RemoteClusterView {
  const base: RemoteClusterView = {
    name: peer,
    ready: false,
    connected: false,
    status: WAITING_FOR_CONNECTION,
    numNodes: 0,
    numEndpoints: 0,
    numIdentities: 0,
    numSharedServices: 0,
    numServiceExports: 0,
    numEndpointSlices: 0,
    numFailures: history.numFailures,
    lastFailure: history.lastFailure,
  };
  if (outcome.state === 'failing') return base;
  const remote = outcome.remote;
  if (outcome.state === 'config-missing') {
    return {
      ...base,
      connected: true,
      status: etcdStatusLine(remote),
      config: {
        required: true,
        retrieved: false,
        clusterId: 0,
        kvstoremesh: false,
        syncCanaries: false,
      },
    };
  }
  const remoteMinor = ciliumMinor(remote.settings.chartVersion);
  const { content } = remote;
  return {
    ...base,
    ready: true,
    connected: true,
    status: etcdStatusLine(remote),
    numNodes: content.nodes,
    numEndpoints: content.endpoints,
    numIdentities: content.identities,
    numSharedServices: content.sharedServices,
    config: {
      required: true,
      retrieved: true,
      clusterId: remote.settings.clusterId,
      kvstoremesh: viaKvstoremesh,
      syncCanaries: true,
      ...(remoteMinor >= 17 ? { serviceExportsEnabled: false } : {}),
    },
    synced: {
      nodes: true,
      endpoints: true,
      identities: true,
      services: true,
      ...(remoteMinor >= 17 ? { serviceExports: true } : {}),
    },
  };
}
