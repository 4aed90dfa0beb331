import { RemoteClusterView, WAITING_FOR_CONNECTION } from '../remoteCluster';

export const ETCD_OK =
  'etcd: 1/1 connected, leases=0, lock leases=1, has-quorum=true: endpoint status checks are disabled, ID: cdbc8223a1135072';

/** A peer with every field set to something non-zero. */
export function readyView(
  overrides: Partial<RemoteClusterView> = {},
): RemoteClusterView {
  return {
    name: 'aks-neu-2',
    ready: true,
    connected: true,
    status: ETCD_OK,
    numNodes: 3,
    numEndpoints: 25,
    numIdentities: 8,
    numSharedServices: 10,
    numServiceExports: 2,
    numEndpointSlices: 4,
    numFailures: 1,
    lastFailure: new Date('2026-08-20T10:11:12.345Z'),
    config: {
      required: true,
      retrieved: true,
      clusterId: 2,
      kvstoremesh: true,
      syncCanaries: true,
      serviceExportsEnabled: true,
      endpointSlicesExportMode: 'services-and-endpointslices',
    },
    synced: {
      nodes: true,
      endpoints: true,
      identities: true,
      services: true,
      serviceExports: true,
      endpointSlices: true,
    },
    ...overrides,
  };
}

/** A peer that has never answered: every counter zero, no session. */
export function waitingView(
  overrides: Partial<RemoteClusterView> = {},
): RemoteClusterView {
  return {
    name: 'aks-neu-3',
    ready: false,
    connected: false,
    status: WAITING_FOR_CONNECTION,
    numNodes: 0,
    numEndpoints: 0,
    numIdentities: 0,
    numSharedServices: 0,
    numServiceExports: 0,
    numEndpointSlices: 0,
    numFailures: 0,
    ...overrides,
  };
}
