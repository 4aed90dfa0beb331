import { isIP } from 'node:net';
import { PeerSettings } from '../settings';
import { MeshMember } from './member';
import { commonNameOf, verifyPeerCertificate } from './trust';

/** Where the network delivers a connection to an address, if anywhere. */
export interface MeshNetworkView {
  /** The member exposing its clustermesh-apiserver at ip:port, and whether it accepts connections. */
  resolve(
    ip: string,
    port: number,
  ): { member: MeshMember; listening: boolean } | undefined;
  /** A partition drops packets from one cluster to another. */
  blocked(from: string, to: string): boolean;
}

export type LinkOutcome =
  | { state: 'ready'; remote: MeshMember }
  /** Connected to an etcd, but no `cilium/cluster-config/<peer>` there. */
  | { state: 'config-missing'; remote: MeshMember }
  | { state: 'failing'; error: string; remote?: MeshMember };

/**
 * One attempt of a KVStoreMesh (or agent) in `observer` to connect to the
 * configured `peer`, in the order the etcd client and Cilium go through it:
 * dial the address, TLS both ways, etcd authorization, then read and
 * validate the remote cluster configuration. Cluster-id reservation across
 * peers is the caller's job, since it depends on the other links.
 */
export function attemptLink(
  observer: MeshMember,
  peer: PeerSettings,
  network: MeshNetworkView,
  now: Date,
): LinkOutcome {
  const target = dialTarget(peer, observer.settings.clustermesh.domain);
  if ('error' in target) return { state: 'failing', error: target.error };
  const reached = target.ips
    .map(ip => ({ ip, at: network.resolve(ip, target.port) }))
    .find(candidate => candidate.at);
  if (!reached?.at) {
    return {
      state: 'failing',
      error: `dial tcp ${target.ips[0]}:${target.port}: i/o timeout`,
    };
  }
  const remote = reached.at.member;
  if (network.blocked(observer.name, remote.name)) {
    return {
      state: 'failing',
      error: `dial tcp ${reached.ip}:${target.port}: i/o timeout`,
      remote,
    };
  }
  if (!reached.at.listening || !remote.apiserverReady) {
    return {
      state: 'failing',
      error: `dial tcp ${reached.ip}:${target.port}: connect: connection refused`,
      remote,
    };
  }
  const serverSide = verifyPeerCertificate(
    remote.serverCertPem,
    observer.trustedCaBundle,
    now,
    'server',
  );
  if (!serverSide.trusted) {
    return { state: 'failing', error: serverSide.error, remote };
  }
  const clientSide = verifyPeerCertificate(
    observer.remoteCertPem,
    remote.trustedCaBundle,
    now,
    'client',
  );
  if (!clientSide.trusted) {
    return { state: 'failing', error: clientSide.error, remote };
  }
  const user = observer.remoteCertPem && commonNameOf(observer.remoteCertPem);
  if (!etcdAuthorizes(remote, user)) {
    return {
      state: 'failing',
      error: 'etcdserver: permission denied',
      remote,
    };
  }
  if (remote.settings.clusterName !== peer.name) {
    return { state: 'config-missing', remote };
  }
  const invalid = remoteConfigError(observer, remote);
  if (invalid) return { state: 'failing', error: invalid, remote };
  return { state: 'ready', remote };
}

function dialTarget(
  peer: PeerSettings,
  domain: string,
): { ips: string[]; port: number } | { error: string } {
  const host = peer.ips.length > 0 ? `${peer.name}.${domain}` : peer.address;
  if (!host) {
    return { error: `no address configured for remote cluster ${peer.name}` };
  }
  if (peer.port === undefined) {
    return {
      error: `dial tcp: address ${host}:: missing port in address`,
    };
  }
  if (peer.ips.length > 0) return { ips: peer.ips, port: peer.port };
  if (isIP(host)) return { ips: [host], port: peer.port };
  // The lab has no DNS for load balancer names: only addresses route.
  return { error: `dial tcp: lookup ${host}: no such host` };
}

/**
 * etcd RBAC in the clustermesh-apiserver: the shared `remote` user works
 * until authMode `cluster`; per-cluster `remote-<name>` users need an entry
 * in `clustermesh-remote-users`.
 */
function etcdAuthorizes(remote: MeshMember, user: string | undefined): boolean {
  const mode = remote.settings.clustermesh.authMode;
  if (user === 'remote') return mode !== 'cluster';
  return (
    mode !== 'legacy' && user !== undefined && remote.remoteUsers.includes(user)
  );
}

/** Cilium's ValidateRemoteConfig: the id must be usable and the mesh sizes equal. */
function remoteConfigError(
  observer: MeshMember,
  remote: MeshMember,
): string | undefined {
  const { clusterId, maxConnectedClusters } = remote.settings;
  const localMax = observer.settings.maxConnectedClusters;
  if (clusterId === 0) return 'remote cluster is missing cluster configuration';
  if (clusterId > localMax) {
    return `ClusterID > ${localMax} is not supported`;
  }
  if (maxConnectedClusters !== localMax) {
    return `mismatched MaxConnectedClusters; local=${localMax}, remote=${maxConnectedClusters}`;
  }
  return undefined;
}

/**
 * The cluster-id check Cilium's ClusterIDsManager does as links come up: the
 * local id is taken first, then each peer's in connection order; a peer whose
 * id is already taken is refused.
 */
export function reserveClusterIds(
  localId: number,
  outcomes: { peer: string; outcome: LinkOutcome }[],
): { peer: string; outcome: LinkOutcome }[] {
  const used = new Map<number, string>([[localId, '']]);
  return outcomes.map(({ peer, outcome }) => {
    if (outcome.state !== 'ready') return { peer, outcome };
    const id = outcome.remote.settings.clusterId;
    if (used.has(id)) {
      return {
        peer,
        outcome: {
          state: 'failing',
          error: `clusterID ${id} is already used`,
          remote: outcome.remote,
        },
      };
    }
    used.set(id, peer);
    return { peer, outcome };
  });
}
