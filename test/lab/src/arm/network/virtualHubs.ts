import { randomUUID } from 'node:crypto';
import { ArmError, invalidParameter, resourceNotFound } from '../errors';
import { LabRequest, LabResponse, RouteParams, Router } from '../http';
import { OperationResult } from '../operations';
import { NetworkContext } from './networkContext';
import { newEtag } from './networkOperations';
import { VirtualHubRecord } from './networkState';
import { VIRTUAL_HUB_TYPE, networkResourceId } from './resourceIds';
import {
  checkResourceName,
  inUseCannotBeDeleted,
  invalidResourceReference,
  locationOf,
  networkApiVersion,
  readResourceBody,
  referencedId,
} from './resourceRequests';
import { checkHubAddressPrefix, parseAddressPrefix } from './rules';

/**
 * Microsoft.Network/virtualHubs. The hub router lags the hub: after
 * `provisioningState` reaches Succeeded, `routingState` stays `Provisioning`
 * for `routingGets` GETs of the hub, then turns `Provisioned`.
 */
export class VirtualHubs {
  constructor(
    private readonly network: NetworkContext,
    private readonly routingGets: number,
  ) {}

  registerRoutes(router: Router): void {
    const inGroup =
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualHubs';
    const one = `${inGroup}/{virtualHubName}`;
    router
      .add('PUT', one, (request, params) => this.put(request, params))
      .add('GET', one, (request, params) => this.get(request, params))
      .add('DELETE', one, (request, params) => this.delete(request, params))
      .add('GET', inGroup, (request, params) =>
        this.list(request, params.resourceGroupName),
      )
      .add(
        'GET',
        '/subscriptions/{subscriptionId}/providers/Microsoft.Network/virtualHubs',
        request => this.list(request),
      );
  }

  private find(params: RouteParams): VirtualHubRecord | undefined {
    this.network.resourceGroups.require(params.resourceGroupName);
    return this.network.state.virtualHubs.find(
      params.resourceGroupName,
      params.virtualHubName,
    );
  }

  private put(request: LabRequest, params: RouteParams): LabResponse {
    const apiVersion = networkApiVersion(request, VIRTUAL_HUB_TYPE);
    const { state, operations } = this.network;
    this.network.resourceGroups.requireWritable(params.resourceGroupName);
    checkResourceName(params.virtualHubName);
    const { body, properties, tags } = readResourceBody(request);
    const existing = this.find(params);
    const location = locationOf(body, existing);
    if (existing) {
      operations.ensureIdle(existing.operation, existing.location, apiVersion);
    }
    const id =
      existing?.id ??
      networkResourceId(
        this.network.arm.subscriptionId,
        params.resourceGroupName,
        'virtualHubs',
        params.virtualHubName,
      );
    const addressBlock = parseAddressPrefix(
      properties.addressPrefix,
      id,
      'properties.addressPrefix',
    );
    checkHubAddressPrefix(addressBlock, 'properties.addressPrefix');
    if (existing && existing.addressBlock.text !== addressBlock.text) {
      // "It is not possible to change the private IP Address Space for a Virtual WAN Hub post creation."
      throw new ArmError(
        400,
        'PropertyChangeNotAllowed',
        "Changing property 'addressPrefix' is not allowed.",
        'properties.addressPrefix',
      );
    }
    const wanTarget = 'properties.virtualWan.id';
    const wanId = referencedId(properties, 'virtualWan');
    if (!wanId) {
      throw invalidParameter(
        wanTarget,
        `The value of parameter ${wanTarget} is invalid: a virtual hub must belong to a virtual WAN.`,
      );
    }
    const virtualWan = state.virtualWanById(wanId);
    if (!virtualWan) throw invalidResourceReference(wanId, id, wanTarget);

    const definition = {
      tags,
      properties: { sku: 'Standard', ...properties },
      addressBlock,
      virtualWan,
    };
    const record: VirtualHubRecord = existing
      ? Object.assign(existing, definition)
      : {
          id,
          name: params.virtualHubName,
          resourceGroup: params.resourceGroupName,
          location,
          resourceGuid: randomUUID(),
          provisioningState: 'Updating',
          etag: newEtag(),
          routingState: 'Provisioning',
          routingGetsLeft: 0,
          connections: [],
          hubVirtualNetworkId: hubVirtualNetworkId(params.virtualHubName),
          ...definition,
        };
    if (!existing) state.virtualHubs.add(record);
    const operation = operations.start({
      kind: existing ? 'update' : 'create',
      records: [record],
      settle: result => this.provisionRouting(record, result),
    });
    return operations.accepted(
      !existing,
      operation,
      location,
      apiVersion,
      this.render(record),
    );
  }

