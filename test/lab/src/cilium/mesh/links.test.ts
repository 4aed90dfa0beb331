import {
  CertificateAuthority,
  createCertificateAuthority,
  issueCertificate,
  KeyPairPem,
} from '../../pki/certificates';
import { CiliumSettings, PeerSettings } from '../settings';
import {
  attemptLink,
  LinkOutcome,
  MeshNetworkView,
  reserveClusterIds,
} from './links';
import { MeshMember } from './member';

const DAY_MS = 24 * 60 * 60 * 1000;

function settings(
  overrides: Partial<CiliumSettings> & {
    authMode?: 'legacy' | 'migration' | 'cluster';
  } = {},
): CiliumSettings {
  const { authMode = 'migration', ...rest } = overrides;
  return {
    chartVersion: '1.20.0',
    releaseName: 'cilium',
    namespace: 'kube-system',
    clusterName: 'cluster1',
    clusterId: 1,
    maxConnectedClusters: 255,
    podCidrs: ['10.1.0.0/16'],
    podCidrMaskSize: 24,
    routingMode: 'tunnel',
    tunnelProtocol: 'vxlan',
    kubeProxyReplacement: true,
    agentMetricsEnabled: true,
    agentMetricsPort: 9962,
    clustermesh: {
      useAPIServer: true,
      configEnabled: true,
      domain: 'mesh.cilium.io',
      peers: [],
      kvstoremeshEnabled: true,
      kvstoremeshMetricsEnabled: true,
      serviceType: 'LoadBalancer',
      serviceAnnotations: {},
      authMode,
      defaultGlobalNamespace: true,
      apiserverReplicas: 1,
    },
    ...rest,
  };
}

interface Pki {
  ca: CertificateAuthority;
  server: KeyPairPem;
  remote: KeyPairPem;
  remoteForCluster: (cluster: string) => Promise<KeyPairPem>;
}

async function pki(): Promise<Pki> {
  const ca = await createCertificateAuthority('Cilium CA');
  return {
    ca,
    server: await issueCertificate(ca, {
      commonName: 'clustermesh-apiserver.kube-system.svc',
      subjectAltNames: ['*.mesh.cilium.io'],
      usage: 'server-and-client',
    }),
    remote: await issueCertificate(ca, {
      commonName: 'remote',
      usage: 'client',
    }),
    remoteForCluster: cluster =>
      issueCertificate(ca, {
        commonName: `remote-${cluster}`,
        usage: 'client',
      }),
  };
}

function member(
  name: string,
  keys: Pki,
  overrides: Partial<MeshMember> = {},
): MeshMember {
  const index = Number(name.slice(-1));
  return {
    name,
    settings: settings({ clusterName: name, clusterId: index }),
    apiserverReady: true,
    trustedCaBundle: keys.ca.certPem,
    serverCertPem: keys.server.certPem,
    remoteCertPem: keys.remote.certPem,
    remoteUsers: [],
    etcdClusterId: `etcd-${name}`,
    content: { nodes: 3, endpoints: 5, identities: 2, sharedServices: 1 },
    ...overrides,
  };
}

/** A network where cluster N's apiserver answers at 172.21.N.7:2379. */
function network(
  members: MeshMember[],
  options: { blocked?: [string, string][]; listening?: boolean } = {},
): MeshNetworkView {
  return {
    resolve: (ip, port) => {
      const target = members.find(
        m => ip === `172.21.${m.name.slice(-1)}.7` && port === 2379,
      );
      return target && { member: target, listening: options.listening ?? true };
    },
    blocked: (from, to) =>
      (options.blocked ?? []).some(([a, b]) => a === from && b === to),
  };
}

const peer = (
  name: string,
  overrides: Partial<PeerSettings> = {},
): PeerSettings => ({
  name,
  ips: [`172.21.${name.slice(-1)}.7`],
  port: 2379,
  ...overrides,
});

const describeOutcome = (outcome: LinkOutcome) =>
  outcome.state === 'failing' ? outcome.error : outcome.state;

