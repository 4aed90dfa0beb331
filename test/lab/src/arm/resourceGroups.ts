import { RESOURCES_API_VERSIONS, requireApiVersion } from './apiVersions';
import { ArmContext, caseInsensitiveKey, normalizeLocation } from './context';
import { ArmError, locationRequired, resourceGroupNotFound } from './errors';
import {
  LabRequest,
  LabResponse,
  Router,
  isJsonObject,
  jsonBody,
} from './http';
import { AsyncOperation } from './operations';

const RESOURCE_GROUP_TYPE = 'Microsoft.Resources/resourceGroups';

interface ResourceGroupRecord {
  name: string;
  location: string;
  tags?: Record<string, string>;
  deletion?: AsyncOperation;
}

/** Microsoft.Resources/resourceGroups; deleting a group deletes what is in it. */
export class ResourceGroups {
  private readonly groups = new Map<string, ResourceGroupRecord>();
  private readonly contentDeleters: ((
    resourceGroup: string,
  ) => Promise<void>)[] = [];

  constructor(private readonly context: ArmContext) {}

  /** Registers how a resource provider deletes its resources in a group being deleted. */
  onDelete(deleteContents: (resourceGroup: string) => Promise<void>): void {
    this.contentDeleters.push(deleteContents);
  }

  registerRoutes(router: Router): void {
    const group =
      '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}';
    router
      .add('GET', '/subscriptions/{subscriptionId}/resourcegroups', request =>
        this.list(request),
      )
      .add('PUT', group, (request, params) =>
        this.put(request, params.resourceGroupName),
      )
      .add('GET', group, (request, params) =>
        this.get(request, params.resourceGroupName),
      )
      .add('HEAD', group, (request, params) =>
        this.head(request, params.resourceGroupName),
      )
      .add('DELETE', group, (request, params) =>
        this.delete(request, params.resourceGroupName),
      )
      .add(
        'GET',
        '/subscriptions/{subscriptionId}/operationresults/{operationId}',
        (request, params) => this.deletionStatus(request, params.operationId),
      );
  }

  /** The group, or ARM's 404 ResourceGroupNotFound. */
  require(resourceGroup: string): { name: string; location: string } {
    const record = this.groups.get(caseInsensitiveKey(resourceGroup));
    if (!record) throw resourceGroupNotFound(resourceGroup);
    return record;
  }

  /** Refuses writes into a group that is being deleted, as ARM does. */
  requireWritable(resourceGroup: string): void {
    const record = this.groups.get(caseInsensitiveKey(resourceGroup));
    if (!record) throw resourceGroupNotFound(resourceGroup);
    if (record.deletion?.inProgress) throw beingDeleted(record.name);
  }

  private put(request: LabRequest, name: string): LabResponse {
    requireApiVersion(request, RESOURCES_API_VERSIONS, RESOURCE_GROUP_TYPE);
    checkResourceGroupName(name);
    const body = jsonBody(request);
    if (
      !isJsonObject(body) ||
      typeof body.location !== 'string' ||
      !body.location
    ) {
      throw locationRequired();
    }
    const location = normalizeLocation(body.location);
    const tags = isJsonObject(body.tags)
      ? (body.tags as Record<string, string>)
      : undefined;
    const key = caseInsensitiveKey(name);
    const existing = this.groups.get(key);
    if (existing) {
      if (existing.deletion?.inProgress) throw beingDeleted(existing.name);
      if (existing.location !== location) {
        throw new ArmError(
          409,
          'InvalidResourceGroupLocation',
          `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`,
        );
      }
      existing.tags = tags;
      return { status: 200, body: this.render(existing) };
    }
    const record: ResourceGroupRecord = { name, location, tags };
    this.groups.set(key, record);
    return { status: 201, body: this.render(record) };
  }

  private get(request: LabRequest, name: string): LabResponse {
    requireApiVersion(request, RESOURCES_API_VERSIONS, RESOURCE_GROUP_TYPE);
    const record = this.groups.get(caseInsensitiveKey(name));
    if (!record) throw resourceGroupNotFound(name);
    return { status: 200, body: this.render(record) };
  }

