import { parseCiliumVersion } from '../ciliumVersion';
import { helmUpgradeCommand, kubectlCommand } from '../commands';
import type { MeshProblem } from '../meshStatus';
import { listNames, meshProblem, ProblemContext } from './problem';

export function detectApiserverNotReady({
  index,
}: ProblemContext): MeshProblem[] {
  const problems: MeshProblem[] = [];
  for (const cluster of index.clusters) {
    const apiserver = cluster.cilium?.clustermeshApiserver;
    if (
      !apiserver ||
      (apiserver.desired > 0 && apiserver.ready >= apiserver.desired)
    ) {
      continue;
    }
    const kvstoremesh = apiserver.kvstoremesh
      ? `, and KVStoreMesh in the same pods caches the peers' state for ${cluster.name}'s agents`
      : '';
    problems.push(
      meshProblem('apiserver-not-ready', 'error', [cluster.name], {
        title: `clustermesh-apiserver of ${cluster.name}: ${apiserver.ready}/${apiserver.desired} replicas ready`,
        explanation: `The clustermesh-apiserver serves ${cluster.name}'s nodes, identities and services to its peers${kvstoremesh}. Without a ready replica peers cannot sync from ${cluster.name}.`,
        remediation: `Read the Deployment's events and the container logs (kubectl logs deploy/clustermesh-apiserver -c apiserver should show "Initial etcd session established").`,
        command: kubectlCommand(
          cluster.name,
          '-n kube-system describe deployment clustermesh-apiserver',
        ),
      }),
    );
  }
  return problems;
}

export function detectAgentsNotReady({ index }: ProblemContext): MeshProblem[] {
  return index.clusters
    .filter(cluster => {
      const agents = cluster.cilium?.agents;
      return agents !== undefined && agents.ready < agents.desired;
    })
    .map(cluster => {
      const { ready, desired } = cluster.cilium!.agents;
      return meshProblem('agents-not-ready', 'warning', [cluster.name], {
        title: `${ready}/${desired} Cilium agents ready on ${cluster.name}`,
        explanation:
          "Pods on a node whose agent is not ready get no network setup and do not learn remote clusters' endpoints and identities.",
        remediation:
          'Find the agents that are not ready and read their events and logs (kubectl logs -c cilium-agent).',
        command: kubectlCommand(
          cluster.name,
          '-n kube-system get pods -l k8s-app=cilium -o wide',
        ),
      });
    });
}

export function detectAgentMetricsDisabled({
  index,
}: ProblemContext): MeshProblem[] {
  return index.clusters
    .filter(cluster => cluster.cilium && !cluster.cilium.agents.metricsEnabled)
    .map(cluster => {
      const kvstoremesh = cluster.cilium!.clustermeshApiserver?.kvstoremesh;
      const consequence = kvstoremesh
        ? `the portal judges ${cluster.name}'s connections from KVStoreMesh alone and cannot tell which nodes lack a peer`
        : `the portal cannot judge ${cluster.name}'s connections at all`;
      return meshProblem('agent-metrics-disabled', 'info', [cluster.name], {
        title: `Cilium agents of ${cluster.name} expose no metrics`,
        explanation: `Without prometheus.enabled the agents do not serve :9962/metrics, so ${consequence}.`,
        remediation:
          'Enable agent metrics; the agents restart with the new setting.',
        command: helmUpgradeCommand(cluster.name, cluster.cilium!.version, [
          'prometheus.enabled=true',
        ]),
      });
    });
}

function minorIndex(version: { major: number; minor: number }): number {
  return version.major * 1000 + version.minor;
}

/** Cilium supports meshing releases at most one minor version apart. */
export function detectVersionSkew({ index }: ProblemContext): MeshProblem[] {
  const versions = index.clusters.flatMap(cluster => {
    const version = parseCiliumVersion(cluster.cilium?.version);
    return version ? [{ cluster, version }] : [];
  });
  if (versions.length < 2) {
    return [];
  }
  const newest = Math.max(...versions.map(v => minorIndex(v.version)));
  const newestClusters = versions
    .filter(v => minorIndex(v.version) === newest)
    .map(v => v.cluster);
  const newestNames = listNames(newestClusters.map(c => c.name));
  const newestText = `${newestNames} (${newestClusters[0].cilium!.version})`;
  return versions
    .filter(v => newest - minorIndex(v.version) > 1)
    .map(({ cluster, version }) => {
      const nextMinor = `~${version.major}.${version.minor + 1}.0`;
      const running = cluster.cilium!.version;
      return meshProblem('version-skew', 'warning', [cluster.name], {
        title: `${cluster.name} runs Cilium ${running}, more than one minor release behind ${newestText}`,
        explanation:
          'ClusterMesh is supported only between Cilium releases at most one minor version apart; beyond that the state peers exchange through the kvstore may differ in format and features.',
        remediation: `Upgrade ${cluster.name} one minor release at a time, following the upgrade notes of each release.`,
        command: helmUpgradeCommand(cluster.name, nextMinor, []),
      });
    });
}

export const workloadDetectors = [
  detectApiserverNotReady,
  detectAgentsNotReady,
  detectAgentMetricsDisabled,
  detectVersionSkew,
];
