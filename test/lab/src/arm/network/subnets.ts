import { ChildResourceKind, ChildWrite } from './childResources';
import { NetworkContext } from './networkContext';
import { SubnetRecord, VirtualNetworkRecord } from './networkState';
import { SUBNET_TYPE } from './resourceIds';
import {
  checkSubnetUnused,
  defineSubnet,
  renderSubnet,
  toSubnetRecord,
} from './subnetModel';
import { TopLevelResourceType } from './topLevelResources';

/**
 * Microsoft.Network/virtualNetworks/subnets. A subnet write holds its whole
 * virtual network: Network serialises writes per virtual network.
 */
export class Subnets
  implements ChildResourceKind<VirtualNetworkRecord, SubnetRecord>
{
  readonly type = SUBNET_TYPE;
  readonly pathSegment = 'subnets';
  readonly nameParam = 'subnetName';

  constructor(
    private readonly network: NetworkContext,
    readonly parent: TopLevelResourceType<VirtualNetworkRecord>,
  ) {}

  children(virtualNetwork: VirtualNetworkRecord): SubnetRecord[] {
    return virtualNetwork.subnets;
  }

  setChildren(
    virtualNetwork: VirtualNetworkRecord,
    subnets: SubnetRecord[],
  ): void {
    virtualNetwork.subnets = subnets;
  }

  write({
    parent: virtualNetwork,
    name,
    properties,
    previous,
    apiVersion,
  }: ChildWrite<VirtualNetworkRecord, SubnetRecord>): SubnetRecord {
    this.ensureIdle(virtualNetwork, apiVersion);
    const definition = defineSubnet(
      previous?.name ?? name,
      properties,
      virtualNetwork,
      virtualNetwork.subnets.filter(subnet => subnet !== previous),
      'properties',
    );
    return toSubnetRecord(definition, previous);
  }

  checkDeletable(
    virtualNetwork: VirtualNetworkRecord,
    subnet: SubnetRecord,
    apiVersion: string,
  ): void {
    this.ensureIdle(virtualNetwork, apiVersion);
    checkSubnetUnused(subnet, this.network.state);
  }

  render(subnet: SubnetRecord): Record<string, unknown> {
    return renderSubnet(subnet);
  }

  private ensureIdle(
    virtualNetwork: VirtualNetworkRecord,
    apiVersion: string,
  ): void {
    this.network.operations.ensureIdle(
      this.network.state.busyOperation(virtualNetwork),
      virtualNetwork.location,
      apiVersion,
    );
  }
}
