import { randomUUID } from 'node:crypto';
import { NETWORK_API_VERSIONS } from '../apiVersions';
import { ArmContext } from '../context';
import { ArmError } from '../errors';
import { LabResponse } from '../http';
import { OperationsProvider } from '../operationRoutes';
import {
  AsyncOperation,
  OperationRequest,
  OperationResult,
  TerminalStatus,
} from '../operations';
import { NETWORK_NAMESPACE } from './resourceIds';

export const NETWORK_OPERATIONS: OperationsProvider = {
  namespace: NETWORK_NAMESPACE,
  apiVersions: NETWORK_API_VERSIONS,
};

/** Microsoft.Network reports a resource being created as `Updating`, like one being changed. */
export type ProvisioningState = 'Updating' | 'Deleting' | TerminalStatus;

/** What every Microsoft.Network resource carries for the asynchronous protocol. */
export interface NetworkRecord {
  id: string;
  name: string;
  provisioningState: ProvisioningState;
  /** Network's weak ETag, renewed by every write. */
  etag: string;
  /** The latest operation that changed this resource. */
  operation?: AsyncOperation;
}

export function newEtag(): string {
  return `W/"${randomUUID()}"`;
}

/**
 * ARM's asynchronous-operation protocol as Microsoft.Network speaks it: the
 * change is applied when the request is accepted, the resources it touches are
 * `Updating` or `Deleting` until the operation ends, and the status lives at
 * `…/providers/Microsoft.Network/locations/{location}/operations/{id}`.
 */
export class NetworkOperations {
  constructor(private readonly context: ArmContext) {}

  /** Starts the operation of a write; `records` mirror its status once it ends. */
  start(request: {
    kind: OperationRequest['kind'];
    records: NetworkRecord[];
    /** Further effects of the outcome, e.g. removing what a delete deleted. */
    settle?: (result: OperationResult) => void;
  }): AsyncOperation {
    const operation = this.context.operations.start({
      kind: request.kind,
      // Network applies a change as it accepts the request: nothing runs in the background.
      work: async () => {},
      settle: result => {
        for (const record of request.records) {
          record.provisioningState = result.status;
        }
        request.settle?.(result);
      },
    });
    for (const record of request.records) {
      record.provisioningState =
        request.kind === 'delete' ? 'Deleting' : 'Updating';
      record.etag = newEtag();
      record.operation = operation;
    }
    return operation;
  }

  /** 201 for a create, 200 for an update, with the status URL to poll. */
  accepted(
    created: boolean,
    operation: AsyncOperation,
    location: string,
    apiVersion: string,
    body: unknown,
  ): LabResponse {
    return {
      status: created ? 201 : 200,
      headers: this.asyncOperationHeaders(operation, location, apiVersion),
      body,
    };
  }

  /** 202 with both `Azure-AsyncOperation` and `Location`, as Network answers a DELETE. */
  deleteAccepted(
    operation: AsyncOperation,
    location: string,
    apiVersion: string,
  ): LabResponse {
    return {
      status: 202,
      headers: {
        ...this.asyncOperationHeaders(operation, location, apiVersion),
        location: this.operationUrl(
          operation,
          location,
          apiVersion,
          'operationResults',
        ),
      },
    };
  }

  /** Refuses a write while `operation` still runs on the same or a dependent resource. */
  ensureIdle(
    operation: AsyncOperation | undefined,
    location: string,
    apiVersion: string,
  ): void {
    if (operation?.inProgress) {
      throw this.anotherOperationInProgress(operation, location, apiVersion);
    }
  }

  /** Network's 409 for a write that meets `operation` on the same or a dependent resource. */
  anotherOperationInProgress(
    operation: AsyncOperation,
    location: string,
    apiVersion: string,
  ): ArmError {
    return new ArmError(
      409,
      'AnotherOperationInProgress',
      `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${this.operationUrl(
        operation,
        location,
        apiVersion,
        'operations',
      )}.`,
    );
  }

  private asyncOperationHeaders(
    operation: AsyncOperation,
    location: string,
    apiVersion: string,
  ): Record<string, string> {
    return {
      'azure-asyncoperation': this.operationUrl(
        operation,
        location,
        apiVersion,
        'operations',
      ),
      // Zero keeps SDK pollers on their own (test-configurable) interval.
      'retry-after': '0',
    };
  }

  private operationUrl(
    operation: AsyncOperation,
    location: string,
    apiVersion: string,
    collection: 'operations' | 'operationResults',
  ): string {
    return `${this.context.endpoint}/subscriptions/${this.context.subscriptionId}/providers/${NETWORK_NAMESPACE}/locations/${location}/${collection}/${operation.id}?api-version=${apiVersion}`;
  }
}
