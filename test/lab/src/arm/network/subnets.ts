import { resourceNotFound } from '../errors';
import { LabRequest, LabResponse, RouteParams, Router } from '../http';
import { NetworkContext } from './networkContext';
import { VirtualNetworkRecord } from './networkState';
import { SUBNET_TYPE, VIRTUAL_NETWORK_TYPE } from './resourceIds';
import {
  checkResourceName,
  childNotFound,
  networkApiVersion,
  readResourceBody,
} from './resourceRequests';
import {
  checkSubnetUnused,
  defineSubnet,
  findSubnet,
  renderSubnet,
  toSubnetRecord,
} from './subnetModel';

/**
 * Microsoft.Network/virtualNetworks/subnets. A subnet write holds its whole
 * virtual network: Network serialises writes per virtual network.
 */
export class Subnets {
  constructor(private readonly network: NetworkContext) {}

  registerRoutes(router: Router): void {
    const collection =
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}/subnets';
    const one = `${collection}/{subnetName}`;
    router
      .add('PUT', one, (request, params) => this.put(request, params))
      .add('GET', one, (request, params) => this.get(request, params))
      .add('DELETE', one, (request, params) => this.delete(request, params))
      .add('GET', collection, (request, params) => this.list(request, params));
  }

  /** The parent virtual network, or ARM's 404 for it. */
  private virtualNetwork(params: RouteParams): VirtualNetworkRecord {
    this.network.resourceGroups.require(params.resourceGroupName);
    const virtualNetwork = this.network.state.virtualNetworks.find(
      params.resourceGroupName,
      params.virtualNetworkName,
    );
    if (!virtualNetwork) {
      throw resourceNotFound(
        VIRTUAL_NETWORK_TYPE,
        params.virtualNetworkName,
        params.resourceGroupName,
      );
    }
    return virtualNetwork;
  }

  private put(request: LabRequest, params: RouteParams): LabResponse {
    const apiVersion = networkApiVersion(request, SUBNET_TYPE);
    const { state, operations } = this.network;
    this.network.resourceGroups.requireWritable(params.resourceGroupName);
    const virtualNetwork = this.virtualNetwork(params);
    checkResourceName(params.subnetName);
    const { properties } = readResourceBody(request);
    operations.ensureIdle(
      state.busyOperation(virtualNetwork),
      virtualNetwork.location,
      apiVersion,
    );
    const previous = findSubnet(virtualNetwork.subnets, params.subnetName);
    const definition = defineSubnet(
      previous?.name ?? params.subnetName,
      properties,
      virtualNetwork,
      virtualNetwork.subnets.filter(subnet => subnet !== previous),
      'properties',
    );
    const record = toSubnetRecord(definition, previous);
    if (!previous) virtualNetwork.subnets.push(record);
    const operation = operations.start({
      kind: previous ? 'update' : 'create',
      records: [record],
    });
    return operations.accepted(
      !previous,
      operation,
      virtualNetwork.location,
      apiVersion,
      renderSubnet(record),
    );
  }

  private async get(
    request: LabRequest,
    params: RouteParams,
  ): Promise<LabResponse> {
    networkApiVersion(request, SUBNET_TYPE);
    const virtualNetwork = this.virtualNetwork(params);
    const record = findSubnet(virtualNetwork.subnets, params.subnetName);
    await record?.operation?.observe();
    if (!record || !virtualNetwork.subnets.includes(record)) {
      throw childNotFound(`${virtualNetwork.id}/subnets/${params.subnetName}`);
    }
    return { status: 200, body: renderSubnet(record) };
  }

  private list(request: LabRequest, params: RouteParams): LabResponse {
    networkApiVersion(request, SUBNET_TYPE);
    const virtualNetwork = this.virtualNetwork(params);
    return {
      status: 200,
      body: { value: virtualNetwork.subnets.map(renderSubnet) },
    };
  }

  private delete(request: LabRequest, params: RouteParams): LabResponse {
    const apiVersion = networkApiVersion(request, SUBNET_TYPE);
    const { state, operations } = this.network;
    const virtualNetwork = this.virtualNetwork(params);
    const record = findSubnet(virtualNetwork.subnets, params.subnetName);
    if (!record) return { status: 204 };
    operations.ensureIdle(
      state.busyOperation(virtualNetwork),
      virtualNetwork.location,
      apiVersion,
    );
    checkSubnetUnused(record, state);
    const operation = operations.start({
      kind: 'delete',
      records: [record],
      settle: result => {
        if (result.status === 'Succeeded') {
          virtualNetwork.subnets = virtualNetwork.subnets.filter(
            subnet => subnet !== record,
          );
        }
      },
    });
    return operations.deleteAccepted(
      operation,
      virtualNetwork.location,
      apiVersion,
    );
  }
}
