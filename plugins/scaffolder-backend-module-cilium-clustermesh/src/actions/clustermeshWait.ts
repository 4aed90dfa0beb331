import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { waitForMeshReady } from '../services/meshWait';
import { checkedPlan, planInput } from '../services/planInput';
import type { MeshToolkit } from '../services/toolkit';

export const CLUSTERMESH_WAIT_ACTION_ID = 'cilium:clustermesh:wait';

/**
 * Waits until every agent of every cluster reports every peer ready, judged
 * by the same observer and status model the backend serves, so "the
 * template finished" and "the portal shows it healthy" mean the same thing.
 * Logs a per-peer report whenever it changes and fails with it on timeout.
 */
export function createClustermeshWaitAction(toolkit: MeshToolkit) {
  return createTemplateAction({
    id: CLUSTERMESH_WAIT_ACTION_ID,
    description:
      'Waits until every Cilium agent (and KVStoreMesh) of every planned cluster reports every peer ready, with a per-peer report in the log; fails with that report after the timeout.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Wait up to 15 minutes for the mesh',
        example: yaml.stringify({
          steps: [
            {
              id: 'wait',
              action: CLUSTERMESH_WAIT_ACTION_ID,
              input: {
                plan: '${{ steps.plan.output.plan }}',
                timeoutSeconds: 900,
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        plan: z => planInput(z),
        timeoutSeconds: z =>
          z
            .number()
            .positive()
            .optional()
            .describe(
              'How long to wait; default ciliumClusterMesh.provisioning.meshReadyTimeoutSeconds (600)',
            ),
      },
      output: {
        links: z =>
          z.number().describe('Directed links ready between planned clusters'),
      },
    },
    async handler(ctx) {
      const plan = await checkedPlan(toolkit, ctx.input.plan);
      const names = plan.clusters.map(cluster => cluster.ciliumName);
      const expectedLinks = names.length * (names.length - 1);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Would wait until ${expectedLinks} directed links between ${names.join(
            ', ',
          )} are ready`,
        );
        ctx.output('links', 0);
        return;
      }
      const timeoutMs =
        (ctx.input.timeoutSeconds ?? 0) * 1000 ||
        toolkit.settings.meshReadyTimeoutMs;
      const links = await waitForMeshReady(toolkit, {
        mesh: plan.mesh,
        clusters: plan.clusters,
        timeoutMs,
        logger: ctx.logger,
        signal: ctx.signal,
      });
      ctx.output('links', links);
    },
  });
}
