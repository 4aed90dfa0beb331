import { CidrBlock, cidrsOverlap, isCidrBlock, parseCidr } from './cidr';
import {
  checkClusterId,
  checkClusterName,
  checkMaxConnectedClusters,
  MaxConnectedClusters,
} from './clusterIdentity';
import { RuleViolation } from './violation';

/** One cluster as it will be configured for the mesh. */
export interface MeshClusterPlan {
  name: string;
  id: number;
  /** The Cilium cluster-pool range pods get addresses from. */
  podCidr: string;
  /** The Kubernetes service range; may repeat across clusters. */
  serviceCidr?: string;
}

export interface MeshPlan {
  maxConnectedClusters: number;
  clusters: MeshClusterPlan[];
}

/**
 * Everything that would make Cilium refuse or silently break the mesh, found
 * before anything is changed: pod traffic is routed by pod address, so pod
 * ranges must be unique mesh-wide and must not shadow any service range.
 */
export function checkMeshPlan(plan: MeshPlan): RuleViolation[] {
  const violations = checkMaxConnectedClusters(
    plan.maxConnectedClusters,
    'maxConnectedClusters',
  );
  const maxConnected: MaxConnectedClusters =
    violations.length === 0
      ? (plan.maxConnectedClusters as MaxConnectedClusters)
      : 255;

  if (plan.clusters.length < 2) {
    violations.push({
      field: 'clusters',
      rule: `a mesh connects at least two clusters (got ${plan.clusters.length})`,
      fix: 'add another cluster',
    });
  }
  if (plan.clusters.length > maxConnected) {
    violations.push({
      field: 'clusters',
      rule: `a mesh with maxConnectedClusters ${maxConnected} holds at most ${maxConnected} clusters`,
      fix: 'split the mesh or use maxConnectedClusters 511',
    });
  }

  const podBlocks: { field: string; block: CidrBlock }[] = [];
  const serviceBlocks: { field: string; block: CidrBlock }[] = [];
  plan.clusters.forEach((cluster, index) => {
    const at = `clusters[${index}]`;
    violations.push(...checkClusterName(cluster.name, `${at}.name`));
    violations.push(...checkClusterId(cluster.id, maxConnected, `${at}.id`));
    const pod = parseCidr(cluster.podCidr, `${at}.podCidr`);
    if (isCidrBlock(pod))
      podBlocks.push({ field: `${at}.podCidr`, block: pod });
    else violations.push(pod);
    if (cluster.serviceCidr !== undefined) {
      const service = parseCidr(cluster.serviceCidr, `${at}.serviceCidr`);
      if (isCidrBlock(service)) {
        serviceBlocks.push({ field: `${at}.serviceCidr`, block: service });
      } else violations.push(service);
    }
  });

  violations.push(
    ...findDuplicates(plan.clusters, c => c.name, 'name', 'cluster names'),
    ...findDuplicates(plan.clusters, c => String(c.id), 'id', 'cluster ids'),
  );

  podBlocks.forEach((pod, i) => {
    for (const other of podBlocks.slice(i + 1)) {
      if (cidrsOverlap(pod.block, other.block)) {
        violations.push({
          field: other.field,
          rule: `pod CIDR ${other.block.text} overlaps ${pod.field} (${pod.block.text}); pod ranges must be unique across the mesh`,
          fix: 'give each cluster its own pod range, for example 10.1.0.0/16, 10.2.0.0/16, ...',
        });
      }
    }
    for (const service of serviceBlocks) {
      if (cidrsOverlap(pod.block, service.block)) {
        violations.push({
          field: pod.field,
          rule: `pod CIDR ${pod.block.text} overlaps the service CIDR ${service.block.text} of ${service.field}`,
          fix: 'move the pod range out of every service range in the mesh',
        });
      }
    }
  });
  return violations;
}

function findDuplicates(
  clusters: MeshClusterPlan[],
  key: (cluster: MeshClusterPlan) => string,
  property: string,
  what: string,
): RuleViolation[] {
  const firstIndex = new Map<string, number>();
  const violations: RuleViolation[] = [];
  clusters.forEach((cluster, index) => {
    const value = key(cluster);
    const first = firstIndex.get(value);
    if (first === undefined) {
      firstIndex.set(value, index);
      return;
    }
    violations.push({
      field: `clusters[${index}].${property}`,
      rule: `${what} are unique in a mesh ("${value}" is also used by clusters[${first}])`,
      fix: `change clusters[${index}].${property}`,
    });
  });
  return violations;
}
