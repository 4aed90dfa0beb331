import { resourceNotFound } from '../errors';
import { LabRequest, LabResponse, RouteParams, Router } from '../http';
import { NetworkContext } from './networkContext';
import { NetworkRecord } from './networkOperations';
import { TopLevelRecord } from './networkState';
import {
  checkResourceName,
  childNotFound,
  networkApiVersion,
  readResourceBody,
} from './resourceRequests';
import {
  TopLevelResourceType,
  collectionPath,
  findInGroup,
} from './topLevelResources';

/** What a PUT of a child resource asks for. */
export interface ChildWrite<TParent, TRecord> {
  parent: TParent;
  name: string;
  properties: Record<string, unknown>;
  previous: TRecord | undefined;
  apiVersion: string;
}

/**
 * What sets one type of child resource apart; ChildResourceRoutes serves the
 * rest. Operations on a child run in its parent's location.
 */
export interface ChildResourceKind<
  TParent extends TopLevelRecord,
  TRecord extends NetworkRecord,
> {
  /** e.g. `Microsoft.Network/virtualNetworks/subnets`. */
  type: string;
  parent: TopLevelResourceType<TParent>;
  /** The type's segment in paths and ids, e.g. `subnets`. */
  pathSegment: string;
  /** The route parameter that names one child, e.g. `subnetName`. */
  nameParam: string;
  children(parent: TParent): TRecord[];
  setChildren(parent: TParent, children: TRecord[]): void;
  /** Checks a PUT and turns it into the new or updated `previous` record. */
  write(write: ChildWrite<TParent, TRecord>): TRecord;
  /** Throws if `record` may not be deleted now. */
  checkDeletable(parent: TParent, record: TRecord, apiVersion: string): void;
  render(record: TRecord): Record<string, unknown>;
}

/** PUT, GET, DELETE and the list of a Microsoft.Network type that lives under another. */
export class ChildResourceRoutes<
  TParent extends TopLevelRecord,
  TRecord extends NetworkRecord,
> {
  constructor(
    private readonly network: NetworkContext,
    private readonly kind: ChildResourceKind<TParent, TRecord>,
  ) {}

  registerRoutes(router: Router): void {
    const { parent, pathSegment, nameParam } = this.kind;
    const collection = `${collectionPath(parent)}/{${
      parent.nameParam
    }}/${pathSegment}`;
    const one = `${collection}/{${nameParam}}`;
    router
      .add('PUT', one, (request, params) => this.put(request, params))
      .add('GET', one, (request, params) => this.get(request, params))
      .add('DELETE', one, (request, params) => this.delete(request, params))
      .add('GET', collection, (request, params) => this.list(request, params));
  }

  /** The parent, or ARM's 404 for it. */
  private parent(params: RouteParams): TParent {
    const parentType = this.kind.parent;
    const parent = findInGroup(this.network, parentType, params);
    if (!parent) {
      throw resourceNotFound(
        parentType.type,
        params[parentType.nameParam],
        params.resourceGroupName,
      );
    }
    return parent;
  }

  private find(parent: TParent, name: string): TRecord | undefined {
    return this.kind
      .children(parent)
      .find(child => child.name.toLowerCase() === name.toLowerCase());
  }

  private put(request: LabRequest, params: RouteParams): LabResponse {
    const { kind } = this;
    const { operations } = this.network;
    const apiVersion = networkApiVersion(request, kind.type);
    const name = params[kind.nameParam];
    this.network.resourceGroups.requireWritable(params.resourceGroupName);
    const parent = this.parent(params);
    checkResourceName(name);
    const { properties } = readResourceBody(request);
    const previous = this.find(parent, name);
    const record = kind.write({
      parent,
      name,
      properties,
      previous,
      apiVersion,
    });
    if (!previous) kind.children(parent).push(record);
    const operation = operations.start({
      kind: previous ? 'update' : 'create',
      records: [record],
    });
    return operations.accepted(
      !previous,
      operation,
      parent.location,
      apiVersion,
      kind.render(record),
    );
  }

  private async get(
    request: LabRequest,
    params: RouteParams,
  ): Promise<LabResponse> {
    const { kind } = this;
    networkApiVersion(request, kind.type);
    const parent = this.parent(params);
    const name = params[kind.nameParam];
    const record = this.find(parent, name);
    // Reading the resource is how body-polling clients follow an operation.
    await record?.operation?.observe();
    if (!record || !kind.children(parent).includes(record)) {
      throw childNotFound(`${parent.id}/${kind.pathSegment}/${name}`);
    }
    return { status: 200, body: kind.render(record) };
  }

  private list(request: LabRequest, params: RouteParams): LabResponse {
    networkApiVersion(request, this.kind.type);
    const parent = this.parent(params);
    return {
      status: 200,
      body: {
        value: this.kind
          .children(parent)
          .map(record => this.kind.render(record)),
      },
    };
  }

  private delete(request: LabRequest, params: RouteParams): LabResponse {
    const { kind } = this;
    const { operations } = this.network;
    const apiVersion = networkApiVersion(request, kind.type);
    const parent = this.parent(params);
    const record = this.find(parent, params[kind.nameParam]);
    if (!record) return { status: 204 };
    kind.checkDeletable(parent, record, apiVersion);
    const operation = operations.start({
      kind: 'delete',
      records: [record],
      settle: result => {
        if (result.status === 'Succeeded') {
          kind.setChildren(
            parent,
            kind.children(parent).filter(child => child !== record),
          );
        }
      },
    });
    return operations.deleteAccepted(operation, parent.location, apiVersion);
  }
}
