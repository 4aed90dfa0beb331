import { InputError } from '@backstage/errors';
import { ArmResource, ArmRestClient } from './armRestClient';
import { isAbortError, AzureOperationError } from './azureOperationError';
import {
  isSucceeded,
  isTerminal,
  retryWhileBusy,
  waitUntil,
} from './armPolling';

/** Microsoft.Network api-version: GA, and served by every cloud we target. */
export const NETWORK_API_VERSION = '2024-05-01';
/** Microsoft.Resources api-version for resource groups. */
export const RESOURCES_API_VERSION = '2021-04-01';
/** The one subnet of a spoke VNet we create; it spans the whole VNet. */
export const NODE_SUBNET_NAME = 'nodes';

export interface NetworkWriteOptions {
  signal?: AbortSignal;
  /** ARM's provisioning state or operation status as it changes. */
  onProgress?: (status: string) => void;
  pollIntervalMs?: number;
  /** How long to wait for operations already running on the resource (default 1 h). */
  waitTimeoutMs?: number;
  /** Back-off for 409 AnotherOperationInProgress (default 8 attempts, 5 s doubling to 60 s). */
  busyRetry?: {
    attempts?: number;
    initialDelayMs?: number;
    maxDelayMs?: number;
  };
}

export interface SpokeVnetPlan {
  resourceGroup: string;
  location: string;
  vnetName: string;
  addressPrefix: string;
}

/** The parts of `VirtualHubPlan` the virtual WAN and hub need. */
export interface VirtualHubTarget {
  resourceGroup: string;
  location: string;
  virtualWanName: string;
  hubName: string;
  addressPrefix: string;
}

const DEFAULT_WAIT_TIMEOUT_MS = 60 * 60_000;
const BUSY_CODES = ['AnotherOperationInProgress'];

