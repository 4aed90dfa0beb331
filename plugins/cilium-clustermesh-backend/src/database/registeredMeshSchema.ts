import { InputError } from '@backstage/errors';
import {
  checkClusterName,
  formatViolations,
  RuleViolation,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  base64PemSchema,
  httpsUrlSchema,
} from '@meshportal/plugin-cilium-clustermesh-node';
import { z } from 'zod';

/**
 * Registered meshes are reached with the backend's own Azure identity, so a
 * registered cluster never carries a credential. Objects are strict: an
 * unexpected key is refused rather than stored, because it may be a secret.
 */
const azureSchema = z.strictObject({
  subscriptionId: z.guid('must be a subscription id (a GUID)'),
  resourceGroup: z
    .string()
    .regex(
      /^[-\w.()]{0,89}[-\w()]$/,
      'must be an Azure resource group name (1-90 letters, digits, "-", "_", ".", "(", ")", not ending with ".")',
    ),
  managedCluster: z
    .string()
    .regex(
      /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/,
      'must be an AKS cluster name (1-63 letters, digits, "-", "_", starting and ending with a letter or digit)',
    ),
});

const clusterSchema = z.strictObject({
  name: z.string(),
  url: httpsUrlSchema,
  caData: base64PemSchema,
  authProvider: z.literal('azure', 'must be "azure"'),
  azure: azureSchema.optional(),
});

export const registeredClustersSchema = z.array(clusterSchema).min(1);

const MESH_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const meshSchema = z.strictObject({
  name: z
    .string()
    .regex(
      MESH_NAME_PATTERN,
      'must be 1-63 lowercase letters, digits and "-", starting and ending with a letter or digit',
    ),
  title: z.string().min(1).max(200).optional(),
  clusters: registeredClustersSchema,
  createdBy: z.string().min(1).optional(),
});

export type ValidRegisteredMesh = z.infer<typeof meshSchema>;

const SECRET_KEYS = new Set([
  'serviceAccountToken',
  'clientCertData',
  'clientKeyData',
  'clientSecret',
  'token',
  'password',
  'kubeconfig',
]);

const FIXES: Record<string, string> = {
  name: 'use a name such as "prod-westeurope"',
  title: 'use a non-empty title of at most 200 characters, or leave it out',
  clusters: 'list at least one cluster',
  url: 'set the https URL of the cluster API server, e.g. https://aks-1-dns.hcp.westeurope.azmk8s.io:443',
  caData:
    'set the base64 of the API server CA bundle (certificate-authority-data in a kubeconfig)',
  authProvider:
    'set authProvider to azure; a mesh that needs another credential belongs in app-config under ciliumClusterMesh.meshes',
  subscriptionId: 'set the id of the subscription that holds the cluster',
  resourceGroup: 'set the resource group of the AKS cluster',
  managedCluster: 'set the name of the AKS managed cluster',
  createdBy: 'set the entity ref of the user, or leave it out',
};

/**
 * Checks a mesh before it is stored. Errors name the field, the rule and the
 * fix, and never echo a value that could be a secret.
 */
export function validateRegisteredMesh(input: unknown): ValidRegisteredMesh {
  const parsed = meshSchema.safeParse(input);
  const meshName = describeName(input);
  if (!parsed.success) {
    throw invalid(meshName, parsed.error.issues.flatMap(issueToViolations));
  }
  const violations: RuleViolation[] = [];
  const seen = new Set<string>();
  parsed.data.clusters.forEach((cluster, index) => {
    const field = `clusters[${index}].name`;
    violations.push(...checkClusterName(cluster.name, field));
    if (seen.has(cluster.name)) {
      violations.push({
        field,
        rule: `cluster names are unique in a mesh ("${cluster.name}" repeats)`,
        fix: 'list each cluster once',
      });
    }
    seen.add(cluster.name);
  });
  if (violations.length > 0) {
    throw invalid(meshName, violations);
  }
  return parsed.data;
}

function invalid(meshName: string, violations: RuleViolation[]): InputError {
  return new InputError(
    `Cannot register mesh ${meshName}:\n${formatViolations(violations)}`,
  );
}

function describeName(input: unknown): string {
  const name = (input as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' && MESH_NAME_PATTERN.test(name)
    ? `"${name}"`
    : '(invalid name)';
}

function issueToViolations(issue: z.core.$ZodIssue): RuleViolation[] {
  const field = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map(key => {
      const keyField = field ? `${field}.${key}` : key;
      return SECRET_KEYS.has(key)
        ? {
            field: keyField,
            rule: 'a registered mesh holds no secret: the backend reaches its clusters with its own Azure identity',
            fix: `remove ${key} and grant the backend's Azure identity read access to the cluster; a mesh that needs ${key} belongs in app-config under ciliumClusterMesh.meshes`,
          }
        : {
            field: keyField,
            rule: 'is not a field of a registered mesh',
            fix: `remove ${key}`,
          };
    });
  }
  const key = String(issue.path[issue.path.length - 1] ?? '');
  return [
    {
      field: field || '(mesh)',
      rule: isMissing(issue) ? 'is required' : issue.message,
      fix: FIXES[key] ?? 'see RegisteredMesh in the backend plugin',
    },
  ];
}

function formatPath(path: PropertyKey[]): string {
  return path
    .map(part => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
}

function isMissing(issue: z.core.$ZodIssue): boolean {
  return (
    issue.code === 'invalid_type' &&
    issue.message.endsWith('received undefined')
  );
}
