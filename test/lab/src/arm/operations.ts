import { randomUUID } from 'node:crypto';
import { ArmErrorDetail } from './errors';
import { Faults, OperationTiming, PlannedOutcome } from './faults';

export type OperationStatus =
  | 'InProgress'
  | 'Succeeded'
  | 'Failed'
  | 'Canceled';
export type TerminalStatus = Exclude<OperationStatus, 'InProgress'>;

export interface OperationResult {
  status: TerminalStatus;
  error?: ArmErrorDetail;
}

export interface OperationRequest {
  /** Verb for AKS's "in progress <kind> managed cluster operation" message. */
  kind: 'create' | 'update' | 'delete';
  /** The ARM id of the resource, so a fault can target one resource's operations. */
  resourceId?: string;
  /**
   * The change itself. It starts at once (provisioning happens in the
   * background, as in Azure) unless the operation is planned to fail; if it
   * rejects, the operation fails with an internal error.
   */
  work: () => Promise<void>;
  /** Applies the outcome to the resource, before any poll can see it. */
  settle: (result: OperationResult) => void | Promise<void>;
}

/**
 * One asynchronous ARM operation, the thing an `Azure-AsyncOperation` URL
 * reports on. It ends once it has been observed `timing.polls` times and
 * `timing.durationMs` has passed; the observation that ends it waits for the
 * background work, so that poll already answers with the terminal status.
 */
export class AsyncOperation {
  readonly id = randomUUID();
  readonly startTime = new Date();
  private currentStatus: OperationStatus = 'InProgress';
  private endTime?: Date;
  private error?: ArmErrorDetail;
  private observations = 0;
  private settling?: Promise<void>;
  private readonly workOutcome?: Promise<Error | undefined>;

  constructor(
    private readonly request: OperationRequest,
    private readonly timing: OperationTiming,
    private readonly outcome: PlannedOutcome,
  ) {
    if (outcome.kind === 'succeed') {
      this.workOutcome = request.work().then(
        () => undefined,
        (error: unknown) =>
          error instanceof Error ? error : new Error(String(error)),
      );
    }
  }

  get kind(): OperationRequest['kind'] {
    return this.request.kind;
  }

  get status(): OperationStatus {
    return this.currentStatus;
  }

  get inProgress(): boolean {
    return this.currentStatus === 'InProgress';
  }

  /** Resolves when the background work has finished, however it ended. */
  async workFinished(): Promise<void> {
    await this.workOutcome;
  }

  /** A poll or a read of the resource: may move the operation to its end. */
  async observe(): Promise<void> {
    if (!this.inProgress) return;
    this.observations++;
    const elapsedMs = Date.now() - this.startTime.getTime();
    if (
      this.observations >= Math.max(1, this.timing.polls) &&
      elapsedMs >= this.timing.durationMs
    ) {
      this.settling ??= this.settle();
      await this.settling;
    }
  }

  /** Ends the operation now, e.g. when its resource group is deleted under it. */
  async supersede(): Promise<void> {
    if (!this.inProgress) return;
    this.settling ??= this.finish({
      status: 'Canceled',
      error: {
        code: 'OperationPreempted',
        message:
          'The operation was preempted by the deletion of the resource group.',
      },
    });
    await this.settling;
  }

  /** The body of the status resource (ARM's `Azure-AsyncOperation` contract). */
  statusBody(): Record<string, unknown> {
    return {
      name: this.id,
      status: this.currentStatus,
      startTime: this.startTime.toISOString(),
      ...(this.endTime ? { endTime: this.endTime.toISOString() } : {}),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  private async settle(): Promise<void> {
    await this.finish(await this.plannedResult());
  }

  private async plannedResult(): Promise<OperationResult> {
    switch (this.outcome.kind) {
      case 'fail':
        return {
          status: 'Failed',
          error: { code: this.outcome.code, message: this.outcome.message },
        };
      case 'cancel':
        return {
          status: 'Canceled',
          error: {
            code: 'OperationCanceled',
            message: 'The operation was canceled.',
          },
        };
      default: {
        const failure = await this.workOutcome;
        return failure
          ? { status: 'Failed', error: internalError(failure) }
          : { status: 'Succeeded' };
      }
    }
  }

  private async finish(result: OperationResult): Promise<void> {
    let final = result;
    try {
      await this.request.settle(result);
    } catch (error) {
      final = {
        status: 'Failed',
        error: internalError(
          error instanceof Error ? error : new Error(String(error)),
        ),
      };
    }
    this.currentStatus = final.status;
    this.error = final.error;
    this.endTime = new Date();
  }
}

function internalError(cause: Error): ArmErrorDetail {
  return {
    code: 'InternalOperationError',
    message: `An internal error occurred while processing the operation: ${cause.message}`,
  };
}

/** Every operation the emulator started, kept so status URLs (and restored pollers) keep working. */
export class OperationRegistry {
  private readonly operations = new Map<string, AsyncOperation>();

  constructor(private readonly faults: Faults) {}

  start(request: OperationRequest): AsyncOperation {
    const { timing, outcome } = this.faults.planOperation(request.resourceId);
    const operation = new AsyncOperation(request, timing, outcome);
    this.operations.set(operation.id.toLowerCase(), operation);
    return operation;
  }

  find(operationId: string): AsyncOperation | undefined {
    return this.operations.get(operationId.toLowerCase());
  }

  /** Resolves once no operation's background work is running any more. */
  async idle(): Promise<void> {
    await Promise.all(
      [...this.operations.values()].map(operation => operation.workFinished()),
    );
  }
}
