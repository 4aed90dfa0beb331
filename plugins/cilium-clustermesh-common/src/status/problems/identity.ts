import {
  checkClusterId,
  MaxConnectedClusters,
} from '../../rules/clusterIdentity';
import { helmUpgradeCommand, kubectlCommand } from '../commands';
import type { IndexedCluster, MeshIndex } from '../meshIndex';
import type { MeshProblem } from '../meshStatus';
import type { ObservationError } from '../observation';
import {
  listNames,
  meshProblem,
  outliers,
  ProblemContext,
  ProblemText,
} from './problem';

function readable(index: MeshIndex): IndexedCluster[] {
  return index.clusters.filter(cluster => cluster.cilium);
}

/** The smallest cluster ID no readable cluster uses, for copy-paste fixes. */
function freeClusterId(index: MeshIndex, max: number): number | undefined {
  const used = new Set(readable(index).map(c => c.cilium!.config.clusterId));
  for (let id = 1; id <= max; id++) {
    if (!used.has(id)) {
      return id;
    }
  }
  return undefined;
}

function unreachableText(
  cluster: string,
  error: ObservationError,
): ProblemText {
  const title = `${cluster} cannot be read: ${error.message}`;
  const afterwards =
    'Its state and its view of the peers are unknown, and checks that need it are skipped until it answers.';
  switch (error.kind) {
    case 'unauthorized':
      return {
        title,
        explanation: `The Kubernetes API of ${cluster} rejected the portal's credentials (${error.source}). ${afterwards}`,
        remediation: `Renew or replace the credentials the portal backend uses for ${cluster}.`,
        command: kubectlCommand(cluster, 'auth whoami'),
      };
    case 'forbidden':
      return {
        title,
        explanation: `The portal's identity may not perform ${error.source} on ${cluster}. ${afterwards}`,
        remediation: `Grant the portal's identity read access on ${cluster}: get and list on the objects it reads, and get on pods/proxy in kube-system for the metrics.`,
        command: kubectlCommand(cluster, 'auth can-i --list -n kube-system'),
      };
    case 'unreachable':
    case 'timeout':
      return {
        title,
        explanation: `The portal backend got no answer from the Kubernetes API of ${cluster} (${error.source}). ${afterwards}`,
        remediation: `Check that ${cluster} is running and that the backend can reach its API server (private cluster endpoint, authorized IP ranges, proxy).`,
        command: kubectlCommand(cluster, 'get --raw /readyz'),
      };
    default:
      return {
        title,
        explanation: `Reading ${error.source} on ${cluster} failed. ${afterwards}`,
        remediation: `Fix the cause named in the message; the backend's logs have the details.`,
        command: kubectlCommand(cluster, 'get --raw /readyz'),
      };
  }
}

export function detectUnreachableClusters({
  index,
}: ProblemContext): MeshProblem[] {
  return index.clusters
    .filter(cluster => cluster.observation.error)
    .map(cluster =>
      meshProblem(
        'cluster-unreachable',
        'error',
        [cluster.name],
        unreachableText(cluster.name, cluster.observation.error!),
      ),
    );
}

function mostCommon<T>(values: T[]): T | undefined {
  const counts = new Map<T, number>();
  let best: T | undefined;
  for (const value of values) {
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (best === undefined || count > counts.get(best)!) {
      best = value;
    }
  }
  return best;
}

