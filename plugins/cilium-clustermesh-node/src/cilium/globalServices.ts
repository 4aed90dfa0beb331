import { InputError, NotFoundError } from '@backstage/errors';
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  V1Deployment,
  V1Service,
} from '@kubernetes/client-node';
import { checkHelmValue } from '../helm/helmArgs';
import {
  clusterLabel,
  isNotFound,
  kubeFailure,
  statusCodeOf,
} from './kubeErrors';

/** The Service annotations Cilium reads, each with the legacy alias it falls back to. */
export const GLOBAL_SERVICE_ANNOTATIONS = {
  global: {
    key: 'service.cilium.io/global',
    legacy: 'io.cilium/global-service',
  },
  shared: {
    key: 'service.cilium.io/shared',
    legacy: 'io.cilium/shared-service',
  },
  affinity: {
    key: 'service.cilium.io/affinity',
    legacy: 'io.cilium/service-affinity',
  },
} as const;

/** On the Namespace, from Cilium 1.20: whether its resources take part in the mesh. */
export const GLOBAL_NAMESPACE_ANNOTATION = 'clustermesh.cilium.io/global';

export type ServiceAffinity = 'local' | 'remote' | 'none';

export interface MakeServiceGlobalOptions {
  namespace: string;
  service: string;
  global: true;
  /** Export this cluster's backends; undefined means Cilium's default (true). */
  shared?: boolean;
  /** Backend preference in this cluster; undefined or `none` means no preference. */
  affinity?: ServiceAffinity;
  /**
   * Also annotate the Namespace `clustermesh.cilium.io/global: "true"`,
   * which Cilium 1.20 needs when `clustermesh.defaultGlobalNamespace` is
   * false (as on Azure Fleet's managed Cilium). Absent or false leaves the
   * Namespace alone: it may hold other teams' Services.
   */
  namespaceGlobal?: boolean;
}

export interface MakeServiceGlobalResult {
  servicePatched: boolean;
  namespacePatched: boolean;
  /** The Service's ClusterMesh annotations afterwards. */
  annotations: Record<string, string>;
}

function wantedAnnotations(
  options: MakeServiceGlobalOptions,
): Record<string, string | null> {
  const { global, shared, affinity } = GLOBAL_SERVICE_ANNOTATIONS;
  return {
    [global.key]: 'true',
    [global.legacy]: null,
    [shared.key]: options.shared === undefined ? null : String(options.shared),
    [shared.legacy]: null,
    // Omitted rather than "none": before cilium#46635 the literal "none"
    // dropped every remote backend.
    [affinity.key]:
      options.affinity === undefined || options.affinity === 'none'
        ? null
        : options.affinity,
    [affinity.legacy]: null,
  };
}

/** Merge-patch entries that would change `current`; null removes a key. */
function changes(
  current: Record<string, string>,
  wanted: Record<string, string | null>,
): Record<string, string | null> {
  return Object.fromEntries(
    Object.entries(wanted).filter(([key, value]) =>
      value === null ? Object.hasOwn(current, key) : current[key] !== value,
    ),
  );
}

function checkNames(namespace: string, name: string, nameField: string) {
  for (const [field, value] of [
    ['namespace', namespace],
    [nameField, name],
  ]) {
    const violation = checkHelmValue('namespace', value, field);
    if (violation) {
      throw new InputError(
        `${violation.field}: ${violation.rule}. Fix: use a DNS label (lower-case letters, digits and "-")`,
      );
    }
  }
}

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/**
 * Makes a Service global in one cluster. The options describe the Service's
 * ClusterMesh annotations completely: `service.cilium.io/global: "true"`,
 * `shared` and `affinity` set when given and removed when undefined (Cilium's
 * defaults then apply), legacy `io.cilium/*` aliases removed so they cannot
 * override. Nothing is patched when the Service already matches. The Service
 * must exist; run this in every cluster whose clients or backends take part.
 */
