import type { CiliumObservation, ClusterObservation } from './observation';

/** One cluster of the mesh, with the lookups every status function needs. */
export interface IndexedCluster {
  /** Name in the mesh definition. */
  name: string;
  /** The name peers must use for it: Cilium's `cluster-name`, else `name`. */
  ciliumName: string;
  observation: ClusterObservation;
  /** Present only when the cluster was read and runs Cilium. */
  cilium?: CiliumObservation;
  /** Definition names of the other mesh clusters this cluster's configuration names. */
  configures: Set<string>;
}

export interface MeshIndex {
  /** Sorted by definition name. */
  clusters: IndexedCluster[];
  byName: Map<string, IndexedCluster>;
  /** Cilium name → cluster; the first cluster wins when two share a name. */
  byCiliumName: Map<string, IndexedCluster>;
}

/** Code-unit order: stable across hosts and far quicker than localeCompare. */
export function compareText(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}

/** The Cilium data of a cluster that was read without error, if any. */
export function readableCilium(
  observation: ClusterObservation,
): CiliumObservation | undefined {
  return observation.error ? undefined : observation.cilium;
}

export function indexMesh(observations: ClusterObservation[]): MeshIndex {
  const byName = new Map<string, IndexedCluster>();
  for (const observation of observations) {
    if (byName.has(observation.cluster)) {
      continue;
    }
    const cilium = readableCilium(observation);
    byName.set(observation.cluster, {
      name: observation.cluster,
      ciliumName: cilium?.config.clusterName ?? observation.cluster,
      observation,
      cilium,
      configures: new Set(),
    });
  }
  const clusters = [...byName.values()].sort((a, b) =>
    compareText(a.name, b.name),
  );

  // Names read from cilium-config are facts; a definition name standing in
  // for an unreadable cluster is only a guess, so facts take precedence.
  const byCiliumName = new Map<string, IndexedCluster>();
  for (const cluster of clusters) {
    if (cluster.cilium && !byCiliumName.has(cluster.ciliumName)) {
      byCiliumName.set(cluster.ciliumName, cluster);
    }
  }
  for (const cluster of clusters) {
    if (!cluster.cilium && !byCiliumName.has(cluster.ciliumName)) {
      byCiliumName.set(cluster.ciliumName, cluster);
    }
  }

  for (const cluster of clusters) {
    for (const peer of cluster.cilium?.configuredPeers ?? []) {
      const target = byCiliumName.get(peer.name);
      if (target && target !== cluster) {
        cluster.configures.add(target.name);
      }
    }
  }
  return { clusters, byName, byCiliumName };
}
