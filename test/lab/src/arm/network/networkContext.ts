import { ArmContext } from '../context';
import { ResourceGroups } from '../resourceGroups';
import { NetworkOperations } from './networkOperations';
import { NetworkState } from './networkState';

/** What every Microsoft.Network resource type of the emulator works with. */
export interface NetworkContext {
  arm: ArmContext;
  resourceGroups: ResourceGroups;
  state: NetworkState;
  operations: NetworkOperations;
}