function groupPath(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

function networkPath(
  subscriptionId: string,
  resourceGroup: string,
  type: string,
  name: string,
): string {
  return `${groupPath(
    subscriptionId,
    resourceGroup,
  )}/providers/Microsoft.Network/${type}/${name}`;
}

/** `…/virtualNetworks/<vnet>/subnets/<subnet>` → `…/virtualNetworks/<vnet>`. */
export function virtualNetworkIdOf(subnetId: string): string {
  const match = /^(.*\/virtualNetworks\/[^/]+)\/subnets\/[^/]+$/i.exec(
    subnetId,
  );
  if (!match) {
    throw new InputError(
      `${subnetId} is not a subnet id; fix: use /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>`,
    );
  }
  return match[1];
}

/** Makes sure the resource group exists; one in another location is used as it is. */
export async function ensureResourceGroup(
  arm: ArmRestClient,
  subscriptionId: string,
  name: string,
  location: string,
  options: NetworkWriteOptions = {},
): Promise<string> {
  const group = await ensureResource(arm, options, {
    what: `resource group ${name}`,
    path: groupPath(subscriptionId, name),
    apiVersion: RESOURCES_API_VERSION,
    body: { location },
    differences: () => [],
  });
  return requireId(group, `resource group ${name}`);
}

/**
 * Makes sure a spoke VNet with one `nodes` subnet spanning it exists; returns
 * the subnet id. The subnet is kept inline because a VNet PUT replaces the
 * subnet list. An existing VNet laid out differently is refused, not rewritten.
 */
export async function ensureSpokeVnet(
  arm: ArmRestClient,
  subscriptionId: string,
  spoke: SpokeVnetPlan,
  options: NetworkWriteOptions = {},
): Promise<string> {
  const what = `virtual network ${spoke.vnetName}`;
  const vnet = await ensureResource(arm, options, {
    what,
    path: networkPath(
      subscriptionId,
      spoke.resourceGroup,
      'virtualNetworks',
      spoke.vnetName,
    ),
    apiVersion: NETWORK_API_VERSION,
    body: {
      location: spoke.location,
      properties: {
        addressSpace: { addressPrefixes: [spoke.addressPrefix] },
        subnets: [
          {
            name: NODE_SUBNET_NAME,
            properties: { addressPrefix: spoke.addressPrefix },
          },
        ],
      },
    },
    differences: existing => {
      const fix =
        'reuse it through network.subnetId, or pick another vnetName for a new spoke';
      const found: string[] = [];
      if (!sameLocation(existing.location, spoke.location)) {
        found.push(
          `${what} is in ${existing.location} in Azure but ${spoke.location} in the template; fix: ${fix}`,
        );
      }
      const subnet = nodeSubnet(existing);
      const prefix = subnet ? subnetPrefix(subnet) : undefined;
      if (prefix !== spoke.addressPrefix) {
        found.push(
          `${what} subnet ${NODE_SUBNET_NAME} is ${
            prefix ?? '(missing)'
          } in Azure but ${spoke.addressPrefix} in the template; fix: ${fix}`,
        );
      }
      return found;
    },
  });
  const subnet = nodeSubnet(vnet);
  if (!subnet?.id) {
    throw new AzureOperationError(
      'IncompleteResource',
      `${what} has no ${NODE_SUBNET_NAME} subnet id in ARM's answer`,
    );
  }
  return subnet.id;
}

/** Makes sure the Standard virtual WAN exists (Standard: spokes reach each other through it). */
export async function ensureVirtualWan(
  arm: ArmRestClient,
  subscriptionId: string,
  hub: Pick<VirtualHubTarget, 'resourceGroup' | 'location' | 'virtualWanName'>,
  options: NetworkWriteOptions = {},
): Promise<string> {
  const what = `virtual WAN ${hub.virtualWanName}`;
  const wan = await ensureResource(arm, options, {
    what,
    path: virtualWanPath(subscriptionId, hub),
    apiVersion: NETWORK_API_VERSION,
    // Raw wire shape: the SDK calls `properties.type` typePropertiesType.
    body: {
      location: hub.location,
      properties: {
        type: 'Standard',
        allowBranchToBranchTraffic: true,
        disableVpnEncryption: false,
      },
    },
    differences: existing => {
      const type = existing.properties?.type;
      return type === 'Standard'
        ? []
        : [
            `${what} is of type ${String(
              type,
            )} in Azure but Standard in the template; fix: upgrade it to Standard or pick another virtualWanName`,
          ];
    },
  });
  return requireId(wan, what);
}

/**
 * Makes sure the hub exists in the virtual WAN, then waits until its router is
 * provisioned (`routingState` Provisioned), which comes after the hub's own
 * provisioning and before which connections are refused.
 */
export async function ensureVirtualHub(
  arm: ArmRestClient,
  subscriptionId: string,
  hub: VirtualHubTarget,
  options: NetworkWriteOptions & { routingTimeoutMs?: number } = {},
): Promise<string> {
  const what = `virtual hub ${hub.hubName}`;
  const path = virtualHubPath(subscriptionId, hub);
  const wanId = virtualWanPath(subscriptionId, hub);
  const created = await ensureResource(arm, options, {
    what,
    path,
    apiVersion: NETWORK_API_VERSION,
    body: {
      location: hub.location,
      properties: {
        virtualWan: { id: wanId },
        addressPrefix: hub.addressPrefix,
        sku: 'Standard',
      },
    },
    differences: existing => {
      const found: string[] = [];
      const prefix = existing.properties?.addressPrefix;
      if (prefix !== hub.addressPrefix) {
        found.push(
          `${what} addressPrefix is ${String(prefix)} in Azure but ${
            hub.addressPrefix
          } in the template; fix: use ${String(
            prefix,
          )} (a hub's address space can't change) or pick another hubName`,
        );
      }
      const wan = (existing.properties?.virtualWan as { id?: string })?.id;
      if (wan?.toLowerCase() !== wanId.toLowerCase()) {
        found.push(
          `${what} belongs to ${String(wan)} in Azure but to ${
            hub.virtualWanName
          } in the template; fix: name that WAN in the template or pick another hubName`,
        );
      }
      return found;
    },
  });
  await waitForHubRouting(arm, path, what, options);
  return requireId(created, what);
}

/**
 * Makes sure the spoke VNet is connected to the hub, once the hub's router is
 * provisioned. The connection is named after the VNet unless told otherwise.
 */
export async function ensureHubConnection(
  arm: ArmRestClient,
  subscriptionId: string,
  hub: Pick<VirtualHubTarget, 'resourceGroup' | 'hubName'>,
  vnetId: string,
  options: NetworkWriteOptions & {
    connectionName?: string;
    routingTimeoutMs?: number;
  } = {},
): Promise<string> {
  const connectionName =
    options.connectionName ?? vnetId.split('/').filter(Boolean).pop()!;
  const hubPath = virtualHubPath(subscriptionId, hub);
  const what = `hub connection ${connectionName} of ${hub.hubName}`;
  const connection = await ensureResource(arm, options, {
    what,
    path: `${hubPath}/hubVirtualNetworkConnections/${connectionName}`,
    apiVersion: NETWORK_API_VERSION,
    body: {
      properties: {
        remoteVirtualNetwork: { id: vnetId },
        enableInternetSecurity: false,
      },
    },
    differences: existing => {
      const remote = (
        existing.properties?.remoteVirtualNetwork as { id?: string }
      )?.id;
      return remote?.toLowerCase() === vnetId.toLowerCase()
        ? []
        : [
            `${what} connects ${String(
              remote,
            )} in Azure but ${vnetId} in the template; fix: pick another connection name`,
          ];
    },
    beforeWrite: () =>
      waitForHubRouting(arm, hubPath, `virtual hub ${hub.hubName}`, options),
  });
  return requireId(connection, what);
}

function virtualWanPath(
  subscriptionId: string,
  hub: Pick<VirtualHubTarget, 'resourceGroup' | 'virtualWanName'>,
): string {
  return networkPath(
    subscriptionId,
    hub.resourceGroup,
    'virtualWans',
    hub.virtualWanName,
  );
}

function virtualHubPath(
  subscriptionId: string,
  hub: Pick<VirtualHubTarget, 'resourceGroup' | 'hubName'>,
): string {
  return networkPath(
    subscriptionId,
    hub.resourceGroup,
    'virtualHubs',
    hub.hubName,
  );
}

async function waitForHubRouting(
  arm: ArmRestClient,
  hubPath: string,
  what: string,
  options: NetworkWriteOptions & { routingTimeoutMs?: number },
): Promise<void> {
  const routingState = (hub: ArmResource | undefined) =>
    hub?.properties?.routingState as string | undefined;
  const hub = await waitUntil(
    `the router of ${what} to be provisioned`,
    async () => {
      const current = await arm.get(hubPath, NETWORK_API_VERSION, {
        signal: options.signal,
      });
      const state = routingState(current);
      if (state) options.onProgress?.(`routing ${state}`);
      return current;
    },
    current =>
      !current ||
      ['Provisioned', 'Failed'].includes(routingState(current) ?? ''),
    {
      signal: options.signal,
      intervalMs: options.pollIntervalMs ?? arm.pollIntervalMs,
      timeoutMs: options.routingTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS,
    },
  );
  if (!hub) {
    throw new AzureOperationError('ResourceNotFound', `${what} does not exist`);
  }
  if (routingState(hub) !== 'Provisioned') {
    throw new AzureOperationError(
      'HubRoutingFailed',
      `the router of ${what} failed to provision; fix: reset the hub's router in Azure, then run the template again`,
    );
  }
}

interface EnsureRequest {
  what: string;
  path: string;
  apiVersion: string;
  body: unknown;
  /** Why the existing resource can't serve as planned; empty when it can. */
  differences: (existing: ArmResource) => string[];
  beforeWrite?: () => Promise<void>;
}

/**
 * GET first: a succeeded resource as planned is returned without a write, a
 * busy one is waited for, a failed one written again. Writes that meet
 * another operation on the resource or a dependent one (409
 * AnotherOperationInProgress) follow that operation and are retried.
 */
async function ensureResource(
  arm: ArmRestClient,
  options: NetworkWriteOptions,
  request: EnsureRequest,
): Promise<ArmResource> {
  const { signal, onProgress } = options;
  const intervalMs = options.pollIntervalMs ?? arm.pollIntervalMs;
  const waitTimeoutMs = options.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const read = async () => {
    const current = await arm.get(request.path, request.apiVersion, {
      signal,
    });
    const state = current?.properties?.provisioningState;
    if (state) onProgress?.(state);
    return current;
  };
  let existing = await read();
  if (existing && !isTerminal(existing.properties?.provisioningState)) {
    existing = await waitUntil(
      `${request.what} to finish its running operation`,
      read,
      current => !current || isTerminal(current.properties?.provisioningState),
      { signal, intervalMs, timeoutMs: waitTimeoutMs },
    );
  }
  if (existing) {
    const differences = request.differences(existing);
    if (differences.length > 0) throw new InputError(differences.join('\n'));
    if (isSucceeded(existing.properties?.provisioningState)) return existing;
  }
  await request.beforeWrite?.();
  const retry = options.busyRetry ?? {};
  return retryWhileBusy(
    BUSY_CODES,
    () =>
      arm.put(request.path, request.apiVersion, request.body, {
        signal,
        onProgress,
        pollIntervalMs: options.pollIntervalMs,
      }),
    {
      signal,
      attempts: retry.attempts ?? 8,
      initialDelayMs: retry.initialDelayMs ?? 5_000,
      maxDelayMs: retry.maxDelayMs ?? 60_000,
      onBusy: error =>
        followBusyOperation(arm, error, {
          signal,
          intervalMs,
          timeoutMs: waitTimeoutMs,
        }),
    },
  );
}

/**
 * Network's 409 names the status URL of the operation in the way; following
 * it lets the retry come as soon as that operation ends. URLs that can't be
 * followed (another host) leave the back-off alone to do the waiting.
 */
async function followBusyOperation(
  arm: ArmRestClient,
  error: AzureOperationError,
  options: { signal?: AbortSignal; intervalMs: number; timeoutMs: number },
): Promise<void> {
  const url = /\buri:\s*(\S+?)\.?\s*$/.exec(error.armMessage)?.[1];
  if (!url) return;
  try {
    await arm.waitForOperation(url, {
      signal: options.signal,
      pollIntervalMs: options.intervalMs,
      timeoutMs: options.timeoutMs,
    });
  } catch (followError) {
    if (isAbortError(followError)) throw followError;
  }
}

function requireId(resource: ArmResource, what: string): string {
  if (!resource.id) {
    throw new AzureOperationError(
      'IncompleteResource',
      `${what} has no id in ARM's answer`,
    );
  }
  return resource.id;
}

interface SubnetResource {
  id?: string;
  name?: string;
  properties?: { addressPrefix?: string; addressPrefixes?: string[] };
}

function nodeSubnet(vnet: ArmResource): SubnetResource | undefined {
  const subnets = (vnet.properties?.subnets ?? []) as SubnetResource[];
  return subnets.find(
    subnet => subnet.name?.toLowerCase() === NODE_SUBNET_NAME,
  );
}

function subnetPrefix(subnet: SubnetResource): string | undefined {
  return (
    subnet.properties?.addressPrefix ?? subnet.properties?.addressPrefixes?.[0]
  );
}

function sameLocation(a: string | undefined, b: string): boolean {
  const normalize = (location: string) =>
    location.replace(/\s+/g, '').toLowerCase();
  return a !== undefined && normalize(a) === normalize(b);
}
