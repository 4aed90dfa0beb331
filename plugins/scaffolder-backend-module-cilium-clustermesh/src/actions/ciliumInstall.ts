import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ciliumInstallValues,
  HelmValues,
  MeshProvisioningPlan,
  PlannedCluster,
  redactedValues,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  CaKeyPair,
  caFingerprint,
  chooseMeshCa,
  createMeshCa,
  ensureCiliumRelease,
  kubeConfigFor,
  readClusterCa,
  ReleaseValues,
} from '@meshportal/plugin-cilium-clustermesh-node';
import yaml from 'yaml';
import { ClusterAccessCache } from '../services/clusterAccessCache';
import { checkedPlan, planInput } from '../services/planInput';
import { settleAll } from '../services/settleAll';
import type { MeshToolkit } from '../services/toolkit';

export const CILIUM_INSTALL_ACTION_ID = 'cilium:install';

/**
 * Installs Cilium on every planned cluster with the mesh's one CA — what the
 * seed does by hand with `cilium-ca` — reusing the CA the clusters already
 * share, and refusing when two hold different ones. Values are checked
 * against the chart's schema before Helm runs; a cluster whose release
 * already has exactly these values is left alone (no new revision), and
 * peers a later connect step configured are kept.
 */
export function createCiliumInstallAction(toolkit: MeshToolkit) {
  return createTemplateAction({
    id: CILIUM_INSTALL_ACTION_ID,
    description:
      'Installs Cilium (BYOCNI, kube-proxy replacement, Prometheus metrics, clustermesh-apiserver behind an internal Azure load balancer) with one shared CA on every cluster of a cilium:mesh:plan plan. Values are validated against the chart schema first; unchanged releases get no new revision.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Install Cilium on the planned clusters',
        example: yaml.stringify({
          steps: [
            {
              id: 'install',
              action: CILIUM_INSTALL_ACTION_ID,
              input: { plan: '${{ steps.plan.output.plan }}' },
            },
          ],
        }),
      },
    ],
    schema: {
      input: { plan: z => planInput(z) },
      output: {
        clusters: z =>
          z.array(
            z.object({
              aksName: z.string(),
              changed: z.boolean(),
              revision: z.number(),
            }),
          ),
        caFingerprint: z =>
          z.string().describe('SHA-256 fingerprint of the mesh CA certificate'),
        values: z =>
          z
            .record(z.unknown())
            .optional()
            .describe(
              'Dry run only: the Helm values per cluster, CA not shown',
            ),
      },
    },
    async handler(ctx) {
      const plan = await checkedPlan(toolkit, ctx.input.plan);
      const schemas = toolkit.schemas();
      if (ctx.isDryRun) {
        const placeholderCa = { certPem: 'dry-run', keyPem: 'dry-run' };
        const values: Record<string, HelmValues> = {};
        for (const cluster of plan.clusters) {
          const planned = installValues(
            plan,
            cluster,
            `<API server FQDN of ${cluster.aksName}>`,
            placeholderCa,
          );
          await schemas.check(plan.cilium.chartVersion, planned);
          values[cluster.aksName] = redactedValues(planned);
        }
        ctx.logger.info(
          `Would install Cilium ${
            plan.cilium.chartVersion
          } with one mesh CA; Helm values (checked against the chart's schema):\n${yaml.stringify(
            values,
          )}`,
        );
        ctx.output('clusters', []);
        ctx.output('caFingerprint', '');
        ctx.output('values', values);
        return;
      }

      const accesses = new ClusterAccessCache(toolkit, ctx.signal);
      const found = await settleAll(
        plan.clusters,
        toolkit.settings.concurrency,
        async cluster => ({
          cluster: cluster.aksName,
          ca: await readClusterCa(kubeConfigFor(await accesses.get(cluster))),
        }),
      );
      const choice = chooseMeshCa(found);
      const ca =
        choice.kind === 'reuse'
          ? choice.ca
          : await createMeshCa(`Cilium CA ${plan.mesh}`);
      const fingerprint = caFingerprint(ca.certPem);
      ctx.logger.info(
        choice.kind === 'reuse'
          ? `Mesh CA ${fingerprint} (already on ${choice.clusters.join(', ')})`
          : `New mesh CA ${fingerprint}: no cluster holds one yet`,
      );

      const results = await settleAll(
        plan.clusters,
        toolkit.settings.concurrency,
        async cluster => {
          const access = await accesses.get(cluster);
          const result = await ensureCiliumRelease(toolkit.helm(), access, {
            chartVersion: plan.cilium.chartVersion,
            desiredValues: current =>
              keepPeers(installValues(plan, cluster, access.fqdn, ca), current),
            wait: true,
            waitTimeoutMs: toolkit.settings.helmWaitTimeoutMs,
            schemas,
            signal: ctx.signal,
          });
          ctx.logger.info(
            result.changed
              ? `${cluster.aksName}: Cilium ${plan.cilium.chartVersion} installed (revision ${result.revision})`
              : `${cluster.aksName}: Cilium already as planned (revision ${result.revision})`,
          );
          return {
            aksName: cluster.aksName,
            changed: result.changed,
            revision: result.revision,
          };
        },
      );
      ctx.output('clusters', results);
      ctx.output('caFingerprint', fingerprint);
    },
  });
}

function installValues(
  plan: MeshProvisioningPlan,
  cluster: PlannedCluster,
  apiServerHost: string,
  ca: CaKeyPair,
): HelmValues {
  return ciliumInstallValues({
    options: plan.cilium,
    cluster,
    apiServerHost,
    ca,
  });
}

/** Peers belong to the connect step: installing again must not drop them. */
function keepPeers(
  desired: HelmValues,
  current?: ReleaseValues,
): ReleaseValues {
  const currentMesh = current?.clustermesh as ReleaseValues | undefined;
  if (!currentMesh?.config) return desired;
  return {
    ...desired,
    clustermesh: {
      ...(desired.clustermesh as HelmValues),
      config: currentMesh.config,
    },
  };
}
