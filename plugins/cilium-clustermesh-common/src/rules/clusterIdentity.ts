import { RuleViolation } from './violation';

/** The only values Cilium accepts for `clustermesh.maxConnectedClusters`. */
export const MAX_CONNECTED_CLUSTERS_VALUES = [255, 511] as const;
export type MaxConnectedClusters =
  (typeof MAX_CONNECTED_CLUSTERS_VALUES)[number];

const CLUSTER_NAME_PATTERN = /^([a-z0-9][-a-z0-9]*)?[a-z0-9]$/;
const CLUSTER_NAME_MAX_LENGTH = 32;

/** Cilium's chart rules for `cluster.name` of a cluster that joins a mesh. */
export function checkClusterName(name: string, field: string): RuleViolation[] {
  if (name.length === 0) {
    return [
      {
        field,
        rule: 'a Cilium cluster name must not be empty',
        fix: 'give the cluster a name such as "aks-westeurope-1"',
      },
    ];
  }
  const violations: RuleViolation[] = [];
  if (name.length > CLUSTER_NAME_MAX_LENGTH) {
    violations.push({
      field,
      rule: `a Cilium cluster name has at most ${CLUSTER_NAME_MAX_LENGTH} characters ("${name}" has ${name.length})`,
      fix: 'shorten the name',
    });
  }
  if (!CLUSTER_NAME_PATTERN.test(name)) {
    violations.push({
      field,
      rule: `a Cilium cluster name uses only lowercase letters, digits and "-", and starts and ends with a letter or digit ("${name}" does not)`,
      fix: `use "${suggestClusterName(name)}"`,
    });
  }
  if (name === 'default') {
    violations.push({
      field,
      rule: 'the name "default" is reserved for clusters outside any mesh',
      fix: 'pick a name that says where the cluster runs',
    });
  }
  return violations;
}

/** Cilium's rules for `cluster.id`: an integer from 1 up to maxConnectedClusters. */
export function checkClusterId(
  id: number,
  maxConnectedClusters: MaxConnectedClusters,
  field: string,
): RuleViolation[] {
  if (Number.isInteger(id) && id >= 1 && id <= maxConnectedClusters) {
    return [];
  }
  const widen =
    maxConnectedClusters === 255 &&
    Number.isInteger(id) &&
    id > 255 &&
    id <= 511
      ? ', or set maxConnectedClusters to 511 on every cluster before installing Cilium'
      : '';
  return [
    {
      field,
      rule: `a Cilium cluster id is an integer from 1 to ${maxConnectedClusters} (got ${id})`,
      fix: `choose an unused id between 1 and ${maxConnectedClusters}${widen}`,
    },
  ];
}

export function checkMaxConnectedClusters(
  value: number,
  field: string,
): RuleViolation[] {
  if ((MAX_CONNECTED_CLUSTERS_VALUES as readonly number[]).includes(value)) {
    return [];
  }
  return [
    {
      field,
      rule: `maxConnectedClusters is either 255 or 511 (got ${value})`,
      fix: 'use 255 unless the mesh needs more than 255 clusters; it cannot be changed after install',
    },
  ];
}

function suggestClusterName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^-a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, CLUSTER_NAME_MAX_LENGTH)
    .replace(/-+$/g, '');
  return cleaned || 'cluster-1';
}
