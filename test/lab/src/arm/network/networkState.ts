import type { SubnetLookup, VirtualNetworkOfSubnet } from '../aksSubnetRules';
import { caseInsensitiveKey } from '../context';
import { Ipv4Block } from '../ipv4';
import { AsyncOperation } from '../operations';
import { NetworkRecord } from './networkOperations';
import { NetworkResourceId, parseNetworkResourceId } from './resourceIds';

/** A resource that lives directly in a resource group. */
export interface TopLevelRecord extends NetworkRecord {
  resourceGroup: string;
  location: string;
  tags?: Record<string, string>;
  resourceGuid: string;
  /** `properties` as the client last defined them. */
  properties: Record<string, unknown>;
}

export interface SubnetRecord extends NetworkRecord {
  properties: Record<string, unknown>;
  blocks: Ipv4Block[];
}

export interface VirtualNetworkRecord extends TopLevelRecord {
  addressBlocks: Ipv4Block[];
  /** In the order clients defined them. */
  subnets: SubnetRecord[];
}

export type VirtualWanRecord = TopLevelRecord;

export type RoutingState = 'Provisioning' | 'Provisioned' | 'Failed';

export interface VirtualHubRecord extends TopLevelRecord {
  addressBlock: Ipv4Block;
  virtualWan: VirtualWanRecord;
  /** The hub router's state; it lags `provisioningState` (research-azure §3). */
  routingState: RoutingState;
  /** GETs that will still report routingState `Provisioning`. */
  routingGetsLeft: number;
  connections: HubConnectionRecord[];
  /** The Microsoft-managed virtual network behind the hub; spokes peer with it. */
  hubVirtualNetworkId: string;
}

export interface HubConnectionRecord extends NetworkRecord {
  hub: VirtualHubRecord;
  virtualNetwork: VirtualNetworkRecord;
  properties: Record<string, unknown>;
  /** The peering the connection creates on the spoke: `RemoteVnetToHubPeering_<guid>`. */
  peeringName: string;
}

/** The records of one top-level resource type, keyed case-insensitively by group and name. */
export class ResourceCollection<R extends TopLevelRecord> {
  private readonly records = new Map<string, R>();

  find(resourceGroup: string, name: string): R | undefined {
    return this.records.get(caseInsensitiveKey(resourceGroup, name));
  }

  /** Whether `record` is still the resource stored under its name. */
  holds(record: R): boolean {
    return this.find(record.resourceGroup, record.name) === record;
  }

  add(record: R): void {
    this.records.set(
      caseInsensitiveKey(record.resourceGroup, record.name),
      record,
    );
  }

  remove(record: R): void {
    if (this.holds(record)) {
      this.records.delete(
        caseInsensitiveKey(record.resourceGroup, record.name),
      );
    }
  }

  /** All records, or those of one resource group. */
  list(resourceGroup?: string): R[] {
    return [...this.records.values()].filter(
      record =>
        resourceGroup === undefined ||
        record.resourceGroup.toLowerCase() === resourceGroup.toLowerCase(),
    );
  }
}

/** Everything Microsoft.Network holds, and the relations between resources. */
export class NetworkState implements SubnetLookup {
  readonly virtualNetworks = new ResourceCollection<VirtualNetworkRecord>();
  readonly virtualWans = new ResourceCollection<VirtualWanRecord>();
  readonly virtualHubs = new ResourceCollection<VirtualHubRecord>();
  private subnetUsers: (subnetId: string) => string[] = () => [];

  constructor(private readonly subscriptionId: string) {}

  /** Tells Network which resources of other providers sit in a subnet (managed clusters' node pools). */
  onSubnetUsers(users: (subnetId: string) => string[]): void {
    this.subnetUsers = users;
  }

  usersOfSubnet(subnet: SubnetRecord): string[] {
    return this.subnetUsers(subnet.id);
  }

  virtualNetworkById(id: string): VirtualNetworkRecord | undefined {
    return this.findById(this.virtualNetworks, 'virtualNetworks', id);
  }

  virtualWanById(id: string): VirtualWanRecord | undefined {
    return this.findById(this.virtualWans, 'virtualWans', id);
  }

  virtualNetworkOfSubnet(subnetId: string): VirtualNetworkOfSubnet | undefined {
    const parsed = parseNetworkResourceId(subnetId);
    if (
      !parsed ||
      !this.names(parsed, 'virtualNetworks', 'subnets') ||
      parsed.childName === undefined
    ) {
      return undefined;
    }
    const subnetName = parsed.childName.toLowerCase();
    const virtualNetwork = this.virtualNetworks.find(
      parsed.resourceGroup,
      parsed.name,
    );
    return virtualNetwork?.subnets.some(
      subnet => subnet.name.toLowerCase() === subnetName,
    )
      ? virtualNetwork
      : undefined;
  }

  connectionsTo(virtualNetwork: VirtualNetworkRecord): HubConnectionRecord[] {
    return this.virtualHubs
      .list()
      .flatMap(hub => hub.connections)
      .filter(connection => connection.virtualNetwork === virtualNetwork);
  }

  /**
   * The operation that keeps a virtual network busy: its own, a subnet's, or
   * that of a hub connection to it. Network serialises all of these.
   */
  busyOperation(
    virtualNetwork: VirtualNetworkRecord,
  ): AsyncOperation | undefined {
    return [
      virtualNetwork,
      ...virtualNetwork.subnets,
      ...this.connectionsTo(virtualNetwork),
    ]
      .map(record => record.operation)
      .find(operation => operation?.inProgress);
  }

  /** Removes a deleted resource group's resources, and the hub connections that lose an end. */
  async deleteAllIn(resourceGroup: string): Promise<void> {
    const inGroup = (record: TopLevelRecord) =>
      record.resourceGroup.toLowerCase() === resourceGroup.toLowerCase();
    const removed: NetworkRecord[] = [];
    for (const hub of this.virtualHubs.list()) {
      const lost = hub.connections.filter(
        connection => inGroup(hub) || inGroup(connection.virtualNetwork),
      );
      hub.connections = hub.connections.filter(
        connection => !lost.includes(connection),
      );
      removed.push(...lost);
    }
    for (const virtualNetwork of this.virtualNetworks.list(resourceGroup)) {
      this.virtualNetworks.remove(virtualNetwork);
      removed.push(virtualNetwork, ...virtualNetwork.subnets);
    }
    for (const hub of this.virtualHubs.list(resourceGroup)) {
      this.virtualHubs.remove(hub);
      removed.push(hub);
    }
    for (const virtualWan of this.virtualWans.list(resourceGroup)) {
      this.virtualWans.remove(virtualWan);
      removed.push(virtualWan);
    }
    await Promise.all(removed.map(record => record.operation?.supersede()));
  }

  private findById<R extends TopLevelRecord>(
    collection: ResourceCollection<R>,
    type: string,
    id: string,
  ): R | undefined {
    const parsed = parseNetworkResourceId(id);
    return parsed && this.names(parsed, type)
      ? collection.find(parsed.resourceGroup, parsed.name)
      : undefined;
  }

  /** Whether `parsed` names a resource of `type` (or its `childType`) in this subscription. */
  private names(
    parsed: NetworkResourceId,
    type: string,
    childType?: string,
  ): boolean {
    return (
      parsed.subscriptionId.toLowerCase() ===
        this.subscriptionId.toLowerCase() &&
      parsed.type.toLowerCase() === type.toLowerCase() &&
      parsed.childType?.toLowerCase() === childType?.toLowerCase()
    );
  }
}
