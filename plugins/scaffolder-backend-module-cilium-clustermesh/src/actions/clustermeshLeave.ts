import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  clustermeshPeerValues,
  formatViolations,
  RuleViolation,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  CiliumRelease,
  ClusterAccess,
  ensureCiliumRelease,
  getManagedCluster,
  readCiliumRelease,
  ReleaseValues,
} from '@meshportal/plugin-cilium-clustermesh-node';
import yaml from 'yaml';
import { ClusterAccessCache } from '../services/clusterAccessCache';
import { waitForMeshReady } from '../services/meshWait';
import { RegisteredMember, registeredMesh } from '../services/registeredMesh';
import { settleAll } from '../services/settleAll';
import type { MeshToolkit } from '../services/toolkit';

export const CLUSTERMESH_LEAVE_ACTION_ID = 'cilium:clustermesh:leave';

/** Cilium's mesh needs two clusters; fewer is no mesh to keep registered. */
const MIN_MESH_SIZE = 2;

interface Member {
  member: RegisteredMember;
  access: ClusterAccess;
  release: CiliumRelease;
}

/**
 * Takes one cluster out of a mesh cleanly: every other cluster drops it from
 * its peer set (one Helm upgrade each, none where it is not listed), the
 * leaving cluster's own peer set is emptied, the rest is waited on until it
 * is fully meshed and no longer sees the leaver, and the registration is
 * written without it. The AKS cluster itself is left running: deleting a
 * cluster is a decision this action does not take.
 */
