import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  checkMeshPlan,
  clustermeshPeerValues,
  formatViolations,
  MeshPeer,
  MeshProvisioningPlan,
  PlannedCluster,
  RuleViolation,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  caFingerprint,
  CiliumRelease,
  ClusterAccess,
  ensureCiliumRelease,
  ReleaseValues,
  kubeConfigFor,
  readCiliumRelease,
  readClusterCa,
  waitForClustermeshApiserverAddress,
} from '@meshportal/plugin-cilium-clustermesh-node';
import yaml from 'yaml';
import { ClusterAccessCache } from '../services/clusterAccessCache';
import { checkedPlan, planInput } from '../services/planInput';
import { settleAll } from '../services/settleAll';
import type { MeshToolkit } from '../services/toolkit';

export const CLUSTERMESH_CONNECT_ACTION_ID = 'cilium:clustermesh:connect';

interface MemberState {
  cluster: PlannedCluster;
  access: ClusterAccess;
  release: CiliumRelease;
  caFingerprint?: string;
}

/**
 * Connects every cluster of the plan to every other: reads what each
 * cluster runs, refuses before any change when Cilium would reject or
 * mis-route the mesh, waits for each clustermesh-apiserver's internal load
 * balancer address, then gives each cluster the full peer set in one Helm
 * upgrade in its chart's format — N upgrades, not one per pair, and none
 * for a cluster that already has exactly that peer set.
 */
export function createClustermeshConnectAction(toolkit: MeshToolkit) {
  return createTemplateAction({
    id: CLUSTERMESH_CONNECT_ACTION_ID,
    description:
      'Connects every cluster of a cilium:mesh:plan plan to every other: preflight (names, ids, maxConnectedClusters, one CA, pod CIDRs, apiserver addresses), then one Helm upgrade per cluster with the full peer set (list before chart 1.19, map after). Unchanged clusters get no new revision.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Connect the planned clusters',
        example: yaml.stringify({
          steps: [
            {
              id: 'connect',
              action: CLUSTERMESH_CONNECT_ACTION_ID,
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
              peers: z.array(z.string()),
              changed: z.boolean(),
              revision: z.number(),
            }),
          ),
      },
    },
    async handler(ctx) {
      const plan = await checkedPlan(toolkit, ctx.input.plan);
      if (ctx.isDryRun) {
        for (const cluster of plan.clusters) {
          ctx.logger.info(
            `Would connect ${cluster.ciliumName} to ${peerNames(
              plan,
              cluster,
            ).join(', ')}`,
          );
        }
        ctx.output('clusters', []);
        return;
      }
      const accesses = new ClusterAccessCache(toolkit, ctx.signal);
      const { concurrency } = toolkit.settings;

      const members = await settleAll(plan.clusters, concurrency, cluster =>
        readMember(toolkit, accesses, cluster, ctx.signal),
      );
      refuseBrokenMesh(plan, members);

      const addresses = await settleAll(members, concurrency, async member => {
        const address = await waitForClustermeshApiserverAddress(
          kubeConfigFor(member.access),
          {
            timeoutMs: toolkit.settings.loadBalancerTimeoutMs,
            signal: ctx.signal,
            onWaiting: ({ reason, elapsedMs }) =>
              ctx.logger.info(
                `${
                  member.cluster.aksName
                }: clustermesh-apiserver has no address yet (${reason}, ${Math.round(
                  elapsedMs / 1000,
                )} s)`,
              ),
          },
        );
        ctx.logger.info(
          `${
            member.cluster.aksName
          }: clustermesh-apiserver at ${address.ips.join(', ')}:${
            address.port
          }`,
        );
        return {
          name: member.cluster.ciliumName,
          ips: address.ips,
          port: address.port,
        } satisfies MeshPeer;
      });

      const results = await settleAll(members, concurrency, async member => {
        const peers = addresses.filter(
          peer => peer.name !== member.cluster.ciliumName,
        );
        const result = await ensureCiliumRelease(
          toolkit.helm(),
          member.access,
          {
            chartVersion: member.release.chartVersion,
            desiredValues: current => withPeers(current ?? {}, member, peers),
            schemas: toolkit.schemas(),
            signal: ctx.signal,
          },
        );
        ctx.logger.info(
          `${member.cluster.aksName}: ${
            result.changed
              ? `connected to ${peers.length} peers (revision ${result.revision})`
              : `already connected to its ${peers.length} peers`
          }`,
        );
        return {
          aksName: member.cluster.aksName,
          peers: peers.map(peer => peer.name),
          changed: result.changed,
          revision: result.revision,
        };
      });
      ctx.output('clusters', results);
    },
  });
}

