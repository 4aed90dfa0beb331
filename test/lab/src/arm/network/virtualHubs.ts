import { randomUUID } from 'node:crypto';
import { ArmError, invalidParameter } from '../errors';
import { AsyncOperation, OperationResult } from '../operations';
import { NetworkContext } from './networkContext';
import { NetworkRecord } from './networkOperations';
import { ResourceCollection, VirtualHubRecord } from './networkState';
import { VIRTUAL_HUB_TYPE } from './resourceIds';
import {
  inUseCannotBeDeleted,
  invalidResourceReference,
  referencedId,
} from './resourceRequests';
import { checkHubAddressPrefix, parseAddressPrefix } from './rules';
import {
  NewTopLevelFields,
  TopLevelResourceKind,
  TopLevelWrite,
} from './topLevelResources';

type VirtualHubDefinition = Pick<
  VirtualHubRecord,
  'properties' | 'addressBlock' | 'virtualWan'
>;

/**
 * Microsoft.Network/virtualHubs. The hub router lags the hub: after
 * `provisioningState` reaches Succeeded, `routingState` stays `Provisioning`
 * for `routingGets` GETs of the hub, then turns `Provisioned`.
 */
export class VirtualHubs
  implements TopLevelResourceKind<VirtualHubRecord, VirtualHubDefinition>
{
  readonly type = VIRTUAL_HUB_TYPE;
  readonly pathSegment = 'virtualHubs';
  readonly nameParam = 'virtualHubName';
  readonly propertyDefaults = {};

  constructor(
    private readonly network: NetworkContext,
    private readonly routingGets: number,
  ) {}

  get records(): ResourceCollection<VirtualHubRecord> {
    return this.network.state.virtualHubs;
  }

  busyOperation(record: VirtualHubRecord): AsyncOperation | undefined {
    return record.operation;
  }

  define({
    id,
    properties,
    existing,
  }: TopLevelWrite<VirtualHubRecord>): VirtualHubDefinition {
    const addressBlock = parseAddressPrefix(
      properties.addressPrefix,
      id,
      'properties.addressPrefix',
    );
    checkHubAddressPrefix(addressBlock, 'properties.addressPrefix');
    if (existing && existing.addressBlock.text !== addressBlock.text) {
      // "It is not possible to change the private IP Address Space for a Virtual WAN Hub post creation."
      throw new ArmError(
        400,
        'PropertyChangeNotAllowed',
        "Changing property 'addressPrefix' is not allowed.",
        'properties.addressPrefix',
      );
    }
    const wanTarget = 'properties.virtualWan.id';
    const wanId = referencedId(properties, 'virtualWan');
    if (!wanId) {
      throw invalidParameter(
        wanTarget,
        `The value of parameter ${wanTarget} is invalid: a virtual hub must belong to a virtual WAN.`,
      );
    }
    const virtualWan = this.network.state.virtualWanById(wanId);
    if (!virtualWan) throw invalidResourceReference(wanId, id, wanTarget);
    return {
      properties: { sku: 'Standard', ...properties },
      addressBlock,
      virtualWan,
    };
  }

  newRecord(
    fields: NewTopLevelFields & VirtualHubDefinition,
  ): VirtualHubRecord {
    return {
      routingState: 'Provisioning',
      routingGetsLeft: 0,
      connections: [],
      hubVirtualNetworkId: hubVirtualNetworkId(fields.name),
      ...fields,
    };
  }

  operationRecords(record: VirtualHubRecord): NetworkRecord[] {
    return [record];
  }

  /** The router starts provisioning once the hub has; a failed hub has a failed router. */
  settleWrite(record: VirtualHubRecord, result: OperationResult): void {
    if (record.routingState === 'Provisioned') return;
    if (result.status !== 'Succeeded') {
      record.routingState = 'Failed';
      return;
    }
    record.routingGetsLeft = this.routingGets;
    record.routingState = this.routingGets > 0 ? 'Provisioning' : 'Provisioned';
  }

  /**
   * One more GET of a provisioned hub whose router is still provisioning; the
   * GET after the last counted one finds it Provisioned. Counting before the
   * response keeps what a client last saw and what a write meets the same.
   */
  onRead(record: VirtualHubRecord): void {
    if (
      record.provisioningState !== 'Succeeded' ||
      record.routingState !== 'Provisioning'
    ) {
      return;
    }
    if (record.routingGetsLeft > 0) {
      record.routingGetsLeft--;
    } else {
      record.routingState = 'Provisioned';
    }
  }

  checkDeletable(record: VirtualHubRecord): void {
    if (record.connections.length > 0) {
      throw inUseCannotBeDeleted(
        'CannotDeleteVirtualHubWhenItIsInUse',
        'Virtual hub',
        record.id,
        record.connections.map(connection => connection.id),
      );
    }
  }

  serviceProperties(record: VirtualHubRecord): Record<string, unknown> {
    return {
      routingState: record.routingState,
      addressPrefix: record.addressBlock.text,
      virtualWan: { id: record.virtualWan.id },
    };
  }
}

/** Hubs run on a Microsoft-managed virtual network, `HV_<hub>_<guid>`, in a subscription of Microsoft's. */
function hubVirtualNetworkId(hubName: string): string {
  return `/subscriptions/${randomUUID()}/resourceGroups/RG_${hubName}_${randomUUID()}/providers/Microsoft.Network/virtualNetworks/HV_${hubName}_${randomUUID()}`;
}
