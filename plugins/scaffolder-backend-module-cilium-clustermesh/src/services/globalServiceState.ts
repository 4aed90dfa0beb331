import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  GLOBAL_NAMESPACE_ANNOTATION,
  GLOBAL_SERVICE_ANNOTATIONS,
  ServiceAffinity,
} from '@meshportal/plugin-cilium-clustermesh-node';
import { STATUS_CODES } from 'node:http';

/** What one cluster holds of the Service and its namespace, read before anything changes. */
export interface ClusterServiceState {
  namespaceExists: boolean;
  /** `clustermesh.cilium.io/global` on the Namespace, as written. */
  namespaceAnnotation?: string;
  /** cilium-config `clustermesh-default-global-namespace` (rendered from 1.20 on); undefined when absent. */
  defaultGlobalNamespace?: boolean;
  ciliumConfigFound: boolean;
  /** The Service's ClusterMesh annotations; undefined when there is no such Service. */
  serviceAnnotations?: Record<string, string>;
  deploymentExists: boolean;
}

const ALL_KEYS: string[] = Object.values(GLOBAL_SERVICE_ANNOTATIONS).flatMap(
  a => [a.key, a.legacy],
);

/**
 * Reads, never writes: the dry run reports from it, and the real run checks
 * every cluster with it before the first change.
 */
export async function readClusterServiceState(
  kubeConfig: KubeConfig,
  options: {
    namespace: string;
    service: string;
    cluster: string;
    /** Also look for the example's Deployment. */
    example?: boolean;
  },
): Promise<ClusterServiceState> {
  const { namespace, service, cluster } = options;
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const [ns, svc, config, deployment] = await Promise.all([
    readOrAbsent(
      () => core.readNamespace({ name: namespace }),
      `read Namespace ${namespace} in ${cluster}`,
    ),
    readOrAbsent(
      () => core.readNamespacedService({ name: service, namespace }),
      `read Service ${namespace}/${service} in ${cluster}`,
    ),
    readOrAbsent(
      () =>
        core.readNamespacedConfigMap({
          name: 'cilium-config',
          namespace: 'kube-system',
        }),
      `read ConfigMap kube-system/cilium-config in ${cluster}`,
    ),
    options.example
      ? readOrAbsent(
          () => apps.readNamespacedDeployment({ name: service, namespace }),
          `read Deployment ${namespace}/${service} in ${cluster}`,
        )
      : undefined,
  ]);
  const flag = config?.data?.['clustermesh-default-global-namespace']
    ?.trim()
    .toLowerCase();
  const annotations = svc?.metadata?.annotations ?? {};
  return {
    namespaceExists: ns !== undefined,
    namespaceAnnotation:
      ns?.metadata?.annotations?.[GLOBAL_NAMESPACE_ANNOTATION],
    ciliumConfigFound: config !== undefined,
    ...(flag === 'true' || flag === 'false'
      ? { defaultGlobalNamespace: flag === 'true' }
      : {}),
    serviceAnnotations: svc
      ? Object.fromEntries(
          Object.entries(annotations).filter(([key]) => ALL_KEYS.includes(key)),
        )
      : undefined,
    deploymentExists: deployment !== undefined,
  };
}

/**
 * The annotations `makeServiceGlobal` converges a Service to: global true,
 * shared and affinity as given or removed (Cilium's defaults), legacy
 * aliases removed. `none` is removed rather than written: before
 * cilium#46635 the literal dropped every remote backend.
 */
export function wantedServiceAnnotations(settings: {
  shared?: boolean;
  affinity?: ServiceAffinity;
}): Record<string, string | null> {
  const { global, shared, affinity } = GLOBAL_SERVICE_ANNOTATIONS;
  return {
    [global.key]: 'true',
    [global.legacy]: null,
    [shared.key]:
      settings.shared === undefined ? null : String(settings.shared),
    [shared.legacy]: null,
    [affinity.key]:
      settings.affinity === undefined || settings.affinity === 'none'
        ? null
        : settings.affinity,
    [affinity.legacy]: null,
  };
}

/** What would change on the Service, one phrase per annotation; empty when it is as asked. */
export function serviceAnnotationChanges(
  current: Record<string, string>,
  settings: { shared?: boolean; affinity?: ServiceAffinity },
): string[] {
  return Object.entries(wantedServiceAnnotations(settings)).flatMap(
    ([key, value]) => {
      if (value === null) {
        return Object.hasOwn(current, key)
          ? [`remove ${key} (${JSON.stringify(current[key])})`]
          : [];
      }
      if (current[key] === value) return [];
      return [
        Object.hasOwn(current, key)
          ? `${key}: ${JSON.stringify(current[key])} → ${JSON.stringify(value)}`
          : `${key}=${JSON.stringify(value)}`,
      ];
    },
  );
}

export interface NamespaceDecision {
  /** Annotate the Namespace `clustermesh.cilium.io/global: "true"`. */
  annotate: boolean;
  /** Why, for the log. */
  reason?: string;
  /** The Service will not cross clusters in this cluster, and the run leaves it so. */
  warning?: string;
}

/**
 * Whether the Namespace needs Cilium 1.20's switch. `mode` undefined (the
 * default) annotates only where Cilium makes namespaces global on request
 * (`clustermesh.defaultGlobalNamespace: false`, as Azure Fleet's managed
 * Cilium does) and the Namespace has no say yet; an explicit "false" is
 * someone's decision about every Service in it, so only `true` overrides it.
 */
export function namespaceDecision(
  mode: boolean | undefined,
  state: Pick<
    ClusterServiceState,
    'namespaceAnnotation' | 'defaultGlobalNamespace'
  >,
  names: { namespace: string; cluster: string },
): NamespaceDecision {
  const { namespace, cluster } = names;
  const written = state.namespaceAnnotation?.trim().toLowerCase();
  const global =
    written === undefined
      ? state.defaultGlobalNamespace ?? true
      : written === 'true';
  const alreadyTrue = state.namespaceAnnotation === 'true';
  if (mode === true) {
    return alreadyTrue
      ? { annotate: false }
      : {
          annotate: true,
          reason: 'namespaceGlobal is true',
        };
  }
  const blocked = `Namespace ${namespace} is not global in ${cluster}`;
  if (mode === false) {
    return global
      ? { annotate: false }
      : {
          annotate: false,
          warning: `${blocked} and namespaceGlobal is false: Cilium 1.20 neither exports nor imports its Services there`,
        };
  }
  if (global) return { annotate: false };
  if (written === undefined) {
    return {
      annotate: true,
      reason: `Cilium in ${cluster} exports only namespaces annotated ${GLOBAL_NAMESPACE_ANNOTATION}=true (clustermesh-default-global-namespace is false)`,
    };
  }
  return {
    annotate: false,
    warning: `${blocked}: it is annotated ${GLOBAL_NAMESPACE_ANNOTATION}=${JSON.stringify(
      state.namespaceAnnotation,
    )}, so Cilium 1.20 neither exports nor imports its Services there. Set namespaceGlobal to true to change that for the whole namespace`,
  };
}

async function readOrAbsent<T>(
  read: () => Promise<T>,
  action: string,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 404) return undefined;
    // Only the status code: client-node's errors can carry request headers,
    // and with them the bearer token.
    if (typeof code === 'number') {
      throw new Error(
        `Could not ${action}: ${code} ${STATUS_CODES[code] ?? ''}`.trim(),
      );
    }
    throw new Error(`Could not ${action}: the API server could not be reached`);
  }
}
