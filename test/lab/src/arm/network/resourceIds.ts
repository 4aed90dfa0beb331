export const NETWORK_NAMESPACE = 'Microsoft.Network';

export const VIRTUAL_NETWORK_TYPE = `${NETWORK_NAMESPACE}/virtualNetworks`;
export const SUBNET_TYPE = `${VIRTUAL_NETWORK_TYPE}/subnets`;
export const VIRTUAL_WAN_TYPE = `${NETWORK_NAMESPACE}/virtualWans`;
export const VIRTUAL_HUB_TYPE = `${NETWORK_NAMESPACE}/virtualHubs`;
export const HUB_CONNECTION_TYPE = `${VIRTUAL_HUB_TYPE}/hubVirtualNetworkConnections`;

/** The parts of a Microsoft.Network resource id, e.g. of a subnet. */
export interface NetworkResourceId {
  subscriptionId: string;
  resourceGroup: string;
  /** `virtualNetworks`, `virtualWans`… */
  type: string;
  name: string;
  /** `subnets`, `hubVirtualNetworkConnections`… */
  childType?: string;
  childName?: string;
}

const ID_PATTERN =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/([^/]+)\/([^/]+)(?:\/([^/]+)\/([^/]+))?\/?$/i;

/** Splits an ARM id of a Microsoft.Network resource; undefined if it is none. */
export function parseNetworkResourceId(
  id: string,
): NetworkResourceId | undefined {
  const match = ID_PATTERN.exec(id);
  if (!match) return undefined;
  const [, subscriptionId, resourceGroup, type, name, childType, childName] =
    match;
  return { subscriptionId, resourceGroup, type, name, childType, childName };
}

export function networkResourceId(
  subscriptionId: string,
  resourceGroup: string,
  type: string,
  name: string,
): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${NETWORK_NAMESPACE}/${type}/${name}`;
}
