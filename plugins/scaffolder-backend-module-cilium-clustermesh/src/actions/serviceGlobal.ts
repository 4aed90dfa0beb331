import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  formatViolations,
  RuleViolation,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  deployHelloWorld,
  getClusterAccess,
  GLOBAL_NAMESPACE_ANNOTATION,
  kubeConfigFor,
  makeServiceGlobal,
} from '@meshportal/plugin-cilium-clustermesh-node';
import yaml from 'yaml';
import {
  checkGlobalServiceNames,
  GlobalServiceTarget,
  resolveGlobalServiceTargets,
} from '../services/globalServiceRequest';
import {
  namespaceDecision,
  readClusterServiceState,
  serviceAnnotationChanges,
} from '../services/globalServiceState';
import { settleAll } from '../services/settleAll';
import type { MeshToolkit } from '../services/toolkit';

export const SERVICE_GLOBAL_ACTION_ID = 'cilium:service:make-global';

function refused(what: string, violations: RuleViolation[]): InputError {
  return new InputError(
    `Cannot make ${what} global:\n${formatViolations(violations)}`,
  );
}

/** `shared false, affinity remote`, or `Cilium's defaults` when neither is set. */
function settingsText(target: GlobalServiceTarget): string {
  const parts = [
    ...(target.shared === undefined ? [] : [`shared ${target.shared}`]),
    ...(target.affinity === undefined || target.affinity === 'none'
      ? []
      : [`affinity ${target.affinity}`]),
  ];
  return parts.length > 0 ? parts.join(', ') : "Cilium's defaults";
}

/**
 * Makes a Service global across chosen clusters of a registered mesh, the
 * way the seed document does by hand: `service.cilium.io/global` plus the
 * per-cluster `shared` and `affinity`, and Cilium 1.20's namespace switch
 * where that cluster's Cilium asks for it. Every cluster is read and
 * checked before the first change; clusters are reached through ARM with
 * the backend's Azure identity, found from the mesh's registration.
 */
