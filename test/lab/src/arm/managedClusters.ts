import { userKubeconfig } from './userKubeconfig';
import { randomUUID } from 'node:crypto';
import { ClusterFactory } from '../clusters';
import { checkManagedCluster } from './aksRules';
import { SubnetLookup, checkAgentPoolSubnets } from './aksSubnetRules';
import {
  CONTAINER_SERVICE_API_VERSIONS,
  requireApiVersion,
  swaggerVersionFor,
} from './apiVersions';
import { ArmContext, caseInsensitiveKey, normalizeLocation } from './context';
import { ArmError, badRequest, resourceNotFound } from './errors';
import {
  LabRequest,
  LabResponse,
  RouteParams,
  Router,
  jsonBody,
  objectAt,
} from './http';
import {
  MANAGED_CLUSTER_TYPE,
  ManagedClusterRecord,
  clusterSpecOf,
  generateValues,
  renderManagedCluster,
  resourceIdOf,
} from './managedClusterModel';
import { withDefaults } from './managedClusterDefaults';
import {
  keepHiddenFields,
  projectOntoSchema,
  withoutNulls,
} from './projection';
import { ResourceGroups } from './resourceGroups';
import { managedClusterSchema } from './swagger';
import { validateManagedClusterBody } from './validation';

const CLUSTER_NAME_PATTERN =
  /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$/;

/** Microsoft.ContainerService/managedClusters, with ARM's asynchronous-operation protocol. */
export class ManagedClusters {
  private readonly clusters = new Map<string, ManagedClusterRecord>();

  constructor(
    private readonly context: ArmContext,
    private readonly resourceGroups: ResourceGroups,
    private readonly clusterFactory: ClusterFactory,
    private readonly subnets: SubnetLookup,
  ) {}

  registerRoutes(router: Router): void {
    const provider = 'providers/Microsoft.ContainerService';
    const inGroup = `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/${provider}/managedClusters`;
    const cluster = `${inGroup}/{resourceName}`;
    router
      .add('PUT', cluster, (request, params) => this.put(request, params))
      .add('GET', cluster, (request, params) => this.get(request, params))
      .add('DELETE', cluster, (request, params) => this.delete(request, params))
      .add('GET', inGroup, (request, params) =>
        this.list(request, params.resourceGroupName),
      )
      .add(
        'GET',
        `/subscriptions/{subscriptionId}/${provider}/managedClusters`,
        request => this.list(request),
      )
      .add('POST', `${cluster}/listClusterUserCredential`, (request, params) =>
        this.credentials(request, params, 'clusterUser'),
      )
      .add('POST', `${cluster}/listClusterAdminCredential`, (request, params) =>
        this.credentials(request, params, 'clusterAdmin'),
      );
  }

  /** Deletes every cluster of a resource group (the group itself is being deleted). */
  async deleteAllIn(resourceGroup: string): Promise<void> {
    const doomed = [...this.clusters.values()].filter(
      record =>
        record.resourceGroup.toLowerCase() === resourceGroup.toLowerCase(),
    );
    await Promise.all(
      doomed.map(async record => {
        this.remove(record);
        await record.operation?.supersede();
        await record.labCluster?.stop();
      }),
    );
  }

  /** Ids of the clusters with an agent pool in the subnet: Network must not delete it under them. */
  clustersUsingSubnet(subnetId: string): string[] {
    return [...this.clusters.values()]
      .filter(record =>
        agentPoolsOf(record).some(
          pool =>
            typeof pool.vnetSubnetID === 'string' &&
            pool.vnetSubnetID.toLowerCase() === subnetId.toLowerCase(),
        ),
      )
      .map(record => resourceIdOf(record, this.context.subscriptionId));
  }

  /** Stops every lab cluster, for the emulator's shutdown. */
  async stopAll(): Promise<void> {
    const records = [...this.clusters.values()];
    records.forEach(record => this.remove(record));
    await Promise.all(records.map(record => record.labCluster?.stop()));
  }

  private apiVersion(request: LabRequest): string {
    return requireApiVersion(
      request,
      CONTAINER_SERVICE_API_VERSIONS,
      MANAGED_CLUSTER_TYPE,
    );
  }

  private find(params: RouteParams): ManagedClusterRecord | undefined {
    this.resourceGroups.require(params.resourceGroupName);
    return this.clusters.get(
      caseInsensitiveKey(params.resourceGroupName, params.resourceName),
    );
  }

  private requireCluster(params: RouteParams): ManagedClusterRecord {
    const record = this.find(params);
    if (!record) {
      throw resourceNotFound(
        MANAGED_CLUSTER_TYPE,
        params.resourceName,
        params.resourceGroupName,
      );
    }
    return record;
  }