  /** ResourceGroups_List: every group of the subscription. */
  private list(request: LabRequest): LabResponse {
    requireApiVersion(request, RESOURCES_API_VERSIONS, RESOURCE_GROUP_TYPE);
    return {
      status: 200,
      body: { value: [...this.groups.values()].map(g => this.render(g)) },
    };
  }

  private head(request: LabRequest, name: string): LabResponse {
    requireApiVersion(request, RESOURCES_API_VERSIONS, RESOURCE_GROUP_TYPE);
    return { status: this.groups.has(caseInsensitiveKey(name)) ? 204 : 404 };
  }

  private delete(request: LabRequest, name: string): LabResponse {
    const apiVersion = requireApiVersion(
      request,
      RESOURCES_API_VERSIONS,
      RESOURCE_GROUP_TYPE,
    );
    const key = caseInsensitiveKey(name);
    const record = this.groups.get(key);
    if (!record) throw resourceGroupNotFound(name);
    if (!record.deletion?.inProgress) {
      record.deletion = this.context.operations.start({
        kind: 'delete',
        work: async () => {
          await Promise.all(
            this.contentDeleters.map(deleteContents =>
              deleteContents(record.name),
            ),
          );
        },
        settle: result => {
          if (result.status === 'Succeeded') this.groups.delete(key);
        },
      });
    }
    return {
      status: 202,
      headers: {
        location: this.deletionStatusUrl(record.deletion.id, apiVersion),
        'retry-after': '0',
      },
    };
  }

  /** ARM's Location-header protocol: 202 while running, 200 once the group is gone. */
  private async deletionStatus(
    request: LabRequest,
    operationId: string,
  ): Promise<LabResponse> {
    const apiVersion = requireApiVersion(
      request,
      RESOURCES_API_VERSIONS,
      RESOURCE_GROUP_TYPE,
    );
    const operation = this.context.operations.find(operationId);
    if (!operation) {
      throw new ArmError(
        404,
        'NotFound',
        `Operation '${operationId}' was not found.`,
      );
    }
    await operation.observe();
    switch (operation.status) {
      case 'InProgress':
        return {
          status: 202,
          headers: {
            location: this.deletionStatusUrl(operation.id, apiVersion),
            'retry-after': '0',
          },
        };
      case 'Succeeded':
        return { status: 200 };
      default:
        return { status: 409, body: { error: operation.statusBody().error } };
    }
  }

  private deletionStatusUrl(operationId: string, apiVersion: string): string {
    return `${this.context.endpoint}/subscriptions/${this.context.subscriptionId}/operationresults/${operationId}?api-version=${apiVersion}`;
  }

  private render(record: ResourceGroupRecord): Record<string, unknown> {
    return {
      id: `/subscriptions/${this.context.subscriptionId}/resourceGroups/${record.name}`,
      name: record.name,
      type: RESOURCE_GROUP_TYPE,
      location: record.location,
      ...(record.tags ? { tags: record.tags } : {}),
      properties: {
        provisioningState: record.deletion?.inProgress
          ? 'Deleting'
          : 'Succeeded',
      },
    };
  }
}

function beingDeleted(name: string): ArmError {
  return new ArmError(
    409,
    'ResourceGroupBeingDeleted',
    `The resource group '${name}' is in deprovisioning state and cannot perform this operation.`,
  );
}

/** 1–90 letters, digits, `-._()`, not ending in a period (ARM naming rules). */
function checkResourceGroupName(name: string): void {
  const invalidCharacters = [...new Set(name.replace(/[-\w.()]/g, ''))].join(
    '',
  );
  if (invalidCharacters) {
    throw new ArmError(
      400,
      'InvalidResourceGroup',
      `The provided resource group name '${name}' has these invalid characters: '${invalidCharacters}'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.`,
    );
  }
  if (name.length > 90 || name.endsWith('.')) {
    throw new ArmError(
      400,
      'InvalidResourceGroup',
      `The provided resource group name '${name}' is invalid: it must be 1 to 90 characters long and must not end with a period.`,
    );
  }
}
