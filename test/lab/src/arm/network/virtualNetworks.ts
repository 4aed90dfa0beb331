import { badRequest } from '../errors';
import { isJsonObject, objectAt } from '../http';
import { Ipv4Block } from '../ipv4';
import { AsyncOperation } from '../operations';
import { renderHubPeering } from './hubConnections';
import { NetworkContext } from './networkContext';
import { NetworkRecord } from './networkOperations';
import {
  ResourceCollection,
  SubnetRecord,
  VirtualNetworkRecord,
} from './networkState';
import { VIRTUAL_NETWORK_TYPE } from './resourceIds';
import {
  checkResourceName,
  definedProperties,
  inUseCannotBeDeleted,
  withoutKeys,
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
import {
  NewTopLevelFields,
  TopLevelResourceKind,
  TopLevelWrite,
} from './topLevelResources';

type VirtualNetworkDefinition = Pick<
  VirtualNetworkRecord,
  'properties' | 'addressBlocks' | 'subnets'
>;

/** Microsoft.Network/virtualNetworks, with their subnets inline. */
export class VirtualNetworks
  implements
    TopLevelResourceKind<VirtualNetworkRecord, VirtualNetworkDefinition>
{
  readonly type = VIRTUAL_NETWORK_TYPE;
  readonly pathSegment = 'virtualNetworks';
  readonly nameParam = 'virtualNetworkName';
  readonly propertyDefaults = { enableDdosProtection: false };

  constructor(private readonly network: NetworkContext) {}

  get records(): ResourceCollection<VirtualNetworkRecord> {
    return this.network.state.virtualNetworks;
  }

  /** Subnet writes and hub connections hold their virtual network too. */
  busyOperation(record: VirtualNetworkRecord): AsyncOperation | undefined {
    return this.network.state.busyOperation(record);
  }

  define({
    id,
    name,
    properties,
    existing,
  }: TopLevelWrite<VirtualNetworkRecord>): VirtualNetworkDefinition {
    const addressBlocks = addressSpaceOf(properties, id);
    const subnets = this.replaceSubnets(
      existing,
      subnetDefinitions(properties, { id, name, addressBlocks }),
    );
    return {
      properties: withoutKeys(properties, [
        'subnets',
        'virtualNetworkPeerings',
      ]),
      addressBlocks,
      subnets,
    };
  }

  newRecord(
    fields: NewTopLevelFields & VirtualNetworkDefinition,
  ): VirtualNetworkRecord {
    return fields;
  }

  /** A virtual network's operations cover its inline subnets. */
  operationRecords(record: VirtualNetworkRecord): NetworkRecord[] {
    return [record, ...record.subnets];
  }

  checkDeletable(record: VirtualNetworkRecord): void {
    const { state } = this.network;
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
  }

  serviceProperties(record: VirtualNetworkRecord): Record<string, unknown> {
    return {
      resourceGuid: record.resourceGuid,
      subnets: record.subnets.map(renderSubnet),
      virtualNetworkPeerings: this.network.state
        .connectionsTo(record)
        .map(renderHubPeering),
    };
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