export function detectMissingCilium({ index }: ProblemContext): MeshProblem[] {
  const peers = readable(index);
  const version = mostCommon(
    peers.flatMap(peer => (peer.cilium!.version ? [peer.cilium!.version] : [])),
  );
  const max = mostCommon(peers.map(p => p.cilium!.config.maxConnectedClusters));
  return index.clusters
    .filter(cluster => !cluster.observation.error && !cluster.cilium)
    .map(cluster => {
      const id = freeClusterId(index, max ?? 255) ?? '<unused id>';
      const pin = version ? ` --version ${version.replace(/^v/, '')}` : '';
      const maxFlag =
        max && max !== 255
          ? ` --set clustermesh.maxConnectedClusters=${max}`
          : '';
      return meshProblem('cilium-not-installed', 'error', [cluster.name], {
        title: `Cilium is not installed on ${cluster.name}`,
        explanation: `${cluster.name} answered, but has no ConfigMap kube-system/cilium-config, so it runs no Cilium and cannot take part in the mesh.`,
        remediation: `Install Cilium on ${cluster.name} (AKS: a cluster created with --network-plugin none) with a unique cluster.name and cluster.id, the mesh's Cilium CA (copy Secret cilium-ca from another cluster first) and the same clustermesh.maxConnectedClusters as the other clusters.`,
        command: `helm install cilium cilium/cilium -n kube-system --kube-context ${cluster.name}${pin} --set aksbyocni.enabled=true --set cluster.name=${cluster.name} --set cluster.id=${id}${maxFlag} --set clustermesh.useAPIServer=true --set clustermesh.apiserver.service.type=LoadBalancer --set prometheus.enabled=true`,
      });
    });
}

export function detectClusterNameMismatch({
  index,
}: ProblemContext): MeshProblem[] {
  return readable(index)
    .filter(cluster => cluster.cilium!.config.clusterName !== cluster.name)
    .map(cluster => {
      const ciliumName = cluster.cilium!.config.clusterName;
      const title = ciliumName
        ? `${cluster.name} runs with Cilium cluster name "${ciliumName}"`
        : `${cluster.name} has no Cilium cluster name`;
      const why = ciliumName
        ? `Peers address a cluster by its Cilium name (cilium-config cluster-name), but the mesh definition calls this one ${cluster.name}. A peer configured with "${cluster.name}" finds no cluster of that name and reports "remote cluster configuration required but not found".`
        : `Without cluster-name Cilium calls the cluster "default", which cannot join a mesh.`;
      return meshProblem('cluster-name-mismatch', 'warning', [cluster.name], {
        title,
        explanation: `${why} Double check that the cluster name matches the one configured in the remote clusters.`,
        remediation: ciliumName
          ? `Either rename the cluster to "${ciliumName}" in the mesh definition, or set cluster.name=${cluster.name} in Cilium (a rename on a running cluster needs its workloads restarted).`
          : `Set cluster.name=${cluster.name} in Cilium; workloads need a restart afterwards.`,
        command: kubectlCommand(
          cluster.name,
          `-n kube-system get configmap cilium-config -o jsonpath='{.data.cluster-name}'`,
        ),
      });
    });
}

function groupBy<K>(
  clusters: IndexedCluster[],
  key: (cluster: IndexedCluster) => K | undefined,
): Map<K, IndexedCluster[]> {
  const groups = new Map<K, IndexedCluster[]>();
  for (const cluster of clusters) {
    const value = key(cluster);
    if (value === undefined) {
      continue;
    }
    const group = groups.get(value);
    if (group) {
      group.push(cluster);
    } else {
      groups.set(value, [cluster]);
    }
  }
  return groups;
}

export function detectDuplicateClusterNames({
  index,
}: ProblemContext): MeshProblem[] {
  const groups = groupBy(readable(index), c => c.cilium!.config.clusterName);
  const problems: MeshProblem[] = [];
  for (const [name, clusters] of groups) {
    if (clusters.length < 2) {
      continue;
    }
    const names = clusters.map(c => c.name);
    const renamable = clusters.find(
      c => c.name !== name && !groups.has(c.name),
    );
    problems.push(
      meshProblem('duplicate-cluster-name', 'error', names, {
        title: `${listNames(names)} all use the Cilium cluster name "${name}"`,
        explanation:
          'Cilium keys every remote cluster by its name, so clusters sharing one overwrite each other in the kvstore and their peers cannot tell them apart. cilium clustermesh connect refuses to connect them.',
        remediation: `Give each cluster a unique cluster.name (at most 32 lowercase letters, digits and "-"); workloads need a restart after a rename.`,
        command: renamable
          ? helmUpgradeCommand(renamable.name, renamable.cilium!.version, [
              `cluster.name=${renamable.name}`,
            ])
          : undefined,
      }),
    );
  }
  return problems;
}

