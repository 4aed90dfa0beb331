import { kubectlCommand } from '../commands';
import { serviceKey } from '../globalServices';
import type { GlobalServiceStatus, MeshProblem } from '../meshStatus';
import { listNames, meshProblem, ProblemContext } from './problem';

export function detectNamespacesNotGlobal({
  globalServices,
}: ProblemContext): MeshProblem[] {
  const problems: MeshProblem[] = [];
  for (const service of globalServices) {
    const key = serviceKey(service);
    for (const entry of service.clusters) {
      if (entry.unknown || !entry.global || entry.namespaceGlobal) {
        continue;
      }
      problems.push(
        meshProblem(
          'namespace-not-global',
          'warning',
          [entry.cluster],
          {
            title: `${key} is global in ${entry.cluster}, but namespace ${service.namespace} is not`,
            explanation: `From Cilium 1.20 on, only Services in global namespaces take part in the mesh, and both clusters' namespaces must be global for traffic to cross. ${entry.cluster} neither exports ${key}'s backends nor uses remote ones (the namespace lacks clustermesh.cilium.io/global=true, or is unannotated while clustermesh.defaultGlobalNamespace is false).`,
            remediation: `Annotate namespace ${service.namespace} in ${entry.cluster} with clustermesh.cilium.io/global=true.`,
            command: kubectlCommand(
              entry.cluster,
              `annotate namespace ${service.namespace} clustermesh.cilium.io/global=true --overwrite`,
            ),
          },
          key,
        ),
      );
    }
  }
  return problems;
}

function knownClusters(service: GlobalServiceStatus) {
  return service.clusters.filter(entry => !entry.unknown);
}

/**
 * Only judged when every cluster was read: the Service may well exist in a
 * cluster the portal could not see.
 */
function everyClusterRead(service: GlobalServiceStatus): boolean {
  return service.clusters.every(entry => !entry.unknown);
}

export function detectSingleClusterGlobalServices({
  index,
  globalServices,
}: ProblemContext): MeshProblem[] {
  const problems: MeshProblem[] = [];
  const meshClusters = index.clusters.map(cluster => cluster.name);
  for (const service of globalServices) {
    // Status lists only the clusters that have the Service (or were unreadable).
    const present = knownClusters(service).filter(entry => entry.present);
    if (
      !everyClusterRead(service) ||
      meshClusters.length < 2 ||
      present.length !== 1 ||
      !present[0].global
    ) {
      continue;
    }
    const key = serviceKey(service);
    const owner = present[0].cluster;
    const others = meshClusters.filter(name => name !== owner);
    problems.push(
      meshProblem(
        'global-service-single-cluster',
        'warning',
        [owner],
        {
          title: `${key} is global in ${owner} but exists in no other cluster`,
          explanation: `Cilium attaches remote backends only to a local Service with the same namespace and name, so clients in ${listNames(
            others,
          )} cannot reach ${key} at all, and ${owner} has no remote backends to add.`,
          remediation: `Create Service ${key} (same namespace, name and ports, annotated service.cilium.io/global: "true") in every cluster whose clients should reach it; it needs no pods there.`,
          command: kubectlCommand(
            owner,
            `-n ${service.namespace} get service ${service.name} -o yaml`,
          ),
        },
        key,
      ),
    );
  }
  return problems;
}

export function detectUnsharedGlobalServices({
  globalServices,
}: ProblemContext): MeshProblem[] {
  const problems: MeshProblem[] = [];
  for (const service of globalServices) {
    const globalIn = knownClusters(service).filter(
      entry => entry.present && entry.global,
    );
    if (
      !everyClusterRead(service) ||
      globalIn.length < 2 ||
      globalIn.some(entry => entry.shared)
    ) {
      continue;
    }
    const key = serviceKey(service);
    const names = globalIn.map(entry => entry.cluster);
    problems.push(
      meshProblem(
        'global-service-not-shared',
        'warning',
        names,
        {
          title: `${key} is global in ${listNames(
            names,
          )} but shared by none of them`,
          explanation: `Every copy is annotated service.cilium.io/shared: "false", so no cluster exports its backends and each cluster's clients use only local ones; the global annotation has no effect.`,
          remediation: `Remove service.cilium.io/shared (or io.cilium/shared-service) from ${key} in the clusters whose backends should serve the mesh.`,
          command: kubectlCommand(
            names[0],
            `-n ${service.namespace} annotate service ${service.name} service.cilium.io/shared-`,
          ),
        },
        key,
      ),
    );
  }
  return problems;
}

export function detectInvalidAffinity({
  index,
}: ProblemContext): MeshProblem[] {
  const problems: MeshProblem[] = [];
  for (const cluster of index.clusters) {
    if (!cluster.cilium) {
      continue;
    }
    for (const service of cluster.observation.services) {
      if (service.invalidAffinity === undefined) {
        continue;
      }
      const key = serviceKey(service);
      problems.push(
        meshProblem(
          'invalid-affinity',
          'warning',
          [cluster.name],
          {
            title: `${key} in ${cluster.name} has an invalid affinity "${service.invalidAffinity}"`,
            explanation: `Cilium accepts local, remote or none for service.cilium.io/affinity; it logs a warning for any other value and spreads traffic over local and remote backends as if none were set.`,
            remediation: `Set service.cilium.io/affinity (or the legacy io.cilium/service-affinity) to local or remote, or remove it; prefer removing it to writing "none", because Cilium releases before mid-2026 dropped all remote backends for the literal value none.`,
          },
          key,
        ),
      );
    }
  }
  return problems;
}

export const serviceDetectors = [
  detectNamespacesNotGlobal,
  detectSingleClusterGlobalServices,
  detectUnsharedGlobalServices,
  detectInvalidAffinity,
];
