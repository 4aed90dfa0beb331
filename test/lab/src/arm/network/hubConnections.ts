import { randomUUID } from 'node:crypto';
import { ArmError, invalidParameter } from '../errors';
import { ChildResourceKind, ChildWrite } from './childResources';
import { NetworkContext } from './networkContext';
import { newEtag } from './networkOperations';
import {
  HubConnectionRecord,
  VirtualHubRecord,
  VirtualNetworkRecord,
} from './networkState';
import { HUB_CONNECTION_TYPE, VIRTUAL_NETWORK_TYPE } from './resourceIds';
import { invalidResourceReference, referencedId } from './resourceRequests';
import { overlapping } from './rules';
import { TopLevelResourceType } from './topLevelResources';

const REMOTE_NETWORK_TARGET = 'properties.remoteVirtualNetwork.id';

/**
 * Microsoft.Network/virtualHubs/hubVirtualNetworkConnections. Under the hood a
 * connection peers the spoke with the hub's own virtual network, so it holds
 * the spoke busy while it runs and fails the way peerings fail.
 */
export class HubConnections
  implements ChildResourceKind<VirtualHubRecord, HubConnectionRecord>
{
  readonly type = HUB_CONNECTION_TYPE;
  readonly pathSegment = 'hubVirtualNetworkConnections';
  readonly nameParam = 'connectionName';

  constructor(
    private readonly network: NetworkContext,
    readonly parent: TopLevelResourceType<VirtualHubRecord>,
  ) {}

  children(hub: VirtualHubRecord): HubConnectionRecord[] {
    return hub.connections;
  }

  setChildren(hub: VirtualHubRecord, connections: HubConnectionRecord[]): void {
    hub.connections = connections;
  }

  write({
    parent: hub,
    name,
    properties,
    previous,
    apiVersion,
  }: ChildWrite<VirtualHubRecord, HubConnectionRecord>): HubConnectionRecord {
    const { state, operations } = this.network;
    const id = previous?.id ?? `${hub.id}/hubVirtualNetworkConnections/${name}`;
    const remoteId = referencedId(properties, 'remoteVirtualNetwork');
    if (!remoteId) {
      throw invalidParameter(
        REMOTE_NETWORK_TARGET,
        `The value of parameter ${REMOTE_NETWORK_TARGET} is invalid: a hub virtual network connection needs the virtual network to connect.`,
      );
    }
    const virtualNetwork = state.virtualNetworkById(remoteId);
    if (!virtualNetwork) {
      throw invalidResourceReference(remoteId, id, REMOTE_NETWORK_TARGET);
    }
    this.checkHubReady(hub, id, apiVersion);
    operations.ensureIdle(previous?.operation, hub.location, apiVersion);
    operations.ensureIdle(
      state.busyOperation(virtualNetwork),
      virtualNetwork.location,
      apiVersion,
    );
    this.checkOneHub(virtualNetwork, previous);
    const peeringName =
      previous?.peeringName ?? `RemoteVnetToHubPeering_${randomUUID()}`;
    checkAddressSpaces(
      hub,
      virtualNetwork,
      `${virtualNetwork.id}/virtualNetworkPeerings/${peeringName}`,
    );

    const definition = { virtualNetwork, properties };
    return previous
      ? Object.assign(previous, definition)
      : {
          id,
          name,
          hub,
          peeringName,
          provisioningState: 'Updating',
          etag: newEtag(),
          ...definition,
        };
  }

  /** A connection holds its hub and its spoke while it is deleted. */
  checkDeletable(
    hub: VirtualHubRecord,
    connection: HubConnectionRecord,
    apiVersion: string,
  ): void {
    const { state, operations } = this.network;
    operations.ensureIdle(hub.operation, hub.location, apiVersion);
    operations.ensureIdle(
      state.busyOperation(connection.virtualNetwork),
      connection.virtualNetwork.location,
      apiVersion,
    );
  }

  render(connection: HubConnectionRecord): Record<string, unknown> {
    return {
      name: connection.name,
      id: connection.id,
      etag: connection.etag,
      type: HUB_CONNECTION_TYPE,
      properties: {
        ...connection.properties,
        provisioningState: connection.provisioningState,
        remoteVirtualNetwork: { id: connection.virtualNetwork.id },
      },
    };
  }

  /**
   * A hub takes connections once it and its router are provisioned. Until the
   * router is, Network answers AnotherOperationInProgress (research-azure §3).
   */
  private checkHubReady(
    hub: VirtualHubRecord,
    connectionId: string,
    apiVersion: string,
  ): void {
    const { operations } = this.network;
    operations.ensureIdle(hub.operation, hub.location, apiVersion);
    if (hub.routingState === 'Failed') {
      throw new ArmError(
        400,
        'ReferencedResourceNotProvisioned',
        `Cannot proceed with operation because resource ${hub.id} used by resource ${connectionId} is not in Succeeded state. Resource is in ${hub.provisioningState} state and the last operation that updated/is updating the resource is PutVirtualHubOperation.`,
      );
    }
    if (hub.routingState === 'Provisioning' && hub.operation) {
      throw operations.anotherOperationInProgress(
        hub.operation,
        hub.location,
        apiVersion,
      );
    }
  }

  /** "A virtual network can only be connected to one virtual hub at a time." */
  private checkOneHub(
    virtualNetwork: VirtualNetworkRecord,
    previous: HubConnectionRecord | undefined,
  ): void {
    const other = this.network.state
      .connectionsTo(virtualNetwork)
      .find(connection => connection !== previous);
    if (other) {
      throw new ArmError(
        400,
        'VirtualNetworkAlreadyConnectedToVirtualHub',
        `Virtual network ${virtualNetwork.id} is already connected to virtual hub ${other.hub.id} by connection ${other.id}. A virtual network can only be connected to one virtual hub at a time.`,
        REMOTE_NETWORK_TARGET,
      );
    }
  }
}

