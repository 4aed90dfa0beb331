import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const MANIFEST = path.join(
  'plugins',
  'cilium-clustermesh-backend',
  'manifests',
  'rbac.yaml',
);

export interface ManifestRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

export interface ManifestObject {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: ManifestRule[];
  [field: string]: unknown;
}

/** The repository root, found from wherever Jest runs (package or repository). */
function manifestPath(): string {
  let directory = process.cwd();
  for (;;) {
    const candidate = path.join(directory, MANIFEST);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`${MANIFEST} not found`);
    directory = parent;
  }
}

export function rbacManifestObjects(): ManifestObject[] {
  return parseAllDocuments(readFileSync(manifestPath(), 'utf8')).map(
    document => document.toJS() as ManifestObject,
  );
}

/** Every rule the manifest's Roles and ClusterRoles grant. */
export function rbacManifestRules(): ManifestRule[] {
  return rbacManifestObjects()
    .filter(object => object.kind === 'Role' || object.kind === 'ClusterRole')
    .flatMap(object => object.rules ?? []);
}
