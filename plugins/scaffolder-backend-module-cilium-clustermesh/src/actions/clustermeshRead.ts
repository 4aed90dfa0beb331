import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { readMeshPlan } from '../services/meshReader';
import { planSummary } from '../services/planSummary';
import type { MeshToolkit } from '../services/toolkit';

export const CLUSTERMESH_READ_ACTION_ID = 'cilium:clustermesh:read';

/**
 * Turns a registered mesh back into the plan that would build it, from what
 * Azure and Helm say rather than what a form once said: a join plans its new
 * clusters against that, and re-running the existing clusters' steps with it
 * changes nothing. Only reads, so a dry run does exactly what a real run does.
 */
export function createClustermeshReadAction(toolkit: MeshToolkit) {
  return createTemplateAction({
    id: CLUSTERMESH_READ_ACTION_ID,
    description:
      'Reads a registered mesh as a cilium:mesh:plan plan: each cluster’s AKS resource (location, pod/service ranges, node pool, subnet or spoke VNet) through ARM, its Cilium release (name, id, chart version, mesh options) through Helm, and the virtual hub its spokes are connected to. Read only; never outputs release values (they hold the mesh CA key).',
    supportsDryRun: true,
    examples: [
      {
        description: 'Read a mesh to join a cluster to it',
        example: yaml.stringify({
          steps: [
            {
              id: 'read',
              action: CLUSTERMESH_READ_ACTION_ID,
              input: { mesh: 'ciliumlab' },
            },
            {
              id: 'plan',
              action: 'cilium:mesh:plan',
              input: {
                mesh: 'ciliumlab',
                location: '${{ steps.read.output.clusterDefaults.location }}',
                clusterCount: 1,
                existing: '${{ steps.read.output.plan }}',
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
              'Name of a mesh registered with the cilium-clustermesh backend (one the ClusterMesh template created)',
            ),
      },
      output: {
        plan: z =>
          z
            .object({ mesh: z.string() })
            .passthrough()
            .describe(
              'The mesh as a plan (clusters, hub, Cilium options); no secrets',
            ),
        summary: z => z.string().describe('One line per cluster'),
        clusterNames: z =>
          z.array(z.string()).describe('Cilium names of the mesh’s clusters'),
        clusterDefaults: z =>
          z
            .object({
              location: z.string(),
              kubernetesVersion: z.string(),
              nodeCount: z.number(),
              vmSize: z.string(),
            })
            .describe(
              'Location, Kubernetes version and node pool of the mesh’s last cluster, for clusters a join adds',
            ),
      },
    },
    async handler(ctx) {
      const reading = await readMeshPlan(toolkit, ctx.input.mesh, ctx.signal);
      const { plan } = reading;
      const summary = planSummary(plan);
      ctx.logger.info(
        `Mesh ${plan.mesh} runs Cilium ${plan.cilium.chartVersion} on ${plan.clusters.length} clusters:\n${summary}`,
      );
      for (const note of reading.notes) ctx.logger.warn(note);
      ctx.output('plan', plan as unknown as { mesh: string });
      ctx.output('summary', summary);
      ctx.output(
        'clusterNames',
        plan.clusters.map(cluster => cluster.ciliumName),
      );
      ctx.output('clusterDefaults', reading.clusterDefaults);
    },
  });
}