async function readMember(
  toolkit: MeshToolkit,
  accesses: ClusterAccessCache,
  cluster: PlannedCluster,
  signal?: AbortSignal,
): Promise<MemberState> {
  const access = await accesses.get(cluster);
  const release = await readCiliumRelease(toolkit.helm(), access, signal);
  if (!release) {
    throw new InputError(
      `${cluster.aksName}: Cilium is not installed (no helm release cilium in kube-system). Fix: run cilium:install for this plan first`,
    );
  }
  const ca = await readClusterCa(kubeConfigFor(access));
  return {
    cluster,
    access,
    release,
    ...(ca ? { caFingerprint: caFingerprint(ca.certPem) } : {}),
  };
}

/** What the clusters actually run must form a valid mesh, whatever the plan says. */
function refuseBrokenMesh(
  plan: MeshProvisioningPlan,
  members: MemberState[],
): void {
  const violations: RuleViolation[] = [];
  const running = members.map(member => {
    const values = member.release.values;
    const cluster = (values.cluster ?? {}) as { name?: string; id?: number };
    const pools = (
      (values.ipam as ReleaseValues | undefined)?.operator as
        | ReleaseValues
        | undefined
    )?.clusterPoolIPv4PodCIDRList as string[] | undefined;
    const mesh = (values.clustermesh ?? {}) as {
      maxConnectedClusters?: number;
    };
    return {
      member,
      name: cluster.name ?? '',
      id: Number(cluster.id ?? 0),
      podCidr: pools?.[0] ?? '',
      maxConnectedClusters: mesh.maxConnectedClusters ?? 255,
    };
  });
  const meshViolations = checkMeshPlan({
    maxConnectedClusters: running[0]?.maxConnectedClusters ?? 255,
    clusters: running.map(({ name, id, podCidr }) => ({ name, id, podCidr })),
  });
  violations.push(
    ...meshViolations.map(v => ({
      ...v,
      field: v.field.replace(
        /^clusters\[(\d+)\]\.?(\w*)/,
        (_whole, index: string, property: string) =>
          `${running[Number(index)].member.cluster.aksName} Cilium ${
            { name: 'cluster.name', id: 'cluster.id', podCidr: 'pod CIDR' }[
              property
            ] ?? property
          }`,
      ),
    })),
  );
  for (const { member, name } of running) {
    if (name !== member.cluster.ciliumName) {
      violations.push({
        field: `${member.cluster.aksName} cluster.name`,
        rule: `Cilium runs as "${name}" but the plan names it "${member.cluster.ciliumName}"`,
        fix: 'run cilium:install with this plan, or plan the cluster under the name it runs with',
      });
    }
  }
  const maxima = new Set(running.map(r => r.maxConnectedClusters));
  if (maxima.size > 1) {
    violations.push({
      field: 'clustermesh.maxConnectedClusters',
      rule: `must be equal on every cluster (found ${running
        .map(r => `${r.member.cluster.aksName} ${r.maxConnectedClusters}`)
        .join(', ')})`,
      fix: 'it is fixed at install: mesh only clusters installed with the same value',
    });
  }
  const withoutCa = running.filter(r => !r.member.caFingerprint);
  for (const { member } of withoutCa) {
    violations.push({
      field: `${member.cluster.aksName} Secret kube-system/cilium-ca`,
      rule: 'is missing, so its clustermesh certificates have no shared CA',
      fix: 'run cilium:install with this plan',
    });
  }
  const fingerprints = new Set(
    running.flatMap(r =>
      r.member.caFingerprint ? [r.member.caFingerprint] : [],
    ),
  );
  if (fingerprints.size > 1) {
    violations.push({
      field: 'Secret kube-system/cilium-ca',
      rule: `clusters hold different CAs (${[...fingerprints]
        .map(
          fingerprint =>
            `${running
              .filter(r => r.member.caFingerprint === fingerprint)
              .map(r => r.member.cluster.aksName)
              .join(', ')}: ${fingerprint.slice(0, 23)}…`,
        )
        .join('; ')}); peers would refuse each other's certificates`,
      fix: 'run cilium:install with this plan, which gives every cluster the mesh CA',
    });
  }
  if (violations.length > 0) {
    throw new InputError(
      `Mesh ${
        plan.mesh
      } cannot be connected; nothing was changed:\n${formatViolations(
        violations,
      )}`,
    );
  }
}

/** The release's values with exactly `peers` as its ClusterMesh peers. */
function withPeers(
  current: ReleaseValues,
  member: MemberState,
  peers: MeshPeer[],
): ReleaseValues {
  const peerValues = clustermeshPeerValues(
    member.release.chartVersion,
    peers,
  ) as { clustermesh: ReleaseValues };
  return {
    ...current,
    clustermesh: {
      ...((current.clustermesh as ReleaseValues | undefined) ?? {}),
      ...peerValues.clustermesh,
    },
  };
}

function peerNames(
  plan: MeshProvisioningPlan,
  cluster: PlannedCluster,
): string[] {
  return plan.clusters
    .filter(other => other.ciliumName !== cluster.ciliumName)
    .map(other => other.ciliumName);
}