export async function makeServiceGlobal(
  kubeConfig: KubeConfig,
  options: MakeServiceGlobalOptions,
): Promise<MakeServiceGlobalResult> {
  const { namespace, service: name } = options;
  checkNames(namespace, name, 'service');
  const cluster = clusterLabel(kubeConfig);
  const core = kubeConfig.makeApiClient(CoreV1Api);

  let service: V1Service;
  try {
    service = await core.readNamespacedService({ name, namespace });
  } catch (error) {
    if (isNotFound(error)) {
      throw new NotFoundError(
        `Service ${namespace}/${name} does not exist in ${cluster}. Fix: deploy the Service (same namespace, name and ports in every cluster of the mesh), then make it global`,
      );
    }
    throw kubeFailure(error, `read Service ${namespace}/${name} in ${cluster}`);
  }
  const current = service.metadata?.annotations ?? {};
  const patch = changes(current, wantedAnnotations(options));
  const servicePatched = Object.keys(patch).length > 0;
  let annotations = current;
  if (servicePatched) {
    try {
      const patched = await core.patchNamespacedService(
        {
          name,
          namespace,
          body: {
            metadata: {
              annotations: patch,
              // Fails with 409 if someone changed the Service since we read it.
              resourceVersion: service.metadata?.resourceVersion,
            },
          },
        },
        mergePatch,
      );
      annotations = patched.metadata?.annotations ?? {};
    } catch (error) {
      throw kubeFailure(
        error,
        `annotate Service ${namespace}/${name} in ${cluster}`,
      );
    }
  }

  let namespacePatched = false;
  if (options.namespaceGlobal) {
    namespacePatched = await annotateNamespaceGlobal(core, namespace, cluster);
  }
  return {
    servicePatched,
    namespacePatched,
    annotations: Object.fromEntries(
      Object.entries(annotations).filter(([key]) =>
        Object.values(GLOBAL_SERVICE_ANNOTATIONS).some(
          a => a.key === key || a.legacy === key,
        ),
      ),
    ),
  };
}

async function annotateNamespaceGlobal(
  core: CoreV1Api,
  namespace: string,
  cluster: string,
): Promise<boolean> {
  try {
    const current = await core.readNamespace({ name: namespace });
    if (
      current.metadata?.annotations?.[GLOBAL_NAMESPACE_ANNOTATION] === 'true'
    ) {
      return false;
    }
    await core.patchNamespace(
      {
        name: namespace,
        body: {
          metadata: { annotations: { [GLOBAL_NAMESPACE_ANNOTATION]: 'true' } },
        },
      },
      mergePatch,
    );
    return true;
  } catch (error) {
    throw kubeFailure(
      error,
      `annotate Namespace ${namespace} in ${cluster} with ${GLOBAL_NAMESPACE_ANNOTATION}=true`,
    );
  }
}

export interface HelloWorldOptions {
  namespace: string;
  name: string;
  /** Shown on the page; say which cluster answered. */
  title: string;
}

export interface HelloWorldResult {
  /** What did not exist and was created. */
  created: ('Namespace' | 'Deployment' | 'Service')[];
}

/**
 * The seed document's demo app (aks-helloworld behind a ClusterIP Service on
 * port 80), to try a global Service. Get-or-create: existing objects are left
 * as they are, so running it again changes nothing.
 */
export async function deployHelloWorld(
  kubeConfig: KubeConfig,
  options: HelloWorldOptions,
): Promise<HelloWorldResult> {
  const { namespace, name, title } = options;
  checkNames(namespace, name, 'name');
  const cluster = clusterLabel(kubeConfig);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const labels = { app: name };
  const deployment: V1Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'aks-helloworld',
              image: 'mcr.microsoft.com/azuredocs/aks-helloworld:v1',
              ports: [{ containerPort: 80 }],
              env: [{ name: 'TITLE', value: title }],
            },
          ],
        },
      },
    },
  };
  const service: V1Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels },
    spec: { type: 'ClusterIP', ports: [{ port: 80 }], selector: labels },
  };

  const created: HelloWorldResult['created'] = [];
  const ensure = async (
    kind: HelloWorldResult['created'][number],
    read: () => Promise<unknown>,
    create: () => Promise<unknown>,
  ) => {
    try {
      await read();
      return;
    } catch (error) {
      if (!isNotFound(error)) {
        throw kubeFailure(error, `read ${kind} ${name} in ${cluster}`);
      }
    }
    try {
      await create();
      created.push(kind);
    } catch (error) {
      // Someone else created it in between: that is what we wanted.
      if (statusCodeOf(error) !== 409) {
        throw kubeFailure(error, `create ${kind} ${name} in ${cluster}`);
      }
    }
  };
  await ensure(
    'Namespace',
    () => core.readNamespace({ name: namespace }),
    () => core.createNamespace({ body: { metadata: { name: namespace } } }),
  );
  await ensure(
    'Deployment',
    () => apps.readNamespacedDeployment({ name, namespace }),
    () => apps.createNamespacedDeployment({ namespace, body: deployment }),
  );
  await ensure(
    'Service',
    () => core.readNamespacedService({ name, namespace }),
    () => core.createNamespacedService({ namespace, body: service }),
  );
  return { created };
}
