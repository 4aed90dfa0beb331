import { randomUUID } from 'node:crypto';
import { resourceNotFound } from '../errors';
import { LabRequest, LabResponse, RouteParams, Router } from '../http';
import { AsyncOperation, OperationResult } from '../operations';
import { NetworkContext } from './networkContext';
import { NetworkRecord, newEtag } from './networkOperations';
import { ResourceCollection, TopLevelRecord } from './networkState';
import { NETWORK_NAMESPACE, networkResourceId } from './resourceIds';
import {
  checkResourceName,
  locationOf,
  networkApiVersion,
  readResourceBody,
} from './resourceRequests';

/** Where the resources of a type that lives directly in a resource group are found. */
export interface TopLevelResourceType<TRecord extends TopLevelRecord> {
  /** e.g. `Microsoft.Network/virtualWans`. */
  type: string;
  /** The type's segment in paths and ids, e.g. `virtualWans`. */
  pathSegment: string;
  /** The route parameter that names one resource, e.g. `virtualWanName`. */
  nameParam: string;
  records: ResourceCollection<TRecord>;
}

/** What a PUT defines, once the checks every type shares have passed. */
export interface TopLevelWrite<TRecord> {
  id: string;
  name: string;
  properties: Record<string, unknown>;
  existing: TRecord | undefined;
}

/** The fields every new top-level record starts with, whatever its type. */
export type NewTopLevelFields = Omit<TopLevelRecord, 'operation'>;

/** What sets one top-level type apart; TopLevelResourceRoutes serves the rest. */
export interface TopLevelResourceKind<
  TRecord extends TopLevelRecord,
  TDefinition extends Pick<TopLevelRecord, 'properties'>,
> extends TopLevelResourceType<TRecord> {
  /** The operation a write to or a delete of `record` has to wait for. */
  busyOperation(record: TRecord): AsyncOperation | undefined;
  /** Checks a PUT's properties; what it returns is set on the new or existing record. */
  define(write: TopLevelWrite<TRecord>): TDefinition;
  newRecord(fields: NewTopLevelFields & TDefinition): TRecord;
  /** The records an operation on `record` puts in progress. */
  operationRecords(record: TRecord): NetworkRecord[];
  /** Effects of a PUT's outcome beyond the provisioning state. */
  settleWrite?(record: TRecord, result: OperationResult): void;
  /** Effects of a GET that finds `record`, before it is rendered. */
  onRead?(record: TRecord): void;
  /** Throws if something still depends on `record`. */
  checkDeletable(record: TRecord): void;
  /** Defaults the client's `properties` override. */
  propertyDefaults: Record<string, unknown>;
  /** What the service reports over the client's `properties`, after `provisioningState`. */
  serviceProperties(record: TRecord): Record<string, unknown>;
}

const GROUP_PATH =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}';

/** The path that lists a type's resources in one resource group. */
export function collectionPath(
  resourceType: TopLevelResourceType<TopLevelRecord>,
): string {
  return `${GROUP_PATH}/providers/${NETWORK_NAMESPACE}/${resourceType.pathSegment}`;
}

/** The resource a route names, once its resource group is known to exist. */
export function findInGroup<TRecord extends TopLevelRecord>(
  network: NetworkContext,
  resourceType: TopLevelResourceType<TRecord>,
  params: RouteParams,
): TRecord | undefined {
  network.resourceGroups.require(params.resourceGroupName);
  return resourceType.records.find(
    params.resourceGroupName,
    params[resourceType.nameParam],
  );
}

/** PUT, GET, DELETE and lists of a Microsoft.Network type that lives in a resource group. */
export class TopLevelResourceRoutes<
  TRecord extends TopLevelRecord,
  TDefinition extends Pick<TopLevelRecord, 'properties'>,