export function createServiceGlobalAction(toolkit: MeshToolkit) {
  return createTemplateAction({
    id: SERVICE_GLOBAL_ACTION_ID,
    description:
      "Makes a Service global in chosen clusters of a registered ClusterMesh: annotates it service.cilium.io/global with each cluster's shared and affinity settings, and the Namespace clustermesh.cilium.io/global where Cilium 1.20 needs it. Can first deploy the seed's aks-helloworld example. Checks every cluster before changing any; changes nothing that is already as asked.",
    supportsDryRun: true,
    examples: [
      {
        description:
          "The seed document's global Service: cluster1 keeps its backends to itself, cluster2 prefers remote backends, cluster3 uses Cilium's defaults",
        example: yaml.stringify({
          steps: [
            {
              id: 'global',
              action: SERVICE_GLOBAL_ACTION_ID,
              name: 'Make aks-helloworld-one global',
              input: {
                mesh: 'ciliumlab',
                namespace: 'meshtest',
                service: 'aks-helloworld-one',
                clusters: [
                  { cluster: 'cluster1', shared: false },
                  { cluster: 'cluster2', affinity: 'remote' },
                  { cluster: 'cluster3' },
                ],
                deployExample: { title: "Welcome to AKS 'App One'" },
              },
            },
          ],
        }),
      },
      {
        description:
          'An existing Service on a mesh whose Cilium makes namespaces global only on request',
        example: yaml.stringify({
          steps: [
            {
              id: 'global',
              action: SERVICE_GLOBAL_ACTION_ID,
              input: {
                mesh: 'fleet',
                namespace: 'shop',
                service: 'checkout',
                clusters: [
                  { cluster: 'westeurope-1', affinity: 'local' },
                  { cluster: 'northeurope-1', affinity: 'local' },
                ],
                namespaceGlobal: true,
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        mesh: z =>
          z
            .string()
            .describe(
              'Name of a mesh registered with the cilium-clustermesh backend (created by the "Cilium ClusterMesh on AKS" template); its registration says where each cluster is in Azure',
            ),
        namespace: z =>
          z.string().describe('Namespace of the Service, e.g. meshtest'),
        service: z =>
          z
            .string()
            .describe(
              'Name of the Service; it must exist with the same namespace and name in every listed cluster (or deployExample creates it)',
            ),
        clusters: z =>
          z
            .array(
              z.object({
                cluster: z
                  .string()
                  .describe('Cilium cluster name as registered, e.g. cluster1'),
                shared: z
                  .boolean()
                  .optional()
                  .describe(
                    "service.cilium.io/shared: false keeps this cluster's backends to itself while its clients still use remote ones; unset means Cilium's default (true)",
                  ),
                affinity: z
                  .enum(['local', 'remote', 'none'])
                  .optional()
                  .describe(
                    'service.cilium.io/affinity, judged in this cluster: local uses remote backends only when none are left here, remote uses local ones only when no remote ones are left; none or unset spreads over all',
                  ),
              }),
            )
            .describe(
              'The clusters whose Service takes part, each with its settings; clusters of the mesh not listed are left as they are',
            ),
        namespaceGlobal: z =>
          z
            .boolean()
            .optional()
            .describe(
              `Cilium 1.20+: annotate the Namespace ${GLOBAL_NAMESPACE_ANNOTATION}=true. Unset: only in clusters whose Cilium makes namespaces global on request (clustermesh.defaultGlobalNamespace false, as on Azure Fleet) and where the Namespace does not say otherwise. true: in every listed cluster. false: never (the Service then stays local where the namespace is not global)`,
            ),
        deployExample: z =>
          z
            .object({
              title: z
                .string()
                .optional()
                .describe(
                  'Page title; " on <cluster>" is appended so each answer says where it came from. Default: Welcome to Azure Kubernetes Service (AKS) \'<service>\'',
                ),
            })
            .optional()
            .describe(
              "First deploy the seed's aks-helloworld example (Deployment and ClusterIP Service on port 80, named after `service`) where it is missing; existing objects are left as they are",
            ),
      },
      output: {
        clusters: z =>
          z
            .array(
              z.object({
                cluster: z.string(),
                servicePatched: z
                  .boolean()
                  .describe("The Service's annotations were changed"),
                namespacePatched: z
                  .boolean()
                  .describe(
                    `The Namespace was annotated ${GLOBAL_NAMESPACE_ANNOTATION}=true`,
                  ),
                annotations: z
                  .record(z.string(), z.string())
                  .describe("The Service's ClusterMesh annotations afterwards"),
                exampleCreated: z
                  .array(z.string())
                  .optional()
                  .describe(
                    'With deployExample: the kinds this run created (Namespace, Deployment, Service)',
                  ),
              }),
            )
            .describe(
              'Per listed cluster, what this run changed (nothing in a dry run)',
            ),
        summary: z => z.string().describe('What was asked and what changed'),
        entityRef: z =>
          z
            .string()
            .describe('The mesh entity, e.g. resource:default/ciliumlab'),
      },
    },
    async handler(ctx) {
      const { mesh, namespace, service, deployExample } = ctx.input;
      const key = `${namespace}/${service}`;
      const nameViolations = checkGlobalServiceNames(ctx.input);
      if (nameViolations.length > 0) throw refused(key, nameViolations);

      const registration = await toolkit.registry.get(mesh);
      if (!registration) {
        throw refused(key, [
          {
            field: 'mesh',
            rule: `no mesh named ${JSON.stringify(
              mesh,
            )} is registered with the cilium-clustermesh backend (meshes from app-config are not registrations and carry no Azure coordinates)`,
            fix: 'choose a mesh created by the "Cilium ClusterMesh on AKS" template',
          },
        ]);
      }
      const { targets, violations } = resolveGlobalServiceTargets(
        registration,
        ctx.input.clusters ?? [],
      );
      if (violations.length > 0) throw refused(key, violations);
      const entityRef = `resource:default/${registration.name}`;
      const concurrency = toolkit.settings.concurrency;

      // Read every cluster before changing any, so a missing Service or an
      // unreachable cluster stops the run with nothing half done.
      const connection = toolkit.azure();
      const clusters = await settleAll(targets, concurrency, async target => {
        const access = await getClusterAccess(
          connection,
          target.azure.resourceGroup,
          target.azure.managedCluster,
          { subscriptionId: target.azure.subscriptionId, signal: ctx.signal },
        );
        const kubeConfig = kubeConfigFor(access);
        const state = await readClusterServiceState(kubeConfig, {
          namespace,
          service,
          cluster: target.cluster,
          example: deployExample !== undefined,
        });
        return {
          target,
          kubeConfig,
          state,
          changes: serviceAnnotationChanges(
            state.serviceAnnotations ?? {},
            target,
          ),
          namespace: namespaceDecision(ctx.input.namespaceGlobal, state, {
            namespace,
            cluster: target.cluster,
          }),
          toCreate: [
            ...(state.namespaceExists ? [] : ['Namespace']),
            ...(state.deploymentExists ? [] : ['Deployment']),
            ...(state.serviceAnnotations ? [] : ['Service']),
          ],
        };
      });
      if (!deployExample) {
        const missing = clusters.filter(c => !c.state.serviceAnnotations);
        if (missing.length > 0) {
          throw refused(key, [
            {
              field: 'service',
              rule: `Service ${key} does not exist in ${missing
                .map(c => c.target.cluster)
                .join(', ')}`,
              fix: 'deploy it there first (same namespace, name and ports in every listed cluster), or set deployExample to deploy the aks-helloworld example',
            },
          ]);
        }
      }
      for (const cluster of clusters) {
        if (!cluster.state.ciliumConfigFound) {
          ctx.logger.warn(
            `${cluster.target.cluster}: no ConfigMap kube-system/cilium-config, so Cilium does not seem to run there; the annotations are set all the same`,
          );
        }
        if (cluster.namespace.warning) {
          ctx.logger.warn(
            `${cluster.target.cluster}: ${cluster.namespace.warning}`,
          );
        }
      }
      const listed = new Set(targets.map(t => t.cluster));
      const untouched = registration.clusters
        .map(c => c.name)
        .filter(name => !listed.has(name));
      if (untouched.length > 0) {
        ctx.logger.info(
          `Left as they are: ${untouched.join(
            ', ',
          )} (their clients reach ${key} only where it is global there too)`,
        );
      }

      if (ctx.isDryRun) {
        for (const cluster of clusters) {
          const { cluster: name } = cluster.target;
          const lines: string[] = [];
          if (deployExample && cluster.toCreate.length > 0) {
            lines.push(
              `would deploy the aks-helloworld example (create ${cluster.toCreate.join(
                ', ',
              )})`,
            );
          }
          if (cluster.changes.length > 0) {
            lines.push(
              `would annotate Service ${key}: ${cluster.changes.join('; ')}`,
            );
          }
          if (cluster.namespace.annotate) {
            lines.push(
              `would annotate Namespace ${namespace} ${GLOBAL_NAMESPACE_ANNOTATION}=true (${cluster.namespace.reason})`,
            );
          }
          ctx.logger.info(
            lines.length > 0
              ? `${name} (${settingsText(cluster.target)}): ${lines.join('; ')}`
              : `${name}: ${key} is already global as asked (${settingsText(
                  cluster.target,
                )}); nothing would change`,
          );
        }
        const changing = clusters.filter(
          c =>
            c.changes.length > 0 ||
            c.namespace.annotate ||
            (deployExample && c.toCreate.length > 0),
        );
        const summary = `Dry run: ${key} in mesh ${
          registration.name
        } would change in ${
          changing.length > 0
            ? changing.map(c => c.target.cluster).join(', ')
            : 'no cluster'
        }; nothing was changed`;
        ctx.logger.info(summary);
        ctx.output(
          'clusters',
          clusters.map(c => ({
            cluster: c.target.cluster,
            servicePatched: false,
            namespacePatched: false,
            annotations: c.state.serviceAnnotations ?? {},
          })),
        );
        ctx.output('summary', summary);
        ctx.output('entityRef', entityRef);
        return;
      }

      ctx.signal?.throwIfAborted();
      // Each step converges: a re-run, or a recovered task, patches nothing
      // that is already as asked.
      const results = await settleAll(clusters, concurrency, async cluster => {
        const { target, kubeConfig } = cluster;
        ctx.signal?.throwIfAborted();
        let created: string[] = [];
        if (deployExample) {
          ({ created } = await deployHelloWorld(kubeConfig, {
            namespace,
            name: service,
            title: `${
              deployExample.title ??
              `Welcome to Azure Kubernetes Service (AKS) '${service}'`
            } on ${target.cluster}`,
          }));
          ctx.logger.info(
            created.length > 0
              ? `${
                  target.cluster
                }: deployed the aks-helloworld example (created ${created.join(
                  ', ',
                )})`
              : `${target.cluster}: the aks-helloworld example is already there`,
          );
        }
        const result = await makeServiceGlobal(kubeConfig, {
          namespace,
          service,
          global: true,
          shared: target.shared,
          affinity: target.affinity,
          namespaceGlobal: cluster.namespace.annotate,
        });
        const done: string[] = [];
        if (result.servicePatched) {
          done.push(
            `annotated Service ${key}${
              cluster.changes.length > 0
                ? ` (${cluster.changes.join('; ')})`
                : ''
            }`,
          );
        }
        if (result.namespacePatched) {
          done.push(
            `annotated Namespace ${namespace} ${GLOBAL_NAMESPACE_ANNOTATION}=true (${cluster.namespace.reason})`,
          );
        }
        ctx.logger.info(
          done.length > 0
            ? `${target.cluster} (${settingsText(target)}): ${done.join('; ')}`
            : `${
                target.cluster
              }: ${key} is already global as asked (${settingsText(
                target,
              )}); nothing patched`,
        );
        return {
          cluster: target.cluster,
          servicePatched: result.servicePatched,
          namespacePatched: result.namespacePatched,
          annotations: result.annotations,
          ...(deployExample ? { exampleCreated: created } : {}),
        };
      });

      const changed = results.filter(
        r =>
          r.servicePatched ||
          r.namespacePatched ||
          (r.exampleCreated?.length ?? 0) > 0,
      );
      const asked = clusters
        .map(c => `${c.target.cluster} (${settingsText(c.target)})`)
        .join(', ');
      const summary =
        changed.length > 0
          ? `${key} is global in mesh ${
              registration.name
            }: ${asked}. Changed in ${changed.map(r => r.cluster).join(', ')}`
          : `${key} is global in mesh ${registration.name}: ${asked}. Nothing changed: every cluster was already as asked`;
      ctx.logger.info(summary);
      ctx.output('clusters', results);
      ctx.output('summary', summary);
      ctx.output('entityRef', entityRef);
    },
  });
}
