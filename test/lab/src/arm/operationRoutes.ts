import {
  CONTAINER_SERVICE_API_VERSIONS,
  requireApiVersion,
} from './apiVersions';
import { ArmContext } from './context';
import { ArmError } from './errors';
import { LabRequest, LabResponse, RouteParams, Router } from './http';
import { AsyncOperation } from './operations';

/** A resource provider whose operations the emulator reports on. */
export interface OperationsProvider {
  /** e.g. `Microsoft.ContainerService` */
  namespace: string;
  apiVersions: readonly string[];
}

export const CONTAINER_SERVICE_OPERATIONS: OperationsProvider = {
  namespace: 'Microsoft.ContainerService',
  apiVersions: CONTAINER_SERVICE_API_VERSIONS,
};

/**
 * A provider's operation resources: the `Azure-AsyncOperation` status
 * (`…/locations/{location}/operations/{id}`) and the `Location` result
 * (`…/operationresults/{id}`). Each read counts as a poll of the operation.
 */
export function registerOperationRoutes(
  router: Router,
  context: ArmContext,
  provider: OperationsProvider,
): void {
  const locations = `/subscriptions/{subscriptionId}/providers/${provider.namespace}/locations/{location}`;

  const observed = async (
    request: LabRequest,
    params: RouteParams,
  ): Promise<AsyncOperation> => {
    requireApiVersion(
      request,
      provider.apiVersions,
      `${provider.namespace}/locations/operations`,
    );
    const operation = context.operations.find(params.operationId);
    if (!operation) {
      throw new ArmError(
        404,
        'NotFound',
        `Operation '${params.operationId}' was not found.`,
      );
    }
    await operation.observe();
    return operation;
  };

  router
    .add(
      'GET',
      `${locations}/operations/{operationId}`,
      async (request, params): Promise<LabResponse> => {
        const operation = await observed(request, params);
        return { status: 200, body: operation.statusBody() };
      },
    )
    .add(
      'GET',
      `${locations}/operationresults/{operationId}`,
      async (request, params): Promise<LabResponse> => {
        const operation = await observed(request, params);
        switch (operation.status) {
          case 'InProgress':
            return {
              status: 202,
              headers: {
                location: `${context.endpoint}${request.url.pathname}${request.url.search}`,
                'retry-after': '0',
              },
            };
          case 'Succeeded':
            return { status: 204 };
          default:
            return {
              status: 409,
              body: { error: operation.statusBody().error },
            };
        }
      },
    );
}
