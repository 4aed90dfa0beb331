import { randomUUID } from 'node:crypto';
import { badRequest, resourceNotFound } from '../errors';
import {
  LabRequest,
  LabResponse,
  RouteParams,
  Router,
  isJsonObject,
  objectAt,
} from '../http';
import { Ipv4Block } from '../ipv4';
import { renderHubPeering } from './hubConnections';
import { NetworkContext } from './networkContext';
import { newEtag } from './networkOperations';
import { SubnetRecord, VirtualNetworkRecord } from './networkState';
import { VIRTUAL_NETWORK_TYPE, networkResourceId } from './resourceIds';
import {
  checkResourceName,
  definedProperties,
  locationOf,
  networkApiVersion,
  readResourceBody,
  withoutKeys,
  inUseCannotBeDeleted,
} from './resourceRequests';
import { parseAddressPrefix } from './rules';
import {
  SubnetDefinition,
  checkSubnetUnused,
  defineSubnet,
  findSubnet,
  renderSubnet,
  toSubnetRecord,
} from './subnetModel';

/** Microsoft.Network/virtualNetworks, with their subnets inline. */
export class VirtualNetworks {
  constructor(private readonly network: NetworkContext) {}

  registerRoutes(router: Router): void {
    const inGroup =
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks';
    const one = `${inGroup}/{virtualNetworkName}`;
    router
      .add('PUT', one, (request, params) => this.put(request, params))
      .add('GET', one, (request, params) => this.get(request, params))
      .add('DELETE', one, (request, params) => this.delete(request, params))
      .add('GET', inGroup, (request, params) =>
        this.list(request, params.resourceGroupName),
      )
      .add(
        'GET',
        '/subscriptions/{subscriptionId}/providers/Microsoft.Network/virtualNetworks',
        request => this.list(request),
      );
  }

  private find(params: RouteParams): VirtualNetworkRecord | undefined {
    this.network.resourceGroups.require(params.resourceGroupName);
    return this.network.state.virtualNetworks.find(
      params.resourceGroupName,
      params.virtualNetworkName,
    );
  }

  private put(request: LabRequest, params: RouteParams): LabResponse {
    const apiVersion = networkApiVersion(request, VIRTUAL_NETWORK_TYPE);
    const { state, operations } = this.network;
    this.network.resourceGroups.requireWritable(params.resourceGroupName);
    checkResourceName(params.virtualNetworkName);
    const { body, properties, tags } = readResourceBody(request);
    const existing = this.find(params);
    const location = locationOf(body, existing);
    if (existing) {
      operations.ensureIdle(
        state.busyOperation(existing),
        existing.location,
        apiVersion,
      );
    }
    const id =
      existing?.id ??
      networkResourceId(
        this.network.arm.subscriptionId,
        params.resourceGroupName,
        'virtualNetworks',
        params.virtualNetworkName,
      );
    const name = existing?.name ?? params.virtualNetworkName;
    const addressBlocks = addressSpaceOf(properties, id);
    const subnets = this.replaceSubnets(
      existing,
      subnetDefinitions(properties, { id, name, addressBlocks }),
    );
    const definition = {
      tags,
      properties: withoutKeys(properties, [
        'subnets',
        'virtualNetworkPeerings',
      ]),
      addressBlocks,
      subnets,
    };
    const record: VirtualNetworkRecord = existing
      ? Object.assign(existing, definition)
      : {
          id,
          name,
          resourceGroup: params.resourceGroupName,
          location,
          resourceGuid: randomUUID(),
          provisioningState: 'Updating',
          etag: newEtag(),
          ...definition,
        };
    if (!existing) state.virtualNetworks.add(record);
    const operation = operations.start({
      kind: existing ? 'update' : 'create',
      records: [record, ...subnets],
    });
    return operations.accepted(
      !existing,
      operation,
      location,
      apiVersion,
      this.render(record),
    );
  }

  /** A PUT replaces the subnet list: subnets it leaves out are deleted, so none of them may be in use. */
  private replaceSubnets(
    existing: VirtualNetworkRecord | undefined,
    definitions: SubnetDefinition[],
  ): SubnetRecord[] {
    const previous = existing?.subnets ?? [];
    previous
      .filter(subnet => !findSubnet(definitions, subnet.name))
      .forEach(subnet => checkSubnetUnused(subnet, this.network.state));
    return definitions.map(definition =>
      toSubnetRecord(definition, findSubnet(previous, definition.name)),
    );
  }

