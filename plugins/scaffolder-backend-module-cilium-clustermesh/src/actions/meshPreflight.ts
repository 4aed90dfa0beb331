import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  checkMeshPlan,
  formatViolations,
} from '@meshportal/plugin-cilium-clustermesh-common';
import yaml from 'yaml';

export const MESH_PREFLIGHT_ACTION_ID = 'cilium:mesh:preflight';
const DEFAULT_MAX_CONNECTED_CLUSTERS = 255;

/**
 * Refuses a mesh layout Cilium would reject or route wrongly, before any
 * cluster is created or changed. Pure, so dry runs check exactly what real runs do.
 */
export function createMeshPreflightAction() {
  return createTemplateAction({
    id: MESH_PREFLIGHT_ACTION_ID,
    description:
      'Checks cluster names, cluster ids, maxConnectedClusters and pod/service CIDRs of a planned Cilium ClusterMesh; fails with the field, the rule and the fix.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Check a three-cluster mesh before provisioning it',
        example: yaml.stringify({
          steps: [
            {
              id: 'preflight',
              action: MESH_PREFLIGHT_ACTION_ID,
              name: 'Check the mesh layout',
              input: {
                maxConnectedClusters: 255,
                clusters: [
                  {
                    name: 'aks-1',
                    id: 1,
                    podCidr: '10.1.0.0/16',
                    serviceCidr: '10.0.0.0/16',
                  },
                  {
                    name: 'aks-2',
                    id: 2,
                    podCidr: '10.2.0.0/16',
                    serviceCidr: '10.0.0.0/16',
                  },
                  {
                    name: 'aks-3',
                    id: 3,
                    podCidr: '10.3.0.0/16',
                    serviceCidr: '10.0.0.0/16',
                  },
                ],
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        maxConnectedClusters: z =>
          z
            .number()
            .int()
            .optional()
            .describe(
              'clustermesh.maxConnectedClusters: 255 (default) or 511, equal on every cluster, fixed at install',
            ),
        clusters: z =>
          z
            .array(
              z.object({
                name: z.string().describe('Cilium cluster.name'),
                id: z.number().describe('Cilium cluster.id'),
                podCidr: z
                  .string()
                  .describe('Cilium cluster-pool pod CIDR, unique in the mesh'),
                serviceCidr: z
                  .string()
                  .optional()
                  .describe('Kubernetes service CIDR'),
              }),
            )
            .describe('Every cluster of the mesh as it will be configured'),
      },
      output: {
        clusterNames: z =>
          z.array(z.string()).describe('The names of the checked clusters'),
      },
    },
    async handler(ctx) {
      const violations = checkMeshPlan({
        maxConnectedClusters:
          ctx.input.maxConnectedClusters ?? DEFAULT_MAX_CONNECTED_CLUSTERS,
        clusters: ctx.input.clusters,
      });
      if (violations.length > 0) {
        throw new InputError(
          `The mesh layout would not work:\n${formatViolations(violations)}`,
        );
      }
      ctx.logger.info(
        `Mesh layout of ${ctx.input.clusters.length} clusters passes preflight`,
      );
      ctx.output(
        'clusterNames',
        ctx.input.clusters.map(cluster => cluster.name),
      );
    },
  });
}