describe('attemptLink', () => {
  let shared: Pki;
  let other: Pki;

  beforeAll(async () => {
    [shared, other] = await Promise.all([pki(), pki()]);
  });

  it.each<
    [
      string,
      () => Promise<{
        local: MeshMember;
        remote: MeshMember;
        peer: PeerSettings;
        net?: { blocked?: [string, string][]; listening?: boolean };
      }>,
      string,
    ]
  >([
    [
      'a healthy peer',
      async () => ({
        local: member('cluster1', shared),
        remote: member('cluster2', shared),
        peer: peer('cluster2'),
      }),
      'ready',
    ],
    [
      'a peer entry without port',
      async () => ({
        local: member('cluster1', shared),
        remote: member('cluster2', shared),
        peer: peer('cluster2', { port: undefined }),
      }),
      'dial tcp: address cluster2.mesh.cilium.io:: missing port in address',
    ],
    [
      'a DNS name the VNet cannot resolve',
      async () => ({
        local: member('cluster1', shared),
        remote: member('cluster2', shared),
        peer: peer('cluster2', {
          ips: [],
          address: 'cluster2.example.internal',
        }),
      }),
      'dial tcp: lookup cluster2.example.internal: no such host',
    ],
    [
      'an address nobody answers at',
      async () => ({
        local: member('cluster1', shared),
        remote: member('cluster2', shared),
        peer: peer('cluster2', { ips: ['172.21.9.9'] }),
      }),
      'dial tcp 172.21.9.9:2379: i/o timeout',
    ],
    [
      'a partition towards the peer',
      async () => ({
        local: member('cluster1', shared),
        remote: member('cluster2', shared),
        peer: peer('cluster2'),
        net: { blocked: [['cluster1', 'cluster2']] },
      }),
      'dial tcp 172.21.2.7:2379: i/o timeout',
    ],
    [
      'a partition in the other direction only',
      async () => ({
        local: member('cluster1', shared),
        remote: member('cluster2', shared),
        peer: peer('cluster2'),
        net: { blocked: [['cluster2', 'cluster1']] },
      }),
      'ready',
    ],
    [
      'a peer whose apiserver is down',
      async () => ({
        local: member('cluster1', shared),
        remote: member('cluster2', shared, { apiserverReady: false }),
        peer: peer('cluster2'),
      }),
      'dial tcp 172.21.2.7:2379: connect: connection refused',
    ],
    [
      'a peer with another CA',
      async () => ({
        local: member('cluster1', shared),
        remote: member('cluster2', other),
        peer: peer('cluster2'),
      }),
      'tls: failed to verify certificate: x509: certificate signed by unknown authority',
    ],
    [
      'a peer that does not trust our client certificate',
      async () => ({
        local: member('cluster1', shared),
        remote: member('cluster2', shared, {
          trustedCaBundle: other.ca.certPem,
        }),
        peer: peer('cluster2'),
      }),
      'remote error: tls: bad certificate',
    ],
    [
      'an expired server certificate',
      async () => ({
        local: member('cluster1', shared),
        remote: member('cluster2', shared, {
          serverCertPem: (
            await issueCertificate(shared.ca, {
              commonName: 'clustermesh-apiserver.kube-system.svc',
              usage: 'server',
              notBefore: new Date(Date.now() - 3 * DAY_MS),
              validForMs: DAY_MS,
            })
          ).certPem,
        }),
        peer: peer('cluster2'),
      }),
      'tls: failed to verify certificate: x509: certificate has expired or is not yet valid',
    ],
    [
      'a peer in authMode cluster that lacks our user',
      async () => ({
        local: member('cluster1', shared),
        remote: member('cluster2', shared, {
          settings: settings({
            clusterName: 'cluster2',
            clusterId: 2,
            authMode: 'cluster',
          }),
        }),
        peer: peer('cluster2'),
      }),
      'etcdserver: permission denied',
    ],
    [
      'a peer in authMode cluster that lists our per-cluster user',
      async () => ({
        local: member('cluster1', shared, {
          remoteCertPem: (await shared.remoteForCluster('cluster1')).certPem,
        }),
        remote: member('cluster2', shared, {
          settings: settings({
            clusterName: 'cluster2',
            clusterId: 2,
            authMode: 'cluster',
          }),
          remoteUsers: ['remote-cluster1'],
        }),
        peer: peer('cluster2'),
      }),
      'ready',
    ],
    [
      'a legacy-auth peer and a per-cluster user',
      async () => ({
        local: member('cluster1', shared, {
          remoteCertPem: (await shared.remoteForCluster('cluster1')).certPem,
        }),
        remote: member('cluster2', shared, {
          settings: settings({
            clusterName: 'cluster2',
            clusterId: 2,
            authMode: 'legacy',
          }),
          remoteUsers: ['remote-cluster1'],
        }),
        peer: peer('cluster2'),
      }),
      'etcdserver: permission denied',
    ],
    [
      'an address that belongs to another cluster',
      async () => ({
        local: member('cluster1', shared),
        remote: member('cluster3', shared),
        peer: peer('cluster2', { ips: ['172.21.3.7'] }),
      }),
      'config-missing',
    ],
    [
      'mismatched maxConnectedClusters',
      async () => ({
        local: member('cluster1', shared),
        remote: member('cluster2', shared, {
          settings: settings({
            clusterName: 'cluster2',
            clusterId: 2,
            maxConnectedClusters: 511,
          }),
        }),
        peer: peer('cluster2'),
      }),
      'mismatched MaxConnectedClusters; local=255, remote=511',
    ],
    [
      'a peer id beyond the local range',
      async () => ({
        local: member('cluster1', shared),
        remote: member('cluster2', shared, {
          settings: settings({
            clusterName: 'cluster2',
            clusterId: 300,
            maxConnectedClusters: 511,
          }),
        }),
        peer: peer('cluster2'),
      }),
      'ClusterID > 255 is not supported',
    ],
  ])('%s', async (_case, arrange, expected) => {
    const { local, remote, peer: entry, net } = await arrange();
    const outcome = attemptLink(
      local,
      entry,
      network([local, remote], net),
      new Date(),
    );
    expect(describeOutcome(outcome)).toContain(expected);
  });
});

