import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  buildMeshStatus,
  meshReadiness,
  MeshReadiness,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  ClusterObserver,
  kubeConfigFor,
} from '@meshportal/plugin-cilium-clustermesh-node';
import yaml from 'yaml';
import { ClusterAccessCache } from '../services/clusterAccessCache';
import { checkedPlan, planInput } from '../services/planInput';
import type { MeshToolkit } from '../services/toolkit';

export const CLUSTERMESH_WAIT_ACTION_ID = 'cilium:clustermesh:wait';

/** One cluster's read must not hold up the others' for longer than this. */
const OBSERVE_TIMEOUT_MS = 15_000;

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
      const deadline = Date.now() + timeoutMs;
      const accesses = new ClusterAccessCache(toolkit, ctx.signal);
      const observers = plan.clusters.map(
        cluster =>
          new ClusterObserver(cluster.ciliumName, async () =>
            kubeConfigFor(await accesses.get(cluster)),
          ),
      );
      let last: MeshReadiness | undefined;
      let lastReport = '';
      try {
        for (;;) {
          ctx.signal?.throwIfAborted();
          const observeBy = new Date(
            Math.min(deadline, Date.now() + OBSERVE_TIMEOUT_MS),
          );
          const observations = await Promise.all(
            observers.map(observer =>
              observer.observe({
                deadline: observeBy,
                certificateProbe: false,
                signal: ctx.signal,
              }),
            ),
          );
          const status = buildMeshStatus({
            mesh: plan.mesh,
            observations,
            now: new Date(),
          });
          last = meshReadiness(status, names);
          if (last.ready) {
            ctx.logger.info(
              `Mesh ${plan.mesh} is ready: every agent of ${names.length} clusters sees every peer (${expectedLinks} directed links)`,
            );
            ctx.output('links', expectedLinks);
            return;
          }
          const report = last.lines.join('\n');
          if (report !== lastReport) {
            ctx.logger.info(
              `Waiting for ${last.pending} of the mesh's clusters and links:\n${report}`,
            );
            lastReport = report;
          }
          if (Date.now() >= deadline) break;
          await sleep(
            Math.min(
              toolkit.settings.meshReadyPollMs,
              Math.max(0, deadline - Date.now()),
            ),
            ctx.signal,
          );
        }
      } finally {
        for (const observer of observers) observer.close();
      }
      throw new Error(
        `Mesh ${plan.mesh} was not ready after ${Math.round(
          timeoutMs / 1000,
        )} s; still waiting for:\n${last?.lines.join('\n') ?? 'every cluster'}`,
      );
    },
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