  private remove(record: ManagedClusterRecord): void {
    record.removed = true;
    this.clusters.delete(caseInsensitiveKey(record.resourceGroup, record.name));
  }

  private render(record: ManagedClusterRecord, apiVersion: string): unknown {
    return renderManagedCluster(record, this.context, apiVersion);
  }

  private async put(
    request: LabRequest,
    params: RouteParams,
  ): Promise<LabResponse> {
    const apiVersion = this.apiVersion(request);
    this.resourceGroups.requireWritable(params.resourceGroupName);
    if (!CLUSTER_NAME_PATTERN.test(params.resourceName)) {
      throw new ArmError(
        400,
        'InvalidResourceName',
        `Resource name '${params.resourceName}' is invalid. The name must be 1 to 63 characters long, contain only letters, numbers, underscores and hyphens, and start and end with a letter or number.`,
        'resourceName',
      );
    }
    const body = withoutNulls(jsonBody(request));
    const swaggerVersion = swaggerVersionFor(apiVersion);
    validateManagedClusterBody(body, swaggerVersion);
    const existing = this.find(params);
    if (existing?.operation?.inProgress) throw operationNotAllowed(existing);
    checkPreconditions(request, existing);

    const schema = managedClusterSchema(swaggerVersion);
    let definition = projectOntoSchema(body, schema) as Record<string, unknown>;
    if (existing) {
      definition = keepHiddenFields(
        existing.definition,
        definition,
        schema,
      ) as Record<string, unknown>;
    }
    const location = normalizeLocation(String(definition.location));
    if (existing && existing.location !== location) {
      throw new ArmError(
        400,
        'PropertyChangeNotAllowed',
        "Changing property 'location' is not allowed.",
        'location',
      );
    }
    const resourceGroup = existing?.resourceGroup ?? params.resourceGroupName;
    const name = existing?.name ?? params.resourceName;
    definition = withDefaults(definition, { resourceGroup, name, location });
    checkManagedCluster(
      definition.properties as Record<string, unknown>,
      existing?.definition.properties as Record<string, unknown> | undefined,
    );
    checkAgentPoolSubnets(
      definition.properties as Record<string, unknown>,
      this.subnets,
    );

    const record: ManagedClusterRecord = existing ?? {
      resourceGroup,
      name,
      location,
      definition,
      generated: generateValues(),
      provisioningState: 'Creating',
      eTag: randomUUID(),
      lastModifiedAt: new Date(),
      removed: false,
    };
    if (existing) {
      Object.assign(record, {
        definition,
        provisioningState: 'Updating',
        eTag: randomUUID(),
        lastModifiedAt: new Date(),
      });
    } else {
      this.clusters.set(caseInsensitiveKey(resourceGroup, name), record);
    }
    record.operation = this.context.operations.start({
      kind: existing ? 'update' : 'create',
      resourceId: resourceIdOf(record, this.context.subscriptionId),
      work: () => this.provision(record),
      settle: result => {
        record.provisioningState = result.status;
      },
    });
    return {
      status: existing ? 200 : 201,
      headers: this.asyncOperationHeaders(record, apiVersion),
      body: this.render(record, apiVersion),
    };
  }

  /** Makes sure the cluster's API server runs; an update keeps the one it has. */
  private async provision(record: ManagedClusterRecord): Promise<void> {
    if (record.labCluster) return;
    const labCluster = await this.clusterFactory.create(
      clusterSpecOf(record, this.context.subscriptionId, this.subnets),
    );
    if (record.removed) {
      await labCluster.stop();
    } else {
      record.labCluster = labCluster;
    }
  }

  private async get(
    request: LabRequest,
    params: RouteParams,
  ): Promise<LabResponse> {
    const apiVersion = this.apiVersion(request);
    const record = this.requireCluster(params);
    // Reading the resource is how body-polling clients follow an operation.
    await record.operation?.observe();
    if (record.removed) {
      throw resourceNotFound(
        MANAGED_CLUSTER_TYPE,
        params.resourceName,
        params.resourceGroupName,
      );
    }
    return { status: 200, body: this.render(record, apiVersion) };
  }

  private list(request: LabRequest, resourceGroup?: string): LabResponse {
    const apiVersion = this.apiVersion(request);
    if (resourceGroup !== undefined) this.resourceGroups.require(resourceGroup);
    const value = [...this.clusters.values()]
      .filter(
        record =>
          resourceGroup === undefined ||
          record.resourceGroup.toLowerCase() === resourceGroup.toLowerCase(),
      )
      .map(record => this.render(record, apiVersion));
    return { status: 200, body: { value } };
  }

