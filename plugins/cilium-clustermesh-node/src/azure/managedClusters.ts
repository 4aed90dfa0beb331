import type { PlannedCluster } from '@meshportal/plugin-cilium-clustermesh-common';
import { InputError } from '@backstage/errors';
import { ArmResource, ArmRestClient } from './armRestClient';
import { isSucceeded, isTerminal, waitUntil } from './armPolling';
import { AzureOperationError } from './azureOperationError';

/** GA api-version for reads and credentials. */
export const AKS_API_VERSION = '2026-06-01';
/** A preview api-version that carries `networkProfile.kubeProxyConfig` (research-azure §1.4). */
export const AKS_PREVIEW_API_VERSION = '2026-10-02-preview';

export type AksOutboundType =
  | 'loadBalancer'
  | 'userDefinedRouting'
  | 'managedNATGateway'
  | 'userAssignedNATGateway';

/** What AKS needs of a planned cluster. */
export type ManagedClusterPlan = Pick<
  PlannedCluster,
  | 'aksName'
  | 'resourceGroup'
  | 'location'
  | 'podCidr'
  | 'serviceCidr'
  | 'dnsServiceIP'
  | 'nodeCount'
  | 'vmSize'
  | 'kubernetesVersion'
>;

/** The parts of a ManagedCluster (wire shape) this module reads. */
export interface ManagedClusterResource extends ArmResource {
  properties?: ArmResource['properties'] & {
    fqdn?: string;
    dnsPrefix?: string;
    disableLocalAccounts?: boolean;
    aadProfile?: Record<string, unknown>;
    agentPoolProfiles?: { name?: string; vnetSubnetID?: string }[];
    networkProfile?: {
      networkPlugin?: string;
      podCidr?: string;
      serviceCidr?: string;
      dnsServiceIP?: string;
      outboundType?: string;
      kubeProxyConfig?: { enabled?: boolean };
    };
  };
}

export interface EnsureByocniClusterOptions {
  outboundType: AksOutboundType;
  /** The node subnet (ARM id); AKS creates its own VNet when absent. */
  subnetId?: string;
  /** A `*-preview` api-version; GA ones drop kubeProxyConfig. */
  previewApiVersion: string;
  /**
   * Entra ID integration (managed AAD with Azure RBAC), set at creation only.
   * Local accounts are disabled unless `disableLocalAccounts` is false.
   */
  entraId?: { adminGroupObjectIds?: string[]; disableLocalAccounts?: boolean };
  signal?: AbortSignal;
  /** The cluster's provisioning state or operation status as it changes. */
  onProgress?: (status: string) => void;
  pollIntervalMs?: number;
  /** How long to wait for an operation already running on the cluster (default 1 h). */
  waitTimeoutMs?: number;
}

export interface EnsuredCluster {
  /** True when this call sent the PUT: a new cluster, or one repaired after a failed operation. */
  created: boolean;
  fqdn: string;
  id: string;
}

const DEFAULT_WAIT_TIMEOUT_MS = 60 * 60_000;
/** Times a PUT may meet AKS's "another operation is in progress" before giving up. */
const BUSY_ROUNDS = 3;