  /** The router starts provisioning once the hub has; a failed hub has a failed router. */
  private provisionRouting(
    record: VirtualHubRecord,
    result: OperationResult,
  ): void {
    if (record.routingState === 'Provisioned') return;
    if (result.status !== 'Succeeded') {
      record.routingState = 'Failed';
      return;
    }
    record.routingGetsLeft = this.routingGets;
    record.routingState = this.routingGets > 0 ? 'Provisioning' : 'Provisioned';
  }

  private async get(
    request: LabRequest,
    params: RouteParams,
  ): Promise<LabResponse> {
    networkApiVersion(request, VIRTUAL_HUB_TYPE);
    const record = this.find(params);
    await record?.operation?.observe();
    if (!record || !this.network.state.virtualHubs.holds(record)) {
      throw resourceNotFound(
        VIRTUAL_HUB_TYPE,
        params.virtualHubName,
        params.resourceGroupName,
      );
    }
    countRoutingGet(record);
    return { status: 200, body: this.render(record) };
  }

  private list(request: LabRequest, resourceGroup?: string): LabResponse {
    networkApiVersion(request, VIRTUAL_HUB_TYPE);
    if (resourceGroup !== undefined) {
      this.network.resourceGroups.require(resourceGroup);
    }
    const value = this.network.state.virtualHubs
      .list(resourceGroup)
      .map(record => this.render(record));
    return { status: 200, body: { value } };
  }

  private delete(request: LabRequest, params: RouteParams): LabResponse {
    const apiVersion = networkApiVersion(request, VIRTUAL_HUB_TYPE);
    const { state, operations } = this.network;
    const record = this.find(params);
    if (!record) return { status: 204 };
    operations.ensureIdle(record.operation, record.location, apiVersion);
    if (record.connections.length > 0) {
      throw inUseCannotBeDeleted(
        'CannotDeleteVirtualHubWhenItIsInUse',
        'Virtual hub',
        record.id,
        record.connections.map(connection => connection.id),
      );
    }
    const operation = operations.start({
      kind: 'delete',
      records: [record],
      settle: result => {
        if (result.status === 'Succeeded') state.virtualHubs.remove(record);
      },
    });
    return operations.deleteAccepted(operation, record.location, apiVersion);
  }

  private render(record: VirtualHubRecord): Record<string, unknown> {
    return {
      name: record.name,
      id: record.id,
      etag: record.etag,
      type: VIRTUAL_HUB_TYPE,
      location: record.location,
      ...(record.tags ? { tags: record.tags } : {}),
      properties: {
        ...record.properties,
        provisioningState: record.provisioningState,
        routingState: record.routingState,
        addressPrefix: record.addressBlock.text,
        virtualWan: { id: record.virtualWan.id },
      },
    };
  }
}

/**
 * One more GET of a provisioned hub whose router is still provisioning; the
 * GET after the last counted one finds it Provisioned. Counting before the
 * response keeps what a client last saw and what a write meets the same.
 */
function countRoutingGet(record: VirtualHubRecord): void {
  if (
    record.provisioningState !== 'Succeeded' ||
    record.routingState !== 'Provisioning'
  ) {
    return;
  }
  if (record.routingGetsLeft > 0) {
    record.routingGetsLeft--;
  } else {
    record.routingState = 'Provisioned';
  }
}

/** Hubs run on a Microsoft-managed virtual network, `HV_<hub>_<guid>`, in a subscription of Microsoft's. */
function hubVirtualNetworkId(hubName: string): string {
  return `/subscriptions/${randomUUID()}/resourceGroups/RG_${hubName}_${randomUUID()}/providers/Microsoft.Network/virtualNetworks/HV_${hubName}_${randomUUID()}`;
}
