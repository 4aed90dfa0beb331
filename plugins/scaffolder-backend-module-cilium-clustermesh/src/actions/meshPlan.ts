import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  checkProvisioningPlan,
  CiliumOptions,
  formatViolations,
  isSpokeVnet,
  MeshProvisioningPlan,
  PlannedCluster,
  proposeMeshLayout,
} from '@meshportal/plugin-cilium-clustermesh-common';
import yaml from 'yaml';
import type { MeshToolkit } from '../services/toolkit';
import { planSummary } from '../services/planSummary';

export const MESH_PLAN_ACTION_ID = 'cilium:mesh:plan';

const DEFAULTS = {
  kubernetesVersion: '1.33',
  nodeCount: 3,
  vmSize: 'Standard_D4s_v5',
  outboundType: 'loadBalancer' as const,
};

/**
 * Turns the form into the complete plan every later step executes: cluster
 * names, ids, pod, service and spoke ranges proposed without overlaps (or
 * taken from the form), the hub, and Cilium's options; then refuses it
 * before any Azure or Helm call when a rule is broken. Pure, so a dry run
 * shows exactly the plan a real run executes.
 */
export function createMeshPlanAction(toolkit: MeshToolkit) {
  return createTemplateAction({
    id: MESH_PLAN_ACTION_ID,
    description:
      'Plans a Cilium ClusterMesh of BYOCNI AKS clusters (names, cluster ids, pod/service/spoke ranges, hub, Cilium options) and refuses it, naming field, rule and fix, when Cilium, AKS or the address plan would break it.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Plan the seed document’s three-cluster mesh',
        example: yaml.stringify({
          steps: [
            {
              id: 'plan',
              action: MESH_PLAN_ACTION_ID,
              name: 'Plan and preflight',
              input: {
                mesh: 'ciliumlab',
                location: 'westeurope',
                clusterCount: 3,
                cilium: { chartVersion: '1.20.0' },
              },
            },
          ],
        }),
      },
      {
        description: 'Plan one more cluster for a registered mesh',
        example: yaml.stringify({
          steps: [
            {
              id: 'plan',
              action: MESH_PLAN_ACTION_ID,
              input: {
                mesh: 'ciliumlab',
                location: 'westeurope',
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
              'Mesh name: lowercase letters, digits and "-"; names the catalog entity and prefixes resource names',
            ),
        title: z => z.string().optional().describe('Display title of the mesh'),
        location: z =>
          z.string().describe('Azure region of new clusters, e.g. westeurope'),
        clusterCount: z =>
          z
            .number()
            .int()
            .min(0)
            .max(511)
            .describe('How many clusters to add (default 3 for a new mesh)')
            .optional(),
        namePrefix: z =>
          z
            .string()
            .optional()
            .describe('Used instead of the mesh name inside resource names'),
        clusters: z =>
          z
            .array(
              z.object({
                aksName: z.string().optional(),
                resourceGroup: z.string().optional(),
                ciliumName: z.string().optional(),
                clusterId: z.number().optional(),
                podCidr: z.string().optional(),
                serviceCidr: z.string().optional(),
                dnsServiceIP: z.string().optional(),
                vnetPrefix: z.string().optional(),
                subnetId: z.string().optional(),
              }),
            )
            .optional()
            .describe(
              'Per new cluster, values that replace the proposal (same order); a longer list adds clusters',
            ),
        kubernetesVersion: z =>
          z.string().optional().describe('AKS Kubernetes version, e.g. 1.33'),
        nodeCount: z =>
          z.number().int().optional().describe('Nodes in the system pool'),
        vmSize: z =>
          z.string().optional().describe('Node VM size, e.g. Standard_D4s_v5'),
        outboundType: z =>
          z
            .enum([
              'loadBalancer',
              'userDefinedRouting',
              'managedNATGateway',
              'userAssignedNATGateway',
            ])
            .optional()
            .describe('AKS outbound type (default loadBalancer)'),
        network: z =>
          z
            .object({
              mode: z
                .enum(['virtualHub', 'existingSubnets'])
                .optional()
                .describe(
                  'virtualHub: a spoke VNet per cluster joined by a virtual WAN hub; existingSubnets: nodes go into subnetIds',
                ),
              subnetIds: z
                .array(z.string())
                .optional()
                .describe('Node subnet ARM ids, one per new cluster'),
              hubPrefix: z
                .string()
                .optional()
                .describe('Address prefix of the virtual hub (≥ /24)'),
            })
            .optional(),
        cilium: z =>
          z
            .object({
              chartVersion: z
                .string()
                .optional()
                .describe(
                  'Cilium chart version; default the newest with a values schema',
                ),
              maxConnectedClusters: z.number().optional(),
              hubble: z.boolean().optional(),
              routingMode: z.enum(['tunnel', 'native']).optional(),
              tunnelProtocol: z.enum(['vxlan', 'geneve']).optional(),
              nativeRoutingCidr: z.string().optional(),
              encryption: z.enum(['none', 'wireguard']).optional(),
            })
            .optional(),
        existing: z =>
          z
            .object({ mesh: z.string() })
            .passthrough()
            .optional()
            .describe(
              'The plan of a mesh being joined (cilium:clustermesh:read); new clusters avoid its ids, names and ranges and share its options',
            ),
      },
      output: {
        plan: z =>
          z
            .object({ mesh: z.string() })
            .passthrough()
            .describe('The checked plan; no secrets'),
        summary: z => z.string().describe('One line per cluster'),
        clusterNames: z =>
          z.array(z.string()).describe('Cilium names of every cluster'),
      },
    },
    async handler(ctx) {
      const chartVersions = await toolkit.schemas().versions();
      const plan = buildPlan(ctx.input, chartVersions);
      const violations = checkProvisioningPlan(plan, { chartVersions });
      if (violations.length > 0) {
        throw new InputError(
          `The mesh plan would not work:\n${formatViolations(
            violations.map(v => ({ ...v, field: inputField(v.field, plan) })),
          )}`,
        );
      }
      const summary = planSummary(plan);
      ctx.logger.info(
        `Plan for mesh ${plan.mesh} (Cilium ${plan.cilium.chartVersion}):\n${summary}`,
      );
      ctx.output('plan', plan as unknown as { mesh: string });
      ctx.output('summary', summary);
      ctx.output(
        'clusterNames',
        plan.clusters.map(cluster => cluster.ciliumName),
      );
    },
  });
}

interface PlanInput {
  mesh: string;
  location: string;
  clusterCount?: number;
  namePrefix?: string;
  clusters?: {
    aksName?: string;
    resourceGroup?: string;
    ciliumName?: string;
    clusterId?: number;
    podCidr?: string;
    serviceCidr?: string;
    dnsServiceIP?: string;
    vnetPrefix?: string;
    subnetId?: string;
  }[];
  kubernetesVersion?: string;
  nodeCount?: number;
  vmSize?: string;
  outboundType?: MeshProvisioningPlan['outboundType'];
  network?: {
    mode?: 'virtualHub' | 'existingSubnets';
    subnetIds?: string[];
    hubPrefix?: string;
  };
  cilium?: Omit<Partial<CiliumOptions>, 'maxConnectedClusters'> & {
    maxConnectedClusters?: number;
  };
  existing?: { mesh: string };
}

/** New clusters follow the proposal, overridden by what the form sets explicitly. */
export function buildPlan(
  input: PlanInput,
  chartVersions: string[],
): MeshProvisioningPlan {
  const existing = input.existing as MeshProvisioningPlan | undefined;
  if (existing && existing.mesh !== input.mesh) {
    throw new InputError(
      `existing.mesh: the plan being joined is for mesh "${existing.mesh}", not "${input.mesh}". Fix: read the mesh named in mesh`,
    );
  }
  const overrides = input.clusters ?? [];
  const count = Math.max(
    input.clusterCount ?? (existing ? 0 : 3),
    overrides.length,
  );
  const subnetMode =
    input.network?.mode === 'existingSubnets' ||
    (existing !== undefined && existing.hub === undefined);
  const layout = proposeMeshLayout({
    mesh: input.mesh,
    clusterCount: count,
    location: input.location,
    namePrefix: input.namePrefix,
    existing: existing && {
      clusterIds: existing.clusters.map(c => c.clusterId),
      podCidrs: existing.clusters.map(c => c.podCidr),
      vnetPrefixes: [
        ...existing.clusters.flatMap(c =>
          isSpokeVnet(c.network) ? [c.network.addressPrefix] : [],
        ),
        ...(existing.hub ? [existing.hub.addressPrefix] : []),
      ],
      names: existing.clusters.flatMap(c => [
        c.aksName,
        c.resourceGroup,
        c.ciliumName,
      ]),
      serviceCidrs: existing.clusters.map(c => c.serviceCidr),
    },
  });
  const added: PlannedCluster[] = layout.clusters.map((proposed, index) => {
    const override = overrides[index] ?? {};
    const subnetId = override.subnetId ?? input.network?.subnetIds?.[index];
    const proposedVnet = isSpokeVnet(proposed.network)
      ? proposed.network
      : undefined;
    const cluster: PlannedCluster = {
      ...proposed,
      location: input.location,
      nodeCount: input.nodeCount ?? DEFAULTS.nodeCount,
      vmSize: input.vmSize ?? DEFAULTS.vmSize,
      kubernetesVersion: input.kubernetesVersion ?? DEFAULTS.kubernetesVersion,
      ...definedOnly({
        aksName: override.aksName,
        resourceGroup: override.resourceGroup,
        ciliumName: override.ciliumName,
        clusterId: override.clusterId,
        podCidr: override.podCidr,
        serviceCidr: override.serviceCidr,
        dnsServiceIP: override.dnsServiceIP,
      }),
      network:
        subnetMode || subnetId !== undefined
          ? { subnetId: subnetId ?? '' }
          : {
              vnetName: `vnet-${override.aksName ?? proposed.aksName}`,
              addressPrefix:
                override.vnetPrefix ?? proposedVnet?.addressPrefix ?? '',
            },
    };
    return cluster;
  });
  const clusters = [...(existing?.clusters ?? []), ...added];
  const needsHub = clusters.some(c => isSpokeVnet(c.network));
  const location = existing?.hub?.location ?? input.location;
  const hub =
    existing?.hub ??
    (needsHub
      ? {
          resourceGroup: `rg-${input.namePrefix ?? input.mesh}-hub`,
          location,
          virtualWanName: `vwan-${input.namePrefix ?? input.mesh}`,
          hubName: `vhub-${input.namePrefix ?? input.mesh}`,
          addressPrefix: input.network?.hubPrefix ?? layout.hub.addressPrefix,
        }
      : undefined);
  const newest = chartVersions[chartVersions.length - 1];
  const cilium: CiliumOptions = existing?.cilium ?? {
    chartVersion: input.cilium?.chartVersion ?? newest ?? '',
    maxConnectedClusters: (input.cilium?.maxConnectedClusters ??
      255) as CiliumOptions['maxConnectedClusters'],
    hubble: input.cilium?.hubble ?? true,
    routingMode: input.cilium?.routingMode ?? 'tunnel',
    tunnelProtocol: input.cilium?.tunnelProtocol ?? 'vxlan',
    ...definedOnly({ nativeRoutingCidr: input.cilium?.nativeRoutingCidr }),
    encryption: input.cilium?.encryption ?? 'none',
  };
  return {
    mesh: input.mesh,
    outboundType:
      existing?.outboundType ?? input.outboundType ?? DEFAULTS.outboundType,
    ...(hub ? { hub } : {}),
    cilium,
    clusters,
  };
}

function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/** Cluster fields carry the AKS name, so a join's message names the cluster it is about. */
function inputField(field: string, plan: MeshProvisioningPlan): string {
  return field.replace(/^clusters\[(\d+)\]/, (whole, index) => {
    const cluster = plan.clusters[Number(index)];
    return cluster ? `clusters[${index}] (${cluster.aksName})` : whole;
  });
}