  private delete(request: LabRequest, params: RouteParams): LabResponse {
    const apiVersion = this.apiVersion(request);
    const record = this.find(params);
    if (!record) return { status: 204 };
    if (record.operation?.inProgress) throw operationNotAllowed(record);
    checkPreconditions(request, record);
    record.provisioningState = 'Deleting';
    record.operation = this.context.operations.start({
      kind: 'delete',
      resourceId: resourceIdOf(record, this.context.subscriptionId),
      work: async () => {
        await record.labCluster?.stop();
        record.labCluster = undefined;
      },
      settle: result => {
        if (result.status === 'Succeeded') this.remove(record);
        else record.provisioningState = result.status;
      },
    });
    return {
      status: 202,
      headers: {
        ...this.asyncOperationHeaders(record, apiVersion),
        location: this.operationUrl(record, 'operationresults', apiVersion),
      },
    };
  }

  private credentials(
    request: LabRequest,
    params: RouteParams,
    kind: 'clusterUser' | 'clusterAdmin',
  ): LabResponse {
    this.apiVersion(request);
    const record = this.requireCluster(params);
    const properties = record.definition.properties as Record<string, unknown>;
    if (kind === 'clusterAdmin' && properties.disableLocalAccounts === true) {
      throw badRequest(
        'Getting static credential is not allowed because this cluster is set to disable local accounts.',
      );
    }
    const labCluster = record.labCluster;
    if (!labCluster) {
      throw badRequest(
        `The control plane of managed cluster '${record.name}' is not available; its provisioning state is '${record.provisioningState}'.`,
      );
    }
    const kubeconfig =
      kind === 'clusterAdmin'
        ? labCluster.adminKubeconfig()
        : userKubeconfig(
            labCluster,
            {
              resourceGroup: record.resourceGroup,
              name: record.name,
              tenantId: this.context.tenantId,
            },
            properties.aadProfile !== undefined &&
              properties.aadProfile !== null,
          );
    return {
      status: 200,
      body: {
        kubeconfigs: [
          {
            name: kind,
            value: Buffer.from(kubeconfig, 'utf8').toString('base64'),
          },
        ],
      },
    };
  }

  private operationUrl(
    record: ManagedClusterRecord,
    collection: 'operations' | 'operationresults',
    apiVersion: string,
  ): string {
    const operationId = record.operation?.id ?? '';
    return `${this.context.endpoint}/subscriptions/${this.context.subscriptionId}/providers/Microsoft.ContainerService/locations/${record.location}/${collection}/${operationId}?api-version=${apiVersion}`;
  }

  private asyncOperationHeaders(
    record: ManagedClusterRecord,
    apiVersion: string,
  ): Record<string, string> {
    return {
      'azure-asyncoperation': this.operationUrl(
        record,
        'operations',
        apiVersion,
      ),
      // Zero keeps SDK pollers on their own (test-configurable) interval.
      'retry-after': '0',
    };
  }
}

function operationNotAllowed(record: ManagedClusterRecord): ArmError {
  const operation = record.operation;
  const startedAt = operation?.startTime.toISOString().replace(/\.\d+Z$/, 'Z');
  return new ArmError(
    409,
    'OperationNotAllowed',
    `Operation is not allowed because there's an in progress ${operation?.kind} managed cluster operation (operation ID: ${operation?.id}) on the managed cluster started on UTC ${startedAt}. Please wait for it to finish before starting a new operation. You can also use 'az aks operation-abort ...' to abort the ongoing operation.`,
  );
}

/** `If-Match` / `If-None-Match` against the cluster's eTag. */
function checkPreconditions(
  request: LabRequest,
  existing: ManagedClusterRecord | undefined,
): void {
  const ifMatch = request.headers['if-match'];
  const ifNoneMatch = request.headers['if-none-match'];
  const failed =
    (ifMatch !== undefined &&
      (!existing || (ifMatch !== '*' && ifMatch !== existing.eTag))) ||
    (ifNoneMatch !== undefined &&
      existing &&
      (ifNoneMatch === '*' || ifNoneMatch === existing.eTag));
  if (failed) {
    throw new ArmError(
      412,
      'PreconditionFailed',
      'The precondition given in the If-Match or If-None-Match header was not met.',
    );
  }
}

function agentPoolsOf(record: ManagedClusterRecord): Record<string, unknown>[] {
  const pools = objectAt(record.definition, 'properties').agentPoolProfiles;
  return Array.isArray(pools) ? (pools as Record<string, unknown>[]) : [];
}