/** The spoke must not overlap the hub, nor a spoke already connected to it. */
function checkAddressSpaces(
  hub: VirtualHubRecord,
  virtualNetwork: VirtualNetworkRecord,
  peeringId: string,
): void {
  const withHub = overlapping(virtualNetwork.addressBlocks, [hub.addressBlock]);
  if (withHub.length > 0) {
    throw new ArmError(
      400,
      'VnetAddressSpacesOverlap',
      `Cannot create or update peering ${peeringId}. Virtual networks ${
        virtualNetwork.id
      } and ${
        hub.hubVirtualNetworkId
      } cannot be peered because their address spaces overlap. Overlapping address prefixes: ${withHub.join(
        ', ',
      )}`,
      REMOTE_NETWORK_TARGET,
    );
  }
  for (const { virtualNetwork: spoke } of hub.connections) {
    const withSpoke =
      spoke === virtualNetwork
        ? []
        : overlapping(virtualNetwork.addressBlocks, spoke.addressBlocks);
    if (withSpoke.length > 0) {
      throw new ArmError(
        400,
        'VnetAddressSpaceOverlapsWithAlreadyPeeredVnet',
        `Cannot create or update peering ${peeringId}. Virtual networks ${
          virtualNetwork.id
        } and ${
          hub.hubVirtualNetworkId
        } cannot be peered because address space of the first virtual network overlaps with address space of virtual network ${
          spoke.id
        } already peered with the second virtual network. Overlapping address prefixes: ${withSpoke.join(
          ', ',
        )}.`,
        REMOTE_NETWORK_TARGET,
      );
    }
  }
}

/** The peering a connection shows on its spoke virtual network. */
export function renderHubPeering(
  connection: HubConnectionRecord,
): Record<string, unknown> {
  const { hub, virtualNetwork } = connection;
  return {
    name: connection.peeringName,
    id: `${virtualNetwork.id}/virtualNetworkPeerings/${connection.peeringName}`,
    etag: connection.etag,
    type: `${VIRTUAL_NETWORK_TYPE}/virtualNetworkPeerings`,
    properties: {
      provisioningState: connection.provisioningState,
      peeringState:
        connection.provisioningState === 'Succeeded'
          ? 'Connected'
          : 'Initiated',
      remoteVirtualNetwork: { id: hub.hubVirtualNetworkId },
      remoteAddressSpace: { addressPrefixes: [hub.addressBlock.text] },
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: false,
      allowGatewayTransit: false,
      useRemoteGateways: false,
    },
  };
}