export function detectDuplicateClusterIds({
  index,
}: ProblemContext): MeshProblem[] {
  const groups = groupBy(readable(index), c => {
    const id = c.cilium!.config.clusterId;
    return id !== undefined && id > 0 ? id : undefined;
  });
  const problems: MeshProblem[] = [];
  for (const [id, clusters] of groups) {
    if (clusters.length < 2) {
      continue;
    }
    const names = clusters.map(c => c.name);
    const target = clusters[clusters.length - 1];
    const max = target.cilium!.config.maxConnectedClusters;
    const freeId = freeClusterId(index, max);
    problems.push(
      meshProblem('duplicate-cluster-id', 'error', names, {
        title: `${listNames(names)} share Cilium cluster ID ${id}`,
        explanation:
          'The cluster ID is part of every security identity and pod address Cilium shares across the mesh. Clusters with the same ID produce clashing identities, so policies and connections between them break; cilium clustermesh connect refuses to connect them.',
        remediation: `Give each cluster a unique cluster.id between 1 and ${max}; workloads need a restart after the change.`,
        command:
          freeId === undefined
            ? undefined
            : helmUpgradeCommand(target.name, target.cilium!.version, [
                `cluster.id=${freeId}`,
              ]),
      }),
    );
  }
  return problems;
}

export function detectInvalidClusterIds({
  index,
}: ProblemContext): MeshProblem[] {
  const problems: MeshProblem[] = [];
  for (const cluster of readable(index)) {
    const { clusterId, maxConnectedClusters } = cluster.cilium!.config;
    const [violation] = checkClusterId(
      clusterId ?? 0,
      maxConnectedClusters as MaxConnectedClusters,
      `${cluster.name} cluster-id`,
    );
    if (!violation) {
      continue;
    }
    const freeId = freeClusterId(index, maxConnectedClusters);
    problems.push(
      meshProblem('invalid-cluster-id', 'error', [cluster.name], {
        title:
          clusterId === undefined || clusterId === 0
            ? `${cluster.name} has no Cilium cluster ID`
            : `${cluster.name} has Cilium cluster ID ${clusterId}, outside 1..${maxConnectedClusters}`,
        explanation: `${violation.rule[0].toUpperCase()}${violation.rule.slice(
          1,
        )}. ID 0 means the cluster is not part of any mesh, and cilium clustermesh connect refuses such clusters.`,
        remediation: `${violation.fix[0].toUpperCase()}${violation.fix.slice(
          1,
        )}; workloads need a restart after the change.`,
        command:
          freeId === undefined
            ? undefined
            : helmUpgradeCommand(cluster.name, cluster.cilium!.version, [
                `cluster.id=${freeId}`,
              ]),
      }),
    );
  }
  return problems;
}

export function detectMaxConnectedClustersMismatch({
  index,
}: ProblemContext): MeshProblem[] {
  const result = outliers(
    readable(index).map(cluster => ({
      cluster: cluster.name,
      value: cluster.cilium!.config.maxConnectedClusters,
    })),
  );
  return result.outliers.map(({ cluster, value }) =>
    meshProblem('max-connected-clusters-mismatch', 'error', [cluster], {
      title:
        result.majority === undefined
          ? `${cluster} allows ${value} connected clusters, and the mesh has no common value`
          : `${cluster} allows ${value} connected clusters, ${listNames(
              result.agreeing,
            )} ${result.majority}`,
      explanation:
        'maxConnectedClusters decides how many bits of an identity hold the cluster ID, so every cluster of a mesh must use the same value; peers reject each other with "mismatched MaxConnectedClusters".',
      remediation:
        result.majority === undefined
          ? 'Choose 255 or 511 for the whole mesh and reinstall the clusters that differ; the value cannot be changed on a running cluster.'
          : `Reinstall ${cluster} with clustermesh.maxConnectedClusters=${result.majority}; the value cannot be changed on a running cluster.`,
    }),
  );
}

export const identityDetectors = [
  detectUnreachableClusters,
  detectMissingCilium,
  detectClusterNameMismatch,
  detectDuplicateClusterNames,
  detectDuplicateClusterIds,
  detectInvalidClusterIds,
  detectMaxConnectedClustersMismatch,
];