> {
  constructor(
    private readonly network: NetworkContext,
    private readonly kind: TopLevelResourceKind<TRecord, TDefinition>,
  ) {}

  registerRoutes(router: Router): void {
    const inGroup = collectionPath(this.kind);
    const one = `${inGroup}/{${this.kind.nameParam}}`;
    router
      .add('PUT', one, (request, params) => this.put(request, params))
      .add('GET', one, (request, params) => this.get(request, params))
      .add('DELETE', one, (request, params) => this.delete(request, params))
      .add('GET', inGroup, (request, params) =>
        this.list(request, params.resourceGroupName),
      )
      .add(
        'GET',
        `/subscriptions/{subscriptionId}/providers/${NETWORK_NAMESPACE}/${this.kind.pathSegment}`,
        request => this.list(request),
      );
  }

  private put(request: LabRequest, params: RouteParams): LabResponse {
    const { kind } = this;
    const { operations } = this.network;
    const apiVersion = networkApiVersion(request, kind.type);
    const resourceGroup = params.resourceGroupName;
    const name = params[kind.nameParam];
    this.network.resourceGroups.requireWritable(resourceGroup);
    checkResourceName(name);
    const { body, properties, tags } = readResourceBody(request);
    const existing = findInGroup(this.network, kind, params);
    const location = locationOf(body, existing);
    if (existing) {
      operations.ensureIdle(
        kind.busyOperation(existing),
        existing.location,
        apiVersion,
      );
    }
    const id =
      existing?.id ??
      networkResourceId(
        this.network.arm.subscriptionId,
        resourceGroup,
        kind.pathSegment,
        name,
      );
    const definition = {
      tags,
      ...kind.define({
        id,
        name: existing?.name ?? name,
        properties,
        existing,
      }),
    };
    const record = existing
      ? Object.assign(existing, definition)
      : kind.newRecord({
          id,
          name,
          resourceGroup,
          location,
          resourceGuid: randomUUID(),
          provisioningState: 'Updating',
          etag: newEtag(),
          ...definition,
        });
    if (!existing) kind.records.add(record);
    const operation = operations.start({
      kind: existing ? 'update' : 'create',
      records: kind.operationRecords(record),
      settle: result => kind.settleWrite?.(record, result),
    });
    return operations.accepted(
      !existing,
      operation,
      location,
      apiVersion,
      this.render(record),
    );
  }

  private async get(
    request: LabRequest,
    params: RouteParams,
  ): Promise<LabResponse> {
    const { kind } = this;
    networkApiVersion(request, kind.type);
    const record = findInGroup(this.network, kind, params);
    // Reading the resource is how body-polling clients follow an operation.
    await record?.operation?.observe();
    if (!record || !kind.records.holds(record)) {
      throw resourceNotFound(
        kind.type,
        params[kind.nameParam],
        params.resourceGroupName,
      );
    }
    kind.onRead?.(record);
    return { status: 200, body: this.render(record) };
  }

  private list(request: LabRequest, resourceGroup?: string): LabResponse {
    networkApiVersion(request, this.kind.type);
    if (resourceGroup !== undefined) {
      this.network.resourceGroups.require(resourceGroup);
    }
    const value = this.kind.records
      .list(resourceGroup)
      .map(record => this.render(record));
    return { status: 200, body: { value } };
  }

  private delete(request: LabRequest, params: RouteParams): LabResponse {
    const { kind } = this;
    const { operations } = this.network;
    const apiVersion = networkApiVersion(request, kind.type);
    const record = findInGroup(this.network, kind, params);
    if (!record) return { status: 204 };
    operations.ensureIdle(
      kind.busyOperation(record),
      record.location,
      apiVersion,
    );
    kind.checkDeletable(record);
    const operation = operations.start({
      kind: 'delete',
      records: kind.operationRecords(record),
      settle: result => {
        if (result.status === 'Succeeded') kind.records.remove(record);
      },
    });
    return operations.deleteAccepted(operation, record.location, apiVersion);
  }

  private render(record: TRecord): Record<string, unknown> {
    return {
      name: record.name,
      id: record.id,
      etag: record.etag,
      type: this.kind.type,
      location: record.location,
      ...(record.tags ? { tags: record.tags } : {}),
      properties: {
        ...this.kind.propertyDefaults,
        ...record.properties,
        provisioningState: record.provisioningState,
        ...this.kind.serviceProperties(record),
      },
    };
  }
}
