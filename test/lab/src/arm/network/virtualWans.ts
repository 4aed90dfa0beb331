import { randomUUID } from 'node:crypto';
import { invalidParameter, resourceNotFound } from '../errors';
import { LabRequest, LabResponse, RouteParams, Router } from '../http';
import { NetworkContext } from './networkContext';
import { newEtag } from './networkOperations';
import { VirtualWanRecord } from './networkState';
import { VIRTUAL_WAN_TYPE, networkResourceId } from './resourceIds';
import {
  checkResourceName,
  inUseCannotBeDeleted,
  locationOf,
  networkApiVersion,
  readResourceBody,
} from './resourceRequests';

/** The wire's `properties.type`, which @azure/arm-network calls `typePropertiesType`. */
const WAN_TYPES = ['Standard', 'Basic'];

/** Microsoft.Network/virtualWans. */
export class VirtualWans {
  constructor(private readonly network: NetworkContext) {}

  registerRoutes(router: Router): void {
    const inGroup =
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualWans';
    const one = `${inGroup}/{virtualWanName}`;
    router
      .add('PUT', one, (request, params) => this.put(request, params))
      .add('GET', one, (request, params) => this.get(request, params))
      .add('DELETE', one, (request, params) => this.delete(request, params))
      .add('GET', inGroup, (request, params) =>
        this.list(request, params.resourceGroupName),
      )
      .add(
        'GET',
        '/subscriptions/{subscriptionId}/providers/Microsoft.Network/virtualWans',
        request => this.list(request),
      );
  }

  private find(params: RouteParams): VirtualWanRecord | undefined {
    this.network.resourceGroups.require(params.resourceGroupName);
    return this.network.state.virtualWans.find(
      params.resourceGroupName,
      params.virtualWanName,
    );
  }

  private put(request: LabRequest, params: RouteParams): LabResponse {
    const apiVersion = networkApiVersion(request, VIRTUAL_WAN_TYPE);
    const { state, operations } = this.network;
    this.network.resourceGroups.requireWritable(params.resourceGroupName);
    checkResourceName(params.virtualWanName);
    const { body, properties, tags } = readResourceBody(request);
    const existing = this.find(params);
    const location = locationOf(body, existing);
    if (existing) {
      operations.ensureIdle(existing.operation, existing.location, apiVersion);
    }
    const type = properties.type ?? 'Standard';
    if (typeof type !== 'string' || !WAN_TYPES.includes(type)) {
      throw invalidParameter(
        'properties.type',
        `The value of parameter properties.type is invalid: '${String(
          type,
        )}' is not one of ${WAN_TYPES.map(known => `'${known}'`).join(', ')}.`,
      );
    }
    const definition = { tags, properties: { ...properties, type } };
    const record: VirtualWanRecord = existing
      ? Object.assign(existing, definition)
      : {
          id: networkResourceId(
            this.network.arm.subscriptionId,
            params.resourceGroupName,
            'virtualWans',
            params.virtualWanName,
          ),
          name: params.virtualWanName,
          resourceGroup: params.resourceGroupName,
          location,
          resourceGuid: randomUUID(),
          provisioningState: 'Updating',
          etag: newEtag(),
          ...definition,
        };
    if (!existing) state.virtualWans.add(record);
    const operation = operations.start({
      kind: existing ? 'update' : 'create',
      records: [record],
    });
    return operations.accepted(
      !existing,
      operation,
      location,
      apiVersion,
      this.render(record),
    );
  }

  private async get(
    request: LabRequest,
    params: RouteParams,
  ): Promise<LabResponse> {
    networkApiVersion(request, VIRTUAL_WAN_TYPE);
    const record = this.find(params);
    await record?.operation?.observe();
    if (!record || !this.network.state.virtualWans.holds(record)) {
      throw resourceNotFound(
        VIRTUAL_WAN_TYPE,
        params.virtualWanName,
        params.resourceGroupName,
      );
    }
    return { status: 200, body: this.render(record) };
  }

  private list(request: LabRequest, resourceGroup?: string): LabResponse {
    networkApiVersion(request, VIRTUAL_WAN_TYPE);
    if (resourceGroup !== undefined) {
      this.network.resourceGroups.require(resourceGroup);
    }
    const value = this.network.state.virtualWans
      .list(resourceGroup)
      .map(record => this.render(record));
    return { status: 200, body: { value } };
  }

  private delete(request: LabRequest, params: RouteParams): LabResponse {
    const apiVersion = networkApiVersion(request, VIRTUAL_WAN_TYPE);
    const { state, operations } = this.network;
    const record = this.find(params);
    if (!record) return { status: 204 };
    operations.ensureIdle(record.operation, record.location, apiVersion);
    const hubs = this.hubsOf(record);
    if (hubs.length > 0) {
      throw inUseCannotBeDeleted(
        'InUseVirtualWanCannotBeDeleted',
        'Virtual WAN',
        record.id,
        hubs,
      );
    }
    const operation = operations.start({
      kind: 'delete',
      records: [record],
      settle: result => {
        if (result.status === 'Succeeded') state.virtualWans.remove(record);
      },
    });
    return operations.deleteAccepted(operation, record.location, apiVersion);
  }

  private hubsOf(record: VirtualWanRecord): string[] {
    return this.network.state.virtualHubs
      .list()
      .filter(hub => hub.virtualWan === record)
      .map(hub => hub.id);
  }

  private render(record: VirtualWanRecord): Record<string, unknown> {
    return {
      name: record.name,
      id: record.id,
      etag: record.etag,
      type: VIRTUAL_WAN_TYPE,
      location: record.location,
      ...(record.tags ? { tags: record.tags } : {}),
      properties: {
        disableVpnEncryption: false,
        allowBranchToBranchTraffic: true,
        office365LocalBreakoutCategory: 'None',
        ...record.properties,
        provisioningState: record.provisioningState,
        virtualHubs: this.hubsOf(record).map(id => ({ id })),
        vpnSites: [],
      },
    };
  }
}
