import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { ClusterAccessCache } from '../services/clusterAccessCache';
import { checkedPlan, planInput } from '../services/planInput';
import { settleAll } from '../services/settleAll';
import type { MeshToolkit } from '../services/toolkit';

export const MESH_REGISTER_ACTION_ID = 'cilium:clustermesh:register';

/**
 * Records the mesh with the cilium-clustermesh backend: its status API then
 * reads the clusters with the backend's own Azure identity, and the
 * backend's entity provider puts the mesh and its clusters in the catalog.
 * Only where each cluster is goes there (API URL, its CA, Azure
 * coordinates), never a credential.
 */
export function createMeshRegisterAction(toolkit: MeshToolkit) {
  return createTemplateAction({
    id: MESH_REGISTER_ACTION_ID,
    description:
      'Registers the planned mesh with the cilium-clustermesh backend (API URL, CA and Azure coordinates of each cluster; no credentials), so it shows in the status API and the catalog. Outputs the mesh entity reference.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Register the mesh and link to it',
        example: yaml.stringify({
          steps: [
            {
              id: 'register',
              action: MESH_REGISTER_ACTION_ID,
              input: {
                plan: '${{ steps.plan.output.plan }}',
                title: 'Cilium lab',
              },
            },
          ],
          output: {
            links: [
              {
                title: 'Open the mesh',
                entityRef: '${{ steps.register.output.entityRef }}',
              },
            ],
          },
        }),
      },
    ],
    schema: {
      input: {
        plan: z => planInput(z),
        title: z => z.string().optional().describe('Display title of the mesh'),
      },
      output: {
        entityRef: z =>
          z
            .string()
            .describe('The mesh entity, e.g. resource:default/ciliumlab'),
        clusters: z => z.array(z.string()).describe('Registered cluster names'),
      },
    },
    async handler(ctx) {
      const plan = await checkedPlan(toolkit, ctx.input.plan);
      const entityRef = `resource:default/${plan.mesh}`;
      const names = plan.clusters.map(cluster => cluster.ciliumName);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Would register mesh ${plan.mesh} with clusters ${names.join(', ')}`,
        );
        ctx.output('entityRef', entityRef);
        ctx.output('clusters', names);
        return;
      }
      const { subscriptionId } = toolkit.azure();
      const accesses = new ClusterAccessCache(toolkit, ctx.signal);
      const clusters = await settleAll(
        plan.clusters,
        toolkit.settings.concurrency,
        async cluster => {
          const access = await accesses.get(cluster);
          return {
            name: cluster.ciliumName,
            url: access.server,
            caData: access.caData,
            authProvider: 'azure' as const,
            azure: {
              subscriptionId,
              resourceGroup: cluster.resourceGroup,
              managedCluster: cluster.aksName,
            },
          };
        },
      );
      const previous = await toolkit.registry.get(plan.mesh);
      await toolkit.registry.put({
        name: plan.mesh,
        ...(ctx.input.title ?? previous?.title
          ? { title: ctx.input.title ?? previous?.title }
          : {}),
        clusters,
        ...(ctx.user?.ref ? { createdBy: ctx.user.ref } : {}),
      });
      ctx.logger.info(
        `Mesh ${plan.mesh} registered with ${
          names.length
        } clusters (${names.join(', ')}); catalog entity ${entityRef}`,
      );
      ctx.output('entityRef', entityRef);
      ctx.output('clusters', names);
    },
  });
}