export function managedClusterPath(
  subscriptionId: string,
  resourceGroup: string,
  aksName: string,
): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${aksName}`;
}

/** The cluster, or undefined when it (or its resource group) does not exist. */
export function getManagedCluster(
  arm: ArmRestClient,
  subscriptionId: string,
  resourceGroup: string,
  aksName: string,
  options: { apiVersion?: string; signal?: AbortSignal } = {},
): Promise<ManagedClusterResource | undefined> {
  return arm.get<ManagedClusterResource>(
    managedClusterPath(subscriptionId, resourceGroup, aksName),
    options.apiVersion ?? AKS_API_VERSION,
    { signal: options.signal },
  );
}

/**
 * Makes sure a bring-your-own-CNI cluster with kube-proxy disabled exists as
 * planned. An existing, succeeded cluster with the planned network profile
 * is left untouched (no PUT), so re-running a template changes nothing; one
 * whose fixed settings differ is refused with an InputError naming them; one
 * busy with an operation is waited for; a failed one is PUT again.
 */
export async function ensureByocniCluster(
  arm: ArmRestClient,
  subscriptionId: string,
  cluster: ManagedClusterPlan,
  options: EnsureByocniClusterOptions,
): Promise<EnsuredCluster> {
  const path = managedClusterPath(
    subscriptionId,
    cluster.resourceGroup,
    cluster.aksName,
  );
  const apiVersion = options.previewApiVersion;
  const { signal, onProgress } = options;
  const read = async () => {
    const current = await arm.get<ManagedClusterResource>(path, apiVersion, {
      signal,
    });
    const state = current?.properties?.provisioningState;
    if (state && onProgress) onProgress(state);
    return current;
  };

  for (let round = 1; ; round++) {
    let existing = await read();
    if (existing && !isTerminal(existing.properties?.provisioningState)) {
      existing = await waitUntil(
        `AKS cluster ${cluster.aksName} to finish its running operation`,
        read,
        current =>
          !current || isTerminal(current.properties?.provisioningState),
        {
          signal,
          intervalMs: options.pollIntervalMs ?? arm.pollIntervalMs,
          timeoutMs: options.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS,
        },
      );
    }
    if (existing) {
      const differences = clusterDifferences(existing, cluster, options);
      if (differences.length > 0) {
        throw new InputError(differences.join('\n'));
      }
      if (isSucceeded(existing.properties?.provisioningState)) {
        return { created: false, ...addressOf(existing, cluster.aksName) };
      }
    }
    try {
      const created = await arm.put<ManagedClusterResource>(
        path,
        apiVersion,
        byocniClusterBody(cluster, options),
        { signal, onProgress, pollIntervalMs: options.pollIntervalMs },
      );
      return { created: true, ...addressOf(created, cluster.aksName) };
    } catch (error) {
      // Someone started an operation between our GET and PUT: wait for it.
      const busy =
        error instanceof AzureOperationError &&
        error.code === 'OperationNotAllowed';
      if (!busy || round >= BUSY_ROUNDS) throw error;
    }
  }
}

/** The ManagedCluster PUT body (wire shape) of a BYOCNI cluster without kube-proxy. */
export function byocniClusterBody(
  cluster: ManagedClusterPlan,
  options: Pick<
    EnsureByocniClusterOptions,
    'outboundType' | 'subnetId' | 'entraId'
  >,
): Record<string, unknown> {
  const { entraId } = options;
  return {
    location: cluster.location,
    identity: { type: 'SystemAssigned' },
    properties: {
      kubernetesVersion: cluster.kubernetesVersion,
      dnsPrefix: cluster.aksName,
      enableRBAC: true,
      ...(entraId
        ? {
            aadProfile: {
              managed: true,
              enableAzureRBAC: true,
              ...(entraId.adminGroupObjectIds
                ? { adminGroupObjectIDs: entraId.adminGroupObjectIds }
                : {}),
            },
            disableLocalAccounts: entraId.disableLocalAccounts ?? true,
          }
        : {}),
      agentPoolProfiles: [
        {
          name: 'system',
          mode: 'System',
          count: cluster.nodeCount,
          vmSize: cluster.vmSize,
          osType: 'Linux',
          type: 'VirtualMachineScaleSets',
          ...(options.subnetId ? { vnetSubnetID: options.subnetId } : {}),
        },
      ],
      networkProfile: {
        networkPlugin: 'none',
        podCidr: cluster.podCidr,
        serviceCidr: cluster.serviceCidr,
        dnsServiceIP: cluster.dnsServiceIP,
        outboundType: options.outboundType,
        kubeProxyConfig: { enabled: false },
      },
    },
  };
}

function addressOf(
  resource: ManagedClusterResource,
  aksName: string,
): { fqdn: string; id: string } {
  const fqdn = resource.properties?.fqdn;
  if (!fqdn || !resource.id) {
    throw new AzureOperationError(
      'IncompleteResource',
      `AKS cluster ${aksName} has no ${fqdn ? 'id' : 'fqdn'} in ARM's answer`,
    );
  }
  return { fqdn, id: resource.id };
}

/**
 * Settings AKS fixes at creation (or that the mesh depends on) that differ
 * between Azure and the plan, one sentence each with its fix.
 */
function clusterDifferences(
  existing: ManagedClusterResource,
  cluster: ManagedClusterPlan,
  options: Pick<EnsureByocniClusterOptions, 'outboundType' | 'subnetId'>,
): string[] {
  const name = cluster.aksName;
  const differences: string[] = [];
  const differ = (
    property: string,
    actual: unknown,
    planned: unknown,
    fix: string,
  ) =>
    differences.push(
      `${name} ${property} is ${shown(actual)} in Azure but ${shown(
        planned,
      )} in the template; fix: ${fix}`,
    );
  const fixFor = (actual: unknown) =>
    `use ${shown(
      actual,
    )} in the template, or pick another aksName (AKS can't change it on an existing cluster)`;

  if (
    normalizeLocation(existing.location) !== normalizeLocation(cluster.location)
  ) {
    differ(
      'location',
      existing.location,
      cluster.location,
      fixFor(existing.location),
    );
  }
  const network = existing.properties?.networkProfile ?? {};
  const fixed: [string, unknown, unknown][] = [
    ['networkPlugin', network.networkPlugin, 'none'],
    ['podCidr', network.podCidr, cluster.podCidr],
    ['serviceCidr', network.serviceCidr, cluster.serviceCidr],
    ['dnsServiceIP', network.dnsServiceIP, cluster.dnsServiceIP],
    ['outboundType', network.outboundType, options.outboundType],
  ];
  for (const [property, actual, planned] of fixed) {
    if (actual !== planned) {
      differ(
        `networkProfile.${property}`,
        actual,
        planned,
        property === 'networkPlugin'
          ? 'the mesh needs a bring-your-own-CNI cluster (networkPlugin none); pick another aksName'
          : fixFor(actual),
      );
    }
  }
  const kubeProxyEnabled = network.kubeProxyConfig?.enabled !== false;
  if (kubeProxyEnabled) {
    differ(
      'networkProfile.kubeProxyConfig.enabled',
      true,
      false,
      'disable kube-proxy on the cluster (az aks update --kube-proxy-config with {"enabled": false}) or pick another aksName',
    );
  }
  if (options.subnetId) {
    const subnets = (existing.properties?.agentPoolProfiles ?? []).map(
      pool => pool.vnetSubnetID,
    );
    if (
      !subnets.some(
        subnet => subnet?.toLowerCase() === options.subnetId!.toLowerCase(),
      )
    ) {
      differ(
        'agentPoolProfiles[].vnetSubnetID',
        subnets.find(Boolean),
        options.subnetId,
        'use the network the cluster is in (network.subnetId) or pick another aksName',
      );
    }
  }
  return differences;
}

function normalizeLocation(location: string | undefined): string {
  return (location ?? '').replace(/\s+/g, '').toLowerCase();
}

function shown(value: unknown): string {
  return value === undefined || value === null ? '(not set)' : String(value);
}
