import ipaddr from 'ipaddr.js';
import { isAtLeast } from '../ciliumVersion';
import {
  agentTroubleshootCommand,
  helmUpgradeCommand,
  kvstoremeshTroubleshootCommand,
} from '../commands';
import type { IndexedCluster, MeshIndex } from '../meshIndex';
import type {
  ConnectionLayer,
  MeshConnection,
  MeshProblem,
} from '../meshStatus';
import { meshProblem, ProblemContext } from './problem';

/** The Helm `--set` values that add `peer` to a 1.19+ release's map of clusters. */
function peerEntrySets(peer: IndexedCluster): string[] | undefined {
  const apiserver = peer.cilium?.clustermeshApiserver;
  if (!apiserver || apiserver.addresses.length === 0) {
    return undefined;
  }
  const key = `clustermesh.config.clusters.${peer.ciliumName}`;
  const port = `${key}.port=${apiserver.port ?? 2379}`;
  if (apiserver.addresses.every(address => ipaddr.isValid(address))) {
    return [`${key}.ips={${apiserver.addresses.join(',')}}`, port];
  }
  return [`${key}.address=${apiserver.addresses[0]}`, port];
}

function addPeerCommand(
  cluster: IndexedCluster,
  peer: IndexedCluster,
): string | undefined {
  const sets = peerEntrySets(peer);
  if (!sets || !isAtLeast(cluster.cilium?.version, 1, 19)) {
    return undefined;
  }
  return helmUpgradeCommand(cluster.name, cluster.cilium!.version, [
    'clustermesh.config.enabled=true',
    ...sets,
  ]);
}

export function detectOneSidedPeers({ index }: ProblemContext): MeshProblem[] {
  const problems: MeshProblem[] = [];
  for (const cluster of index.clusters) {
    for (const peerName of cluster.configures) {
      const peer = index.byName.get(peerName)!;
      if (!peer.cilium || peer.configures.has(cluster.name)) {
        continue;
      }
      problems.push(
        meshProblem('one-sided-peer', 'error', [cluster.name, peer.name], {
          title: `${cluster.name} is configured to connect to ${peer.name}, but ${peer.name} is not configured to connect to ${cluster.name}`,
          explanation: `ClusterMesh works only when both sides name each other. ${peer.name} does not learn ${cluster.name}'s identities, so its policies drop traffic from ${cluster.name}, and its clients never reach ${cluster.name}'s global-service backends.`,
          remediation: `Add ${cluster.ciliumName} to ${peer.name}'s clustermesh.config.clusters with the address of ${cluster.name}'s clustermesh-apiserver (if ${peer.name}'s release still uses the list form, add {name, ips, port} to the list instead).`,
          command: addPeerCommand(peer, cluster),
        }),
      );
    }
  }
  return problems;
}

export function detectUnconfiguredPeers({
  index,
}: ProblemContext): MeshProblem[] {
  const readable = index.clusters.filter(cluster => cluster.cilium);
  const problems: MeshProblem[] = [];
  for (let i = 0; i < readable.length; i++) {
    for (let j = i + 1; j < readable.length; j++) {
      const [a, b] = [readable[i], readable[j]];
      if (a.configures.has(b.name) || b.configures.has(a.name)) {
        continue;
      }
      problems.push(
        meshProblem('peer-not-configured', 'warning', [a.name, b.name], {
          title: `${a.name} and ${b.name} are not connected`,
          explanation: `Both clusters belong to the mesh, but neither one's ClusterMesh configuration names the other, so they share no identities, endpoints or global services.`,
          remediation: `Add each cluster to the other's clustermesh.config.clusters (in both Helm releases), or connect them with cilium-cli.`,
          command: `cilium clustermesh connect --context ${a.name} --destination-context ${b.name}`,
        }),
      );
    }
  }
  return problems;
}

function countOf(count: number, total: number, noun: string): string {
  if (total === 1) {
    return count === 1 ? `its only ${noun} is` : `its ${noun} is`;
  }
  return `${count} of its ${total} ${noun}s ${count === 1 ? 'is' : 'are'}`;
}

function layerSummary(connection: MeshConnection): string {
  const parts: string[] = [];
  if (connection.agents) {
    parts.push(`${connection.agents.ready}/${connection.agents.total} agents`);
  }
  if (connection.kvstoremesh) {
    parts.push(
      `${connection.kvstoremesh.ready}/${connection.kvstoremesh.total} KVStoreMesh`,
    );
  }
  return `${parts.join(', ')} ready`;
}

