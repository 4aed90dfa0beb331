import { randomUUID } from 'node:crypto';
import { ArmError, invalidParameter, resourceNotFound } from '../errors';
import { LabRequest, LabResponse, RouteParams, Router } from '../http';
import { NetworkContext } from './networkContext';
import { newEtag } from './networkOperations';
import {
  HubConnectionRecord,
  VirtualHubRecord,
  VirtualNetworkRecord,
} from './networkState';
import {
  HUB_CONNECTION_TYPE,
  VIRTUAL_HUB_TYPE,
  VIRTUAL_NETWORK_TYPE,
} from './resourceIds';
import {
  checkResourceName,
  childNotFound,
  invalidResourceReference,
  networkApiVersion,
  readResourceBody,
  referencedId,
} from './resourceRequests';
import { overlapping } from './rules';

const REMOTE_NETWORK_TARGET = 'properties.remoteVirtualNetwork.id';

/**
 * Microsoft.Network/virtualHubs/hubVirtualNetworkConnections. Under the hood a
 * connection peers the spoke with the hub's own virtual network, so it holds
 * the spoke busy while it runs and fails the way peerings fail.
 */
export class HubConnections {
  constructor(private readonly network: NetworkContext) {}

  registerRoutes(router: Router): void {
    const collection =
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualHubs/{virtualHubName}/hubVirtualNetworkConnections';
    const one = `${collection}/{connectionName}`;
    router
      .add('PUT', one, (request, params) => this.put(request, params))
      .add('GET', one, (request, params) => this.get(request, params))
      .add('DELETE', one, (request, params) => this.delete(request, params))
      .add('GET', collection, (request, params) => this.list(request, params));
  }

  /** The parent hub, or ARM's 404 for it. */
  private hub(params: RouteParams): VirtualHubRecord {
    this.network.resourceGroups.require(params.resourceGroupName);
    const hub = this.network.state.virtualHubs.find(
      params.resourceGroupName,
      params.virtualHubName,
    );
    if (!hub) {
      throw resourceNotFound(
        VIRTUAL_HUB_TYPE,
        params.virtualHubName,
        params.resourceGroupName,
      );
    }
    return hub;
  }

  private put(request: LabRequest, params: RouteParams): LabResponse {
    const apiVersion = networkApiVersion(request, HUB_CONNECTION_TYPE);
    const { state, operations } = this.network;
    this.network.resourceGroups.requireWritable(params.resourceGroupName);
    const hub = this.hub(params);
    checkResourceName(params.connectionName);
    const { properties } = readResourceBody(request);
    const previous = findConnection(hub, params.connectionName);
    const id =
      previous?.id ??
      `${hub.id}/hubVirtualNetworkConnections/${params.connectionName}`;
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
    const record: HubConnectionRecord = previous
      ? Object.assign(previous, definition)
      : {
          id,
          name: params.connectionName,
          hub,
          peeringName,
          provisioningState: 'Updating',
          etag: newEtag(),
          ...definition,
        };
    if (!previous) hub.connections.push(record);
    const operation = operations.start({
      kind: previous ? 'update' : 'create',
      records: [record],
    });
    return operations.accepted(
      !previous,
      operation,
      hub.location,
      apiVersion,
      renderConnection(record),
    );
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

  private async get(
    request: LabRequest,
    params: RouteParams,
  ): Promise<LabResponse> {
    networkApiVersion(request, HUB_CONNECTION_TYPE);
    const hub = this.hub(params);
    const record = findConnection(hub, params.connectionName);
    await record?.operation?.observe();
    if (!record || !hub.connections.includes(record)) {
      throw childNotFound(
        `${hub.id}/hubVirtualNetworkConnections/${params.connectionName}`,
      );
    }
    return { status: 200, body: renderConnection(record) };
  }

  private list(request: LabRequest, params: RouteParams): LabResponse {
    networkApiVersion(request, HUB_CONNECTION_TYPE);
    const hub = this.hub(params);
    return {
      status: 200,
      body: { value: hub.connections.map(renderConnection) },
    };
  }

  private delete(request: LabRequest, params: RouteParams): LabResponse {
    const apiVersion = networkApiVersion(request, HUB_CONNECTION_TYPE);
    const { state, operations } = this.network;
    const hub = this.hub(params);
    const record = findConnection(hub, params.connectionName);
    if (!record) return { status: 204 };
    operations.ensureIdle(hub.operation, hub.location, apiVersion);
    operations.ensureIdle(
      state.busyOperation(record.virtualNetwork),
      record.virtualNetwork.location,
      apiVersion,
    );
    const operation = operations.start({
      kind: 'delete',
      records: [record],
      settle: result => {
        if (result.status === 'Succeeded') {
          hub.connections = hub.connections.filter(
            connection => connection !== record,
          );
        }
      },
    });
    return operations.deleteAccepted(operation, hub.location, apiVersion);
  }
}

function findConnection(
  hub: VirtualHubRecord,
  name: string,
): HubConnectionRecord | undefined {
  return hub.connections.find(
    connection => connection.name.toLowerCase() === name.toLowerCase(),
  );
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

function renderConnection(
  record: HubConnectionRecord,
): Record<string, unknown> {
  return {
    name: record.name,
    id: record.id,
    etag: record.etag,
    type: HUB_CONNECTION_TYPE,
    properties: {
      ...record.properties,
      provisioningState: record.provisioningState,
      remoteVirtualNetwork: { id: record.virtualNetwork.id },
    },
  };
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
