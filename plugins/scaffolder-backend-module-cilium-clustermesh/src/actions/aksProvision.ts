import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  isSpokeVnet,
  MeshProvisioningPlan,
  PlannedCluster,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  ensureByocniCluster,
  ensureHubConnection,
  ensureResourceGroup,
  ensureSpokeVnet,
  ensureVirtualHub,
  ensureVirtualWan,
  virtualNetworkIdOf,
} from '@meshportal/plugin-cilium-clustermesh-node';
import yaml from 'yaml';
import { checkedPlan, planInput } from '../services/planInput';
import { settleAll } from '../services/settleAll';
import type { MeshToolkit } from '../services/toolkit';

export const AKS_PROVISION_ACTION_ID = 'azure:aks:provision';

/**
 * Creates what the plan needs in Azure, the way the seed does by hand:
 * resource groups, a spoke VNet per cluster joined to a virtual WAN hub
 * (connections only once the hub routes), and BYOCNI clusters with
 * kube-proxy off. Everything is read first and left alone when it already
 * matches, so a second run changes nothing and a run after a failure
 * finishes the rest. Credentials come from backend config, never the form.
 */
export function createAksProvisionAction(toolkit: MeshToolkit) {
  return createTemplateAction({
    id: AKS_PROVISION_ACTION_ID,
    description:
      'Creates (or leaves as they are) the resource groups, spoke VNets, virtual WAN hub and BYOCNI AKS clusters with kube-proxy disabled that a cilium:mesh:plan plan names. Idempotent; progress of every Azure operation goes to the task log.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Create the planned clusters',
        example: yaml.stringify({
          steps: [
            {
              id: 'provision',
              action: AKS_PROVISION_ACTION_ID,
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
          z
            .array(
              z.object({
                aksName: z.string(),
                resourceGroup: z.string(),
                fqdn: z.string(),
                created: z.boolean(),
              }),
            )
            .describe(
              'Every cluster of the plan, and whether this run created it',
            ),
      },
    },
    async handler(ctx) {
      const plan = await checkedPlan(toolkit, ctx.input.plan);
      if (ctx.isDryRun) {
        for (const line of resourcesOf(plan))
          ctx.logger.info(`Would ensure ${line}`);
        ctx.output(
          'clusters',
          plan.clusters.map(c => ({
            aksName: c.aksName,
            resourceGroup: c.resourceGroup,
            fqdn: '',
            created: false,
          })),
        );
        return;
      }
      const { subscriptionId } = toolkit.azure();
      const arm = toolkit.arm();
      const { settings } = toolkit;
      const signal = ctx.signal;
      const progress = (what: string) => (status: string) =>
        ctx.logger.info(`${what}: ${status}`);
      const common = { signal, pollIntervalMs: settings.pollIntervalMs };

      const groups = new Map<string, string>();
      for (const cluster of plan.clusters) {
        groups.set(cluster.resourceGroup, cluster.location);
      }
      if (plan.hub) groups.set(plan.hub.resourceGroup, plan.hub.location);
      await settleAll([...groups], settings.concurrency, ([name, location]) =>
        ensureResourceGroup(arm, subscriptionId, name, location, common),
      );

      // The hub takes longest in Azure; clusters need only their subnet.
      const hubReady = plan.hub
        ? (async (hub: NonNullable<MeshProvisioningPlan['hub']>) => {
            await ensureVirtualWan(arm, subscriptionId, hub, {
              ...common,
              onProgress: progress(`virtual WAN ${hub.virtualWanName}`),
            });
            await ensureVirtualHub(arm, subscriptionId, hub, {
              ...common,
              onProgress: progress(`virtual hub ${hub.hubName}`),
            });
            ctx.logger.info(`virtual hub ${hub.hubName} routes`);
          })(plan.hub)
        : Promise.resolve();
      const clustersDone = settleAll(
        plan.clusters,
        settings.concurrency,
        async cluster => {
          const subnetId = await subnetOf(cluster);
          const ensured = await ensureByocniCluster(
            arm,
            subscriptionId,
            cluster,
            {
              ...common,
              outboundType: plan.outboundType,
              subnetId,
              previewApiVersion: settings.previewApiVersion,
              onProgress: progress(cluster.aksName),
            },
          );
          ctx.logger.info(
            `${cluster.aksName}: ${
              ensured.created ? 'created' : 'exists as planned'
            } (${ensured.fqdn})`,
          );
          return { cluster, subnetId, ...ensured };
        },
      );
      const [, clusters] = await Promise.all([hubReady, clustersDone]);

      if (plan.hub) {
        // One hub: its connections are written one after another, as Azure
        // refuses concurrent writes to the same hub.
        for (const { cluster, subnetId } of clusters) {
          if (!isSpokeVnet(cluster.network)) continue;
          await ensureHubConnection(
            arm,
            subscriptionId,
            plan.hub,
            virtualNetworkIdOf(subnetId),
            {
              ...common,
              onProgress: progress(
                `hub connection of ${cluster.network.vnetName}`,
              ),
            },
          );
        }
      }
      ctx.output(
        'clusters',
        clusters.map(({ cluster, fqdn, created }) => ({
          aksName: cluster.aksName,
          resourceGroup: cluster.resourceGroup,
          fqdn,
          created,
        })),
      );

      async function subnetOf(cluster: PlannedCluster): Promise<string> {
        if (!isSpokeVnet(cluster.network)) return cluster.network.subnetId;
        return ensureSpokeVnet(
          arm,
          subscriptionId,
          {
            resourceGroup: cluster.resourceGroup,
            location: cluster.location,
            vnetName: cluster.network.vnetName,
            addressPrefix: cluster.network.addressPrefix,
          },
          { ...common, onProgress: progress(cluster.network.vnetName) },
        );
      }
    },
  });
}

function resourcesOf(plan: MeshProvisioningPlan): string[] {
  const lines: string[] = [];
  if (plan.hub) {
    lines.push(
      `virtual WAN ${plan.hub.virtualWanName} and hub ${plan.hub.hubName} (${plan.hub.addressPrefix}) in ${plan.hub.resourceGroup}`,
    );
  }
  for (const cluster of plan.clusters) {
    const network = isSpokeVnet(cluster.network)
      ? `spoke ${cluster.network.vnetName} ${cluster.network.addressPrefix}`
      : `subnet ${cluster.network.subnetId}`;
    lines.push(
      `AKS ${cluster.aksName} in ${cluster.resourceGroup} (${cluster.location}): ${cluster.nodeCount} × ${cluster.vmSize}, Kubernetes ${cluster.kubernetesVersion}, no CNI, kube-proxy off, pods ${cluster.podCidr}, services ${cluster.serviceCidr}, ${network}`,
    );
  }
  return lines;
}