  private async get(
    request: LabRequest,
    params: RouteParams,
  ): Promise<LabResponse> {
    networkApiVersion(request, VIRTUAL_NETWORK_TYPE);
    const record = this.find(params);
    // Reading the resource is how body-polling clients follow an operation.
    await record?.operation?.observe();
    if (!record || !this.network.state.virtualNetworks.holds(record)) {
      throw resourceNotFound(
        VIRTUAL_NETWORK_TYPE,
        params.virtualNetworkName,
        params.resourceGroupName,
      );
    }
    return { status: 200, body: this.render(record) };
  }

  private list(request: LabRequest, resourceGroup?: string): LabResponse {
    networkApiVersion(request, VIRTUAL_NETWORK_TYPE);
    if (resourceGroup !== undefined) {
      this.network.resourceGroups.require(resourceGroup);
    }
    const value = this.network.state.virtualNetworks
      .list(resourceGroup)
      .map(record => this.render(record));
    return { status: 200, body: { value } };
  }

  private delete(request: LabRequest, params: RouteParams): LabResponse {
    const apiVersion = networkApiVersion(request, VIRTUAL_NETWORK_TYPE);
    const { state, operations } = this.network;
    const record = this.find(params);
    if (!record) return { status: 204 };
    operations.ensureIdle(
      state.busyOperation(record),
      record.location,
      apiVersion,
    );
    const connections = state.connectionsTo(record);
    if (connections.length > 0) {
      throw inUseCannotBeDeleted(
        'InUseVirtualNetworkCannotBeDeleted',
        'Virtual network',
        record.id,
        connections.map(connection => connection.id),
      );
    }
    record.subnets.forEach(subnet => checkSubnetUnused(subnet, state));
    const operation = operations.start({
      kind: 'delete',
      records: [record, ...record.subnets],
      settle: result => {
        if (result.status === 'Succeeded') state.virtualNetworks.remove(record);
      },
    });
    return operations.deleteAccepted(operation, record.location, apiVersion);
  }

  private render(record: VirtualNetworkRecord): Record<string, unknown> {
    return {
      name: record.name,
      id: record.id,
      etag: record.etag,
      type: VIRTUAL_NETWORK_TYPE,
      location: record.location,
      ...(record.tags ? { tags: record.tags } : {}),
      properties: {
        enableDdosProtection: false,
        ...record.properties,
        provisioningState: record.provisioningState,
        resourceGuid: record.resourceGuid,
        subnets: record.subnets.map(renderSubnet),
        virtualNetworkPeerings: this.network.state
          .connectionsTo(record)
          .map(renderHubPeering),
      },
    };
  }
}

function addressSpaceOf(
  properties: Record<string, unknown>,
  id: string,
): Ipv4Block[] {
  const prefixes = objectAt(properties, 'addressSpace').addressPrefixes;
  return (Array.isArray(prefixes) ? prefixes : []).map((prefix, index) =>
    parseAddressPrefix(
      prefix,
      id,
      `properties.addressSpace.addressPrefixes[${index}]`,
    ),
  );
}

/** The inline `subnets` of a virtual network body, each checked against the others before it. */
function subnetDefinitions(
  properties: Record<string, unknown>,
  virtualNetwork: { id: string; name: string; addressBlocks: Ipv4Block[] },
): SubnetDefinition[] {
  const items = Array.isArray(properties.subnets) ? properties.subnets : [];
  const definitions: SubnetDefinition[] = [];
  items.forEach((item, index) => {
    const target = `properties.subnets[${index}]`;
    const subnet = isJsonObject(item) ? item : {};
    if (typeof subnet.name !== 'string' || subnet.name === '') {
      throw badRequest(
        `Subnet ${index} of virtual network '${virtualNetwork.name}' has no name.`,
        `${target}.name`,
      );
    }
    checkResourceName(subnet.name);
    if (findSubnet(definitions, subnet.name)) {
      throw badRequest(
        `Subnet '${subnet.name}' appears more than once in virtual network '${virtualNetwork.name}'.`,
        `${target}.name`,
      );
    }
    definitions.push(
      defineSubnet(
        subnet.name,
        definedProperties(subnet),
        virtualNetwork,
        definitions,
        `${target}.properties`,
      ),
    );
  });
  return definitions;
}
