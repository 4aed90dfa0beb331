import { ArmContext } from '../context';
import { Router } from '../http';
import { ResourceGroups } from '../resourceGroups';
import { ChildResourceRoutes } from './childResources';
import { HubConnections } from './hubConnections';
import { NetworkContext } from './networkContext';
import { NetworkOperations } from './networkOperations';
import { NetworkState } from './networkState';
import { Subnets } from './subnets';
import { TopLevelResourceRoutes } from './topLevelResources';
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
    const virtualNetworks = new VirtualNetworks(network);
    const virtualHubs = new VirtualHubs(network, options.virtualHubRoutingGets);
    this.resourceTypes = [
      new TopLevelResourceRoutes(network, virtualNetworks),
      new ChildResourceRoutes(network, new Subnets(network, virtualNetworks)),
      new TopLevelResourceRoutes(network, new VirtualWans(network)),
      new TopLevelResourceRoutes(network, virtualHubs),
      new ChildResourceRoutes(
        network,
        new HubConnections(network, virtualHubs),
      ),
    ];
  }

  registerRoutes(router: Router): void {
    this.resourceTypes.forEach(resourceType =>
      resourceType.registerRoutes(router),
    );
  }
}
