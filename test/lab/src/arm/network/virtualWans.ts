import { invalidParameter } from '../errors';
import { AsyncOperation } from '../operations';
import { NetworkContext } from './networkContext';
import { NetworkRecord } from './networkOperations';
import { ResourceCollection, VirtualWanRecord } from './networkState';
import { VIRTUAL_WAN_TYPE } from './resourceIds';
import { inUseCannotBeDeleted } from './resourceRequests';
import {
  NewTopLevelFields,
  TopLevelResourceKind,
  TopLevelWrite,
} from './topLevelResources';

/** The wire's `properties.type`, which @azure/arm-network calls `typePropertiesType`. */
const WAN_TYPES = ['Standard', 'Basic'];

type VirtualWanDefinition = Pick<VirtualWanRecord, 'properties'>;

/** Microsoft.Network/virtualWans. */
export class VirtualWans
  implements TopLevelResourceKind<VirtualWanRecord, VirtualWanDefinition>
{
  readonly type = VIRTUAL_WAN_TYPE;
  readonly pathSegment = 'virtualWans';
  readonly nameParam = 'virtualWanName';
  readonly propertyDefaults = {
    disableVpnEncryption: false,
    allowBranchToBranchTraffic: true,
    office365LocalBreakoutCategory: 'None',
  };

  constructor(private readonly network: NetworkContext) {}

  get records(): ResourceCollection<VirtualWanRecord> {
    return this.network.state.virtualWans;
  }

  busyOperation(record: VirtualWanRecord): AsyncOperation | undefined {
    return record.operation;
  }

  define({
    properties,
  }: TopLevelWrite<VirtualWanRecord>): VirtualWanDefinition {
    const type = properties.type ?? 'Standard';
    if (typeof type !== 'string' || !WAN_TYPES.includes(type)) {
      throw invalidParameter(
        'properties.type',
        `The value of parameter properties.type is invalid: '${String(
          type,
        )}' is not one of ${WAN_TYPES.map(known => `'${known}'`).join(', ')}.`,
      );
    }
    return { properties: { ...properties, type } };
  }

  newRecord(
    fields: NewTopLevelFields & VirtualWanDefinition,
  ): VirtualWanRecord {
    return fields;
  }

  operationRecords(record: VirtualWanRecord): NetworkRecord[] {
    return [record];
  }

  checkDeletable(record: VirtualWanRecord): void {
    const hubs = this.hubsOf(record);
    if (hubs.length > 0) {
      throw inUseCannotBeDeleted(
        'InUseVirtualWanCannotBeDeleted',
        'Virtual WAN',
        record.id,
        hubs,
      );
    }
  }

  serviceProperties(record: VirtualWanRecord): Record<string, unknown> {
    return {
      virtualHubs: this.hubsOf(record).map(id => ({ id })),
      vpnSites: [],
    };
  }

  private hubsOf(record: VirtualWanRecord): string[] {
    return this.network.state.virtualHubs
      .list()
      .filter(hub => hub.virtualWan === record)
      .map(hub => hub.id);
  }
}
