import type {
  V1DaemonSet,
  V1Deployment,
  V1PodSpec,
  V1Service,
} from '@kubernetes/client-node';
import type {
  ClustermeshApiserverObservation,
  ConfiguredPeer,
  ConfiguredPeerSource,
  WorkloadReadiness,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { compareText } from '@meshportal/plugin-cilium-clustermesh-common';
import { parse } from 'yaml';

/** `clustermesh.config.domain`'s default: peers are dialled as `<peer>.mesh.cilium.io`. */
export const MESH_DOMAIN = 'mesh.cilium.io';
/** The etcd port of the clustermesh-apiserver Service. */
const ETCD_PORT = 2379;

/** `quay.io/cilium/cilium:v1.20.0@sha256:…` → `1.20.0`; undefined for digests only or `latest`. */
export function versionOfImage(image: string | undefined): string | undefined {
  const lastSegment = image?.split('/').pop() ?? '';
  const tag = lastSegment.split('@')[0].split(':')[1];
  const match = tag && /^v?(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)$/.exec(tag);
  return match ? match[1] : undefined;
}

export function daemonSetReadiness(daemonSet: V1DaemonSet): WorkloadReadiness {
  return {
    desired: daemonSet.status?.desiredNumberScheduled ?? 0,
    ready: daemonSet.status?.numberReady ?? 0,
  };
}

export function deploymentReadiness(
  deployment: V1Deployment,
): WorkloadReadiness {
  return {
    // The API server defaults replicas to 1.
    desired: deployment.spec?.replicas ?? 1,
    ready: deployment.status?.readyReplicas ?? 0,
  };
}

export function containerImage(
  spec: V1PodSpec | undefined,
  name: string,
): string | undefined {
  return spec?.containers.find(container => container.name === name)?.image;
}

/** The port of a named container port (e.g. `kvmesh-metrics`), when declared. */
export function namedContainerPort(
  spec: V1PodSpec | undefined,
  container: string,
  portName: string,
): number | undefined {
  return spec?.containers
    .find(candidate => candidate.name === container)
    ?.ports?.find(port => port.name === portName)?.containerPort;
}

/** Peers pinned in pod `hostAliases` as `<peer>.mesh.cilium.io`, with their addresses. */
export function hostAliasPeers(
  spec: V1PodSpec | undefined,
): Map<string, string[]> {
  const peers = new Map<string, string[]>();
  for (const alias of spec?.hostAliases ?? []) {
    for (const hostname of alias.hostnames ?? []) {
      if (!hostname.endsWith(`.${MESH_DOMAIN}`)) continue;
      const peer = hostname.slice(0, -MESH_DOMAIN.length - 1);
      const addresses = peers.get(peer) ?? [];
      if (alias.ip && !addresses.includes(alias.ip)) addresses.push(alias.ip);
      peers.set(peer, addresses);
    }
  }
  return peers;
}

/**
 * Peers named in ConfigMap `clustermesh-remote-users` (`users.yaml`: one
 * `remote-<peer>` etcd user per peer). Undefined when the YAML is unreadable.
 */
const CHART_USER_LINES = /^- name: remote-\S+$/gm;
const CHART_USER_LINE = /^- name: remote-(\S+)$/;

export function remoteUserPeers(usersYaml: string): string[] | undefined {
  // The chart writes one `- name: remote-<peer>` line per user; reading those
  // directly is ~100x quicker than a YAML parse, which matters at 255 clusters
  // of 254 users each. Anything else goes through the YAML parser.
  const chartLines = usersYaml.match(CHART_USER_LINES);
  if (chartLines && /^users:\s*$/m.test(usersYaml)) {
    return chartLines
      .map(line => CHART_USER_LINE.exec(line)![1])
      .filter(name => name.length > 0);
  }
  let document: unknown;
  try {
    document = parse(usersYaml);
  } catch {
    return undefined;
  }
  const users = (document as { users?: unknown } | null)?.users;
  if (!Array.isArray(users)) return document === null ? [] : undefined;
  return users
    .map(user => (user as { name?: unknown } | null)?.name)
    .filter((name): name is string => typeof name === 'string')
    .filter(name => name.startsWith('remote-') && name.length > 7)
    .map(name => name.slice('remote-'.length));
}

/** Joins both sources by peer name, leaving out the cluster itself (1.16 lists its own KVStoreMesh user). */
export function configuredPeers(
  ownName: string | undefined,
  remoteUsers: string[],
  hostAliases: Map<string, string[]>,
): ConfiguredPeer[] {
  const peers = new Map<string, ConfiguredPeer>();
  const add = (
    name: string,
    source: ConfiguredPeerSource,
    addresses: string[] = [],
  ) => {
    if (name === ownName) return;
    const peer = peers.get(name) ?? { name, addresses: [], sources: [] };
    if (!peer.sources.includes(source)) peer.sources.push(source);
    for (const address of addresses) {
      if (!peer.addresses.includes(address)) peer.addresses.push(address);
    }
    peers.set(name, peer);
  };
  for (const name of remoteUsers) add(name, 'remote-users');
  for (const [name, addresses] of hostAliases) {
    add(name, 'host-aliases', addresses);
  }
  return [...peers.values()].sort((a, b) => compareText(a.name, b.name));
}

/** What peers dial, from Service `clustermesh-apiserver`. */
export function apiserverServiceFacts(
  service: V1Service,
): Pick<ClustermeshApiserverObservation, 'serviceType' | 'addresses' | 'port'> {
  const type = service.spec?.type;
  const ports = service.spec?.ports ?? [];
  const etcd =
    ports.find(port => port.port === ETCD_PORT) ??
    ports.find(port => port.targetPort === ETCD_PORT) ??
    ports[0];
  const addresses = (service.status?.loadBalancer?.ingress ?? [])
    .map(ingress => ingress.ip ?? ingress.hostname)
    .filter((address): address is string => Boolean(address));
  const port = type === 'NodePort' ? etcd?.nodePort : etcd?.port;
  return {
    ...(type ? { serviceType: type } : {}),
    addresses,
    ...(port ? { port } : {}),
  };
}
