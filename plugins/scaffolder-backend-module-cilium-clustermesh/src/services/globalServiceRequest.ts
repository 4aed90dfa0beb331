import type { RuleViolation } from '@meshportal/plugin-cilium-clustermesh-common';
import type { ServiceAffinity } from '@meshportal/plugin-cilium-clustermesh-node';
import type { MeshRegistration } from './meshRegistryClient';

/** One cluster's settings as `cilium:service:make-global` takes them. */
export interface GlobalServiceClusterInput {
  cluster: string;
  shared?: boolean;
  affinity?: ServiceAffinity;
}

/** A listed cluster with where Azure keeps it, from the mesh's registration. */
export interface GlobalServiceTarget extends GlobalServiceClusterInput {
  /** `clusters[i]` of the input, for messages. */
  field: string;
  azure: {
    subscriptionId: string;
    resourceGroup: string;
    managedCluster: string;
  };
}

/** RFC 1123 label: what Kubernetes accepts as a Namespace name. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1035 label: Service names must also start with a letter. */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_MAX = 63;
/** The example's title lands in an environment variable and on a web page. */
const TITLE_MAX = 200;

function label(
  value: string,
  field: string,
  what: string,
  pattern: RegExp,
  example: string,
): RuleViolation[] {
  if (value.length <= LABEL_MAX && pattern.test(value)) return [];
  return [
    {
      field,
      rule: `${JSON.stringify(
        value,
      )} is not a valid ${what} (at most ${LABEL_MAX} lower-case letters, digits and "-"${
        pattern === DNS_1035_LABEL ? ', starting with a letter' : ''
      }, ending with a letter or digit)`,
      fix: `use a name such as "${example}"`,
    },
  ];
}

/** Everything wrong with the names alone, before the registry is asked. */
export function checkGlobalServiceNames(input: {
  mesh: string;
  namespace: string;
  service: string;
  deployExample?: { title?: string };
}): RuleViolation[] {
  const violations = [
    ...label(input.mesh, 'mesh', 'mesh name', DNS_LABEL, 'ciliumlab'),
    ...label(input.namespace, 'namespace', 'namespace', DNS_LABEL, 'meshtest'),
    ...label(
      input.service,
      'service',
      'Service name',
      DNS_1035_LABEL,
      'aks-helloworld-one',
    ),
  ];
  const title = input.deployExample?.title;
  if (
    title !== undefined &&
    (title.length > TITLE_MAX || /[\r\n]/.test(title))
  ) {
    violations.push({
      field: 'deployExample.title',
      rule: `the example's title is one line of at most ${TITLE_MAX} characters`,
      fix: 'shorten it; the cluster name is appended for you',
    });
  }
  return violations;
}

/**
 * The listed clusters matched against the mesh's registration: each must be
 * registered (by its Cilium name), listed once, and registered with Azure
 * coordinates, since the action reaches clusters only through ARM with the
 * backend's identity.
 */
export function resolveGlobalServiceTargets(
  registration: MeshRegistration,
  clusters: GlobalServiceClusterInput[],
): { targets: GlobalServiceTarget[]; violations: RuleViolation[] } {
  const registered = registration.clusters.map(c => c.name);
  if (clusters.length === 0) {
    return {
      targets: [],
      violations: [
        {
          field: 'clusters',
          rule: 'at least one cluster is needed',
          fix: `list the clusters whose Service takes part, from ${registered.join(
            ', ',
          )}`,
        },
      ],
    };
  }
  const violations: RuleViolation[] = [];
  const targets: GlobalServiceTarget[] = [];
  const seen = new Map<string, number>();
  clusters.forEach((entry, index) => {
    const field = `clusters[${index}].cluster`;
    const first = seen.get(entry.cluster);
    if (first !== undefined) {
      violations.push({
        field,
        rule: `cluster ${entry.cluster} is already listed as clusters[${first}]`,
        fix: 'list each cluster once with its settings',
      });
      return;
    }
    seen.set(entry.cluster, index);
    const cluster = registration.clusters.find(c => c.name === entry.cluster);
    if (!cluster) {
      violations.push({
        field,
        rule: `mesh ${registration.name} has no cluster named ${JSON.stringify(
          entry.cluster,
        )} (registered: ${registered.join(', ')})`,
        fix: 'use the Cilium cluster name as registered',
      });
      return;
    }
    if (!cluster.azure) {
      violations.push({
        field,
        rule: `cluster ${entry.cluster} of mesh ${registration.name} is registered without its Azure resource group and AKS name`,
        fix: 'register the mesh again through the "Cilium ClusterMesh on AKS" template',
      });
      return;
    }
    targets.push({
      ...entry,
      field: `clusters[${index}]`,
      azure: cluster.azure,
    });
  });
  return { targets, violations };
}
