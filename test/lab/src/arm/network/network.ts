import { ArmContext } from '../context';
import { Router } from '../http';
import { ResourceGroups } from '../resourceGroups';
import { HubConnections } from './hubConnections';
import { NetworkContext } from './networkContext';
import { NetworkOperations } from './networkOperations';
import { NetworkState } from './networkState';
import { Subnets } from './subnets';
import { VirtualHubs } from './virtualHubs';
import { VirtualNetworks } from './virtualNetworks';
import { VirtualWans } from './virtualWans';

/**
 * Microsoft.Network as far as the lab's seed topology needs it: spoke virtual
 * networks and their subnets, a virtual WAN, its hub, and hub connections.
 */
export class Network {
  readonly state: NetworkState;
  private readonly resourceTypes: { registerRoutes(router: Router): void }[];

  constructor(
    arm: ArmContext,
    resourceGroups: ResourceGroups,
    options: { virtualHubRoutingGets: number },
  ) {
    this.state = new NetworkState(arm.subscriptionId);
    const network: NetworkContext = {
      arm,
      resourceGroups,
      state: this.state,
      operations: new NetworkOperations(arm),
    };
    this.resourceTypes = [
      new VirtualNetworks(network),
      new Subnets(network),
      new VirtualWans(network),
      new VirtualHubs(network, options.virtualHubRoutingGets),
      new HubConnections(network),
    ];
  }

  registerRoutes(router: Router): void {
    this.resourceTypes.forEach(resourceType =>
      resourceType.registerRoutes(router),
    );
  }
}
