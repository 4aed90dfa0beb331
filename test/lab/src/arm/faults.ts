import { ArmError } from './errors';

/** How long an operation stays InProgress: both bounds must be reached. */
export interface OperationTiming {
  /** Observations (status polls or resource reads) before the operation ends; at least 1. */
  polls: number;
  /** Minimum wall-clock time before it ends. */
  durationMs: number;
}

/** How an operation the emulator starts will end. */
export type PlannedOutcome =
  | { kind: 'succeed' }
  | { kind: 'fail'; code: string; message: string }
  | { kind: 'cancel' };

/**
 * Misbehaviour tests ask for: operations that fail or are canceled, slow
 * operations, and throttling. Each "next N" fault is consumed in order.
 */
/** A planned outcome, for any operation or only for one resource's. */
interface Planned {
  outcome: PlannedOutcome;
  /** Only operations on a resource of this name (case-insensitive). */
  resourceName?: string;
}

export class Faults {
  private readonly plannedOutcomes: Planned[] = [];
  private throttledRequests = 0;
  private throttleRetryAfterSeconds = 1;

  constructor(private timing: OperationTiming) {}

  failNextOperations(
    count: number,
    error: { code: string; message: string },
    resourceName?: string,
  ): void {
    for (let i = 0; i < count; i++) {
      this.plannedOutcomes.push({
        outcome: { kind: 'fail', ...error },
        resourceName,
      });
    }
  }

  cancelNextOperations(count: number): void {
    for (let i = 0; i < count; i++) {
      this.plannedOutcomes.push({ outcome: { kind: 'cancel' } });
    }
  }

  setOperationTiming(timing: Partial<OperationTiming>): void {
    this.timing = { ...this.timing, ...timing };
  }

  throttleNextRequests(count: number, retryAfterSeconds: number): void {
    this.throttledRequests = count;
    this.throttleRetryAfterSeconds = retryAfterSeconds;
  }

  /** Called as an operation on `resourceId` starts: its timing and how it will end. */
  planOperation(resourceId?: string): {
    timing: OperationTiming;
    outcome: PlannedOutcome;
  } {
    const id = resourceId?.toLowerCase();
    const index = this.plannedOutcomes.findIndex(
      planned =>
        planned.resourceName === undefined ||
        (id !== undefined &&
          id.endsWith(`/${planned.resourceName.toLowerCase()}`)),
    );
    const [planned] =
      index < 0 ? [undefined] : this.plannedOutcomes.splice(index, 1);
    return {
      timing: { ...this.timing },
      outcome: planned?.outcome ?? { kind: 'succeed' },
    };
  }

  /** Throws ARM's 429 while throttling is on. */
  admitRequest(): void {
    if (this.throttledRequests <= 0) return;
    this.throttledRequests--;
    throw new ArmError(
      429,
      'TooManyRequests',
      `The request is being throttled. Please try again after '${this.throttleRetryAfterSeconds}' seconds.`,
      undefined,
      { 'retry-after': String(this.throttleRetryAfterSeconds) },
    );
  }
}
