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
export class Faults {
  private readonly plannedOutcomes: PlannedOutcome[] = [];
  private throttledRequests = 0;
  private throttleRetryAfterSeconds = 1;

  constructor(private timing: OperationTiming) {}

  failNextOperations(
    count: number,
    error: { code: string; message: string },
  ): void {
    for (let i = 0; i < count; i++) {
      this.plannedOutcomes.push({ kind: 'fail', ...error });
    }
  }

  cancelNextOperations(count: number): void {
    for (let i = 0; i < count; i++)
      this.plannedOutcomes.push({ kind: 'cancel' });
  }

  setOperationTiming(timing: Partial<OperationTiming>): void {
    this.timing = { ...this.timing, ...timing };
  }

  throttleNextRequests(count: number, retryAfterSeconds: number): void {
    this.throttledRequests = count;
    this.throttleRetryAfterSeconds = retryAfterSeconds;
  }

  /** Called as an operation starts: its timing and how it will end. */
  planOperation(): { timing: OperationTiming; outcome: PlannedOutcome } {
    return {
      timing: { ...this.timing },
      outcome: this.plannedOutcomes.shift() ?? { kind: 'succeed' },
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