export function createClustermeshLeaveAction(toolkit: MeshToolkit) {
  return createTemplateAction({
    id: CLUSTERMESH_LEAVE_ACTION_ID,
    description:
      'Removes a cluster from a registered Cilium ClusterMesh: drops it from every other cluster’s peer set (one Helm upgrade each, unchanged ones skipped), empties its own peer set, waits until the remaining clusters are meshed and no longer see it, and registers the mesh without it. Does NOT delete the AKS cluster, which keeps running Cilium on its own.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Take the fourth cluster out of a mesh',
        example: yaml.stringify({
          steps: [
            {
              id: 'leave',
              action: CLUSTERMESH_LEAVE_ACTION_ID,
              input: { mesh: 'ciliumlab', cluster: 'ciliumlab-4' },
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
              'Name of a mesh registered with the cilium-clustermesh backend',
            ),
        cluster: z =>
          z
            .string()
            .describe(
              'Cilium cluster name (cluster.name) of the cluster that leaves',
            ),
        timeoutSeconds: z =>
          z
            .number()
            .positive()
            .optional()
            .describe(
              'How long to wait for the remaining mesh; default ciliumClusterMesh.provisioning.meshReadyTimeoutSeconds (600)',
            ),
      },
      output: {
        entityRef: z =>
          z
            .string()
            .describe('The mesh entity, e.g. resource:default/ciliumlab'),
        clusters: z => z.array(z.string()).describe('Clusters the mesh keeps'),
        changed: z =>
          z
            .array(
              z.object({
                cluster: z.string(),
                changed: z.boolean(),
                revision: z.number(),
              }),
            )
            .describe('Helm upgrades per cluster (the leaver last)'),
      },
    },
    async handler(ctx) {
      const { mesh, cluster: leaving } = ctx.input;
      const { registration, members } = await registeredMesh(toolkit, mesh);
      const remaining = members.filter(m => m.ciliumName !== leaving);
      const leaver = refuseLeave(
        mesh,
        leaving,
        members.find(m => m.ciliumName === leaving),
        remaining,
      );
      const remainingNames = remaining.map(m => m.ciliumName);
      const entityRef = `resource:default/${mesh}`;
      const keeps = `The AKS cluster ${leaver.aksName} (${leaver.resourceGroup}) is not deleted: it keeps running Cilium outside the mesh; delete it in Azure if it is no longer needed`;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Would remove ${leaving} from the peer sets of ${remainingNames.join(
            ', ',
          )}, empty ${leaving}'s own peer set, wait until ${remainingNames.join(
            ', ',
          )} are meshed, and register mesh ${mesh} with them. ${keeps}.`,
        );
        ctx.output('entityRef', entityRef);
        ctx.output('clusters', remainingNames);
        ctx.output('changed', []);
        return;
      }

      ctx.logger.info(
        `Removing ${leaving} from mesh ${mesh} (${remainingNames.join(
          ', ',
        )} stay). ${keeps}.`,
      );
      // Read everything first: a cluster without Cilium or out of reach
      // stops the leave before any cluster changes.
      const { subscriptionId } = toolkit.azure();
      const { concurrency } = toolkit.settings;
      const accesses = new ClusterAccessCache(toolkit, ctx.signal);
      const [others, leaverState] = await Promise.all([
        settleAll(remaining, concurrency, member =>
          readMember(toolkit, accesses, member, ctx.signal),
        ),
        (async () => {
          const exists = await getManagedCluster(
            toolkit.arm(),
            subscriptionId,
            leaver.resourceGroup,
            leaver.aksName,
            { signal: ctx.signal },
          );
          if (!exists) {
            ctx.logger.info(
              `${leaving}: AKS cluster ${leaver.aksName} no longer exists in Azure; only the other clusters change`,
            );
            return undefined;
          }
          const state = await readMember(
            toolkit,
            accesses,
            leaver,
            ctx.signal,
            false,
          );
          if (!state) {
            ctx.logger.info(
              `${leaving}: Cilium is not installed, so it has no peers to clear`,
            );
          }
          return state;
        })(),
      ]);

      // One upgrade per cluster, all at once: the others drop the leaver,
      // the leaver drops them; either side alone already cuts the links.
      const upgrades = [
        ...others.map(state => ({
          state,
          desired: (current: ReleaseValues) => withoutPeer(current, leaving),
          done: (revision: number) =>
            `${leaving} removed from its peers (revision ${revision})`,
          unchanged: `does not list ${leaving} as a peer`,
        })),
        ...(leaverState
          ? [
              {
                state: leaverState,
                desired: (current: ReleaseValues) =>
                  withNoPeers(current, leaverState.release.chartVersion),
                done: (revision: number) =>
                  `peer set emptied (revision ${revision})`,
                unchanged: 'has no peers already',
              },
            ]
          : []),
      ];
      const changed = await settleAll(upgrades, concurrency, async upgrade => {
        const { state } = upgrade;
        const result = await ensureCiliumRelease(toolkit.helm(), state.access, {
          chartVersion: state.release.chartVersion,
          desiredValues: current => upgrade.desired(current ?? {}),
          schemas: toolkit.schemas(),
          signal: ctx.signal,
        });
        ctx.logger.info(
          `${state.member.ciliumName}: ${
            result.changed ? upgrade.done(result.revision) : upgrade.unchanged
          }`,
        );
        return {
          cluster: state.member.ciliumName,
          changed: result.changed,
          revision: result.revision,
        };
      });

      await waitForMeshReady(toolkit, {
        mesh,
        clusters: remaining,
        departed: [
          {
            ciliumName: leaving,
            ...(leaverState ? { cluster: leaver } : {}),
          },
        ],
        timeoutMs:
          (ctx.input.timeoutSeconds ?? 0) * 1000 ||
          toolkit.settings.meshReadyTimeoutMs,
        logger: ctx.logger,
        signal: ctx.signal,
      });

      await toolkit.registry.put({
        name: mesh,
        ...(registration.title ? { title: registration.title } : {}),
        clusters: registration.clusters.filter(c => c.name !== leaving),
        ...(registration.createdBy
          ? { createdBy: registration.createdBy }
          : {}),
      });
      ctx.logger.info(
        `Mesh ${mesh} registered with ${
          remainingNames.length
        } clusters (${remainingNames.join(', ')}). ${keeps}.`,
      );
      ctx.output('entityRef', entityRef);
      ctx.output('clusters', remainingNames);
      ctx.output('changed', changed);
    },
  });
}

/** The leaving member, when the leave is allowed; refuses it with field, rule and fix otherwise. */
function refuseLeave(
  mesh: string,
  leaving: string,
  leaver: RegisteredMember | undefined,
  remaining: RegisteredMember[],
): RegisteredMember {
  const violations: RuleViolation[] = [];
  if (!leaver) {
    violations.push({
      field: 'cluster',
      rule: `"${leaving}" is not a cluster of mesh ${mesh} (its clusters: ${remaining
        .map(m => m.ciliumName)
        .join(', ')})`,
      fix: 'name the leaving cluster by its Cilium cluster name, as the mesh page lists it',
    });
  } else if (remaining.length < MIN_MESH_SIZE) {
    violations.push({
      field: 'cluster',
      rule: `a mesh keeps at least ${MIN_MESH_SIZE} clusters, and without ${leaving} mesh ${mesh} would have ${
        remaining.length
      } (${remaining.map(m => m.ciliumName).join(', ') || 'none'})`,
      fix: 'join another cluster first, or take the whole mesh down instead of leaving it',
    });
  }
  if (!leaver || violations.length > 0) {
    throw new InputError(
      `${leaving} cannot leave mesh ${mesh}; nothing was changed:\n${formatViolations(
        violations,
      )}`,
    );
  }
  return leaver;
}

async function readMember(
  toolkit: MeshToolkit,
  accesses: ClusterAccessCache,
  member: RegisteredMember,
  signal: AbortSignal | undefined,
): Promise<Member>;
async function readMember(
  toolkit: MeshToolkit,
  accesses: ClusterAccessCache,
  member: RegisteredMember,
  signal: AbortSignal | undefined,
  required: false,
): Promise<Member | undefined>;
async function readMember(
  toolkit: MeshToolkit,
  accesses: ClusterAccessCache,
  member: RegisteredMember,
  signal: AbortSignal | undefined,
  required = true,
): Promise<Member | undefined> {
  const access = await accesses.get(member);
  const release = await readCiliumRelease(toolkit.helm(), access, signal);
  if (!release) {
    if (!required) return undefined;
    throw new InputError(
      `${member.ciliumName}: Cilium is not installed on AKS cluster ${member.aksName} (no helm release cilium in kube-system), so its peers cannot be changed; nothing was changed. Fix: install it with the ClusterMesh template, or remove the cluster from the mesh registration`,
    );
  }
  return { member, access, release };
}

/** The release's values with `name` gone from its ClusterMesh peers, whichever format (list or map) they are in. */
function withoutPeer(current: ReleaseValues, name: string): ReleaseValues {
  const mesh = current.clustermesh as ReleaseValues | undefined;
  const config = mesh?.config as ReleaseValues | undefined;
  const clusters = config?.clusters;
  if (!mesh || !config || !clusters || typeof clusters !== 'object') {
    return current;
  }
  const kept = Array.isArray(clusters)
    ? clusters.filter(peer => (peer as { name?: unknown })?.name !== name)
    : Object.fromEntries(
        Object.entries(clusters as ReleaseValues).filter(
          ([peer]) => peer !== name,
        ),
      );
  return {
    ...current,
    clustermesh: { ...mesh, config: { ...config, clusters: kept } },
  };
}

/** The release's values with an empty peer set in its chart's format. */
function withNoPeers(
  current: ReleaseValues,
  chartVersion: string,
): ReleaseValues {
  const empty = clustermeshPeerValues(chartVersion, []) as {
    clustermesh: ReleaseValues;
  };
  const mesh = (current.clustermesh as ReleaseValues | undefined) ?? {};
  return {
    ...current,
    clustermesh: {
      ...mesh,
      config: {
        ...((mesh.config as ReleaseValues | undefined) ?? {}),
        ...(empty.clustermesh.config as ReleaseValues),
      },
    },
  };
}