describe('reserveClusterIds', () => {
  const ready = (id: number): LinkOutcome => ({
    state: 'ready',
    remote: { settings: { clusterId: id } } as MeshMember,
  });

  it.each<[string, number, [string, number][], string[]]>([
    [
      'distinct ids',
      1,
      [
        ['b', 2],
        ['c', 3],
      ],
      ['ready', 'ready'],
    ],
    [
      'a peer reusing the local id',
      1,
      [
        ['b', 1],
        ['c', 3],
      ],
      ['clusterID 1 is already used', 'ready'],
    ],
    [
      'two peers sharing an id: the first wins',
      1,
      [
        ['b', 4],
        ['c', 4],
      ],
      ['ready', 'clusterID 4 is already used'],
    ],
  ])('%s', (_case, localId, peers, expected) => {
    const result = reserveClusterIds(
      localId,
      peers.map(([name, id]) => ({ peer: name, outcome: ready(id) })),
    );
    expect(result.map(({ outcome }) => describeOutcome(outcome))).toEqual(
      expected,
    );
  });

  it('leaves failing links alone and does not let them reserve ids', () => {
    const failing: LinkOutcome = {
      state: 'failing',
      error: 'dial tcp 10.0.0.1:2379: i/o timeout',
    };
    const result = reserveClusterIds(1, [
      { peer: 'b', outcome: failing },
      { peer: 'c', outcome: ready(2) },
    ]);
    expect(result.map(({ outcome }) => describeOutcome(outcome))).toEqual([
      'dial tcp 10.0.0.1:2379: i/o timeout',
      'ready',
    ]);
  });
});