function isBroken(layer: ConnectionLayer | undefined): boolean {
  return layer !== undefined && layer.notReadyPods.length > 0;
}

/** Where `from` dials `to`: its own configuration first, else `to`'s Service. */
function dialedAddress(from: IndexedCluster, to: IndexedCluster): string {
  const configured = from.cilium?.configuredPeers.find(
    peer => peer.name === to.ciliumName,
  );
  const apiserver = to.cilium?.clustermeshApiserver;
  const addresses = configured?.addresses.length
    ? configured.addresses
    : apiserver?.addresses ?? [];
  const port = apiserver?.port ?? 2379;
  if (addresses.length === 0) {
    return `port ${port}`;
  }
  return addresses.map(address => `${address}:${port}`).join(', ');
}

function connectionProblem(
  index: MeshIndex,
  connection: MeshConnection,
): MeshProblem {
  const from = index.byName.get(connection.from)!;
  const to = index.byName.get(connection.to)!;
  const down = connection.state === 'disconnected';
  const { agents, kvstoremesh } = connection;
  const address = dialedAddress(from, to);
  const reachability = `Check that ${to.name}'s clustermesh-apiserver (${address}) is reachable from ${from.name} (VNet peering, NSGs allowing TCP 2379) and that both clusters share the Cilium CA.`;

  let explanation: string;
  let command: string | undefined;
  if (isBroken(kvstoremesh)) {
    const replicas = countOf(
      kvstoremesh!.notReadyPods.length,
      kvstoremesh!.total,
      'replica',
    );
    explanation = `KVStoreMesh in ${from.name} caches ${to.name}'s state for ${from.name}'s agents, and ${replicas} not connected to ${to.name}. ${reachability}`;
    command = kvstoremeshTroubleshootCommand(
      from.name,
      kvstoremesh!.notReadyPods[0],
      to.ciliumName,
    );
  } else if (kvstoremesh) {
    explanation = `KVStoreMesh in ${from.name} is connected to ${to.name}, so the agents' problem is local: they read ${to.name}'s state from ${from.name}'s own clustermesh-apiserver. Check the agents' logs and that they can reach the clustermesh-apiserver Service in ${from.name}.`;
  } else {
    explanation = `${from.name}'s agents connect directly to ${to.name}. ${reachability}`;
  }
  if (!command && isBroken(agents)) {
    command = agentTroubleshootCommand(
      from.name,
      agents!.notReadyPods[0],
      to.ciliumName,
    );
  }
  const unreadable = (agents?.unreadable ?? 0) + (kvstoremesh?.unreadable ?? 0);
  const pods = unreadable === 1 ? 'pod' : 'pods';
  const unreadableNote = unreadable
    ? ` The metrics of ${unreadable} ${pods} could not be read.`
    : '';
  const impact = down
    ? `No observer in ${from.name} reports ${to.name} ready: ${from.name}'s pods lose ${to.name}'s identities and endpoints, and global services in ${from.name} get no backends from ${to.name}.`
    : `Only some observers in ${from.name} report ${to.name} ready: pods on the affected nodes see stale or no state from ${to.name}.`;

  return meshProblem(
    down ? 'connection-down' : 'connection-degraded',
    down ? 'error' : 'warning',
    [from.name, to.name],
    {
      title: `${from.name} → ${to.name}: ${layerSummary(connection)}`,
      explanation: `${impact}${unreadableNote} ${explanation}`,
      remediation: command
        ? `Run the troubleshooting command: it checks DNS, TCP, TLS and etcd access to ${to.name} step by step and names the step that fails.`
        : `Read the pods' metrics or logs once they are reachable again.`,
      command,
    },
  );
}

export function detectBrokenConnections({
  index,
  connections,
}: ProblemContext): MeshProblem[] {
  return connections
    .filter(
      connection =>
        connection.configured &&
        (connection.state === 'disconnected' ||
          connection.state === 'degraded'),
    )
    .map(connection => connectionProblem(index, connection));
}

export const connectivityDetectors = [
  detectOneSidedPeers,
  detectUnconfiguredPeers,
  detectBrokenConnections,
];
