import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  checkClusterName,
  formatViolations,
  RuleViolation,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { z } from 'zod';

const CONFIG_ROOT = 'ciliumClusterMesh';

/** An https URL, as an API server's must be. */
export const httpsUrlSchema = z
  .string()
  .refine(
    url => URL.canParse(url) && url.startsWith('https://'),
    'must be an https URL',
  );

/** Base64 of a PEM bundle, as kubeconfigs carry CAs and certificates. */
export const base64PemSchema = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9+/=\s]+$/, 'must be base64-encoded PEM');

const hostPort = z
  .string()
  .regex(/^[^\s/:]+:\d{1,5}$/, 'must be host:port, e.g. 10.20.0.100:2379');

const clusterBase = {
  name: z.string(),
  url: httpsUrlSchema,
  caData: base64PemSchema,
  clustermeshApiserverEndpoint: hostPort.optional(),
};

const clusterSchema = z.discriminatedUnion('authProvider', [
  z.object({
    ...clusterBase,
    authProvider: z.literal('serviceAccount'),
    serviceAccountToken: z.string().min(1),
  }),
  z.object({
    ...clusterBase,
    authProvider: z.literal('clientCertificate'),
    clientCertData: base64PemSchema,
    clientKeyData: base64PemSchema,
  }),
  z.object({
    ...clusterBase,
    authProvider: z.literal('azure'),
  }),
]);

const meshesSchema = z.array(
  z.object({
    name: z.string().min(1),
    title: z.string().optional(),
    clusters: z.array(clusterSchema).min(1),
  }),
);

/** How to reach one cluster's Kubernetes API. Holds secrets: never log it. */
export type ClusterConnectionConfig = z.infer<typeof clusterSchema>;

export interface MeshConnectionConfig {
  name: string;
  title?: string;
  clusters: ClusterConnectionConfig[];
}

const FIXES: Record<string, string> = {
  url: 'set the https URL of the cluster API server, e.g. https://aks-1-dns.hcp.westeurope.azmk8s.io:443',
  caData:
    'set the base64 of the API server CA bundle (certificate-authority-data in a kubeconfig)',
  authProvider:
    'set authProvider to serviceAccount, clientCertificate or azure',
  serviceAccountToken:
    'set a token of a service account bound to the read-only ClusterRole',
  clientCertData: 'set client-certificate-data from a kubeconfig',
  clientKeyData:
    'set client-key-data from a kubeconfig, through an environment variable',
  clustermeshApiserverEndpoint:
    'set the host:port the backend dials to reach the clustermesh-apiserver, or remove it',
};

/**
 * Reads the meshes declared under `ciliumClusterMesh.meshes`. Errors name the
 * config path and the rule, never the value, because values may be secrets.
 */
export function readMeshConnections(config: Config): MeshConnectionConfig[] {
  const raw = config.getOptional(`${CONFIG_ROOT}.meshes`) ?? [];
  const parsed = meshesSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(
      `Invalid Cilium ClusterMesh configuration:\n${formatViolations(
        parsed.error.issues.map(issueToViolation),
      )}`,
    );
  }
  const violations: RuleViolation[] = [];
  parsed.data.forEach((mesh, m) => {
    const seen = new Set<string>();
    mesh.clusters.forEach((cluster, c) => {
      const field = `${CONFIG_ROOT}.meshes[${m}].clusters[${c}].name`;
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
  });
  if (violations.length > 0) {
    throw new InputError(
      `Invalid Cilium ClusterMesh configuration:\n${formatViolations(
        violations,
      )}`,
    );
  }
  return parsed.data;
}

function issueToViolation(issue: z.core.$ZodIssue): RuleViolation {
  const field = [CONFIG_ROOT, 'meshes']
    .concat(
      issue.path.map(part =>
        typeof part === 'number' ? `[${part}]` : String(part),
      ),
    )
    .join('.')
    .replace(/\.\[/g, '[');
  const key = String(issue.path[issue.path.length - 1] ?? '');
  return {
    field,
    rule: isMissing(issue) ? 'is required' : issue.message,
    fix:
      FIXES[key] ??
      'see config.d.ts of @meshportal/plugin-cilium-clustermesh-node',
  };
}

function isMissing(issue: z.core.$ZodIssue): boolean {
  return (
    issue.code === 'invalid_type' &&
    issue.message.endsWith('received undefined')
  );
}
