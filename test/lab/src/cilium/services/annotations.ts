/**
 * How Cilium reads the ClusterMesh annotations on Services and Namespaces
 * (pkg/annotation). Each key is looked up before its legacy alias.
 */

export type ServiceAffinity = 'local' | 'remote' | 'none';

export interface ServiceAnnotations {
  global: boolean;
  shared: boolean;
  affinity: ServiceAffinity;
}

export const SERVICE_ANNOTATIONS = {
  global: ['service.cilium.io/global', 'io.cilium/global-service'],
  shared: ['service.cilium.io/shared', 'io.cilium/shared-service'],
  affinity: ['service.cilium.io/affinity', 'io.cilium/service-affinity'],
} as const;

/** 1.20+: on the Namespace, overriding `clustermesh.defaultGlobalNamespace`. */
export const GLOBAL_NAMESPACE_ANNOTATION = 'clustermesh.cilium.io/global';

/** Namespace scoping of exports and imports arrived in 1.20. */
export const GLOBAL_NAMESPACES_SINCE = 20;

export function serviceAnnotations(
  annotations: Record<string, string>,
): ServiceAnnotations {
  const global = isTrue(lookup(annotations, SERVICE_ANNOTATIONS.global));
  if (!global) return { global, shared: false, affinity: 'none' };
  const shared = lookup(annotations, SERVICE_ANNOTATIONS.shared);
  return {
    global,
    // Present but anything other than "true" (e.g. "yes") unshares it.
    shared: shared === undefined ? true : isTrue(shared),
    affinity: parseAffinity(lookup(annotations, SERVICE_ANNOTATIONS.affinity)),
  };
}

/** Before 1.20 every namespace takes part in the mesh. */
export function namespaceIsGlobal(
  minor: number,
  namespaceAnnotations: Record<string, string>,
  defaultGlobalNamespace: boolean,
): boolean {
  if (minor < GLOBAL_NAMESPACES_SINCE) return true;
  const value = namespaceAnnotations[GLOBAL_NAMESPACE_ANNOTATION];
  return value === undefined ? defaultGlobalNamespace : isTrue(value);
}

function parseAffinity(value: string | undefined): ServiceAffinity {
  const normalised = value?.toLowerCase();
  // Cilium logs "unrecognized service affinity value" and carries on as none.
  return normalised === 'local' || normalised === 'remote'
    ? normalised
    : 'none';
}

function lookup(
  annotations: Record<string, string>,
  keys: readonly string[],
): string | undefined {
  for (const key of keys) {
    if (Object.hasOwn(annotations, key)) return annotations[key];
  }
  return undefined;
}

function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}
