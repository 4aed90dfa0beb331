import { setTimeout as sleep } from 'node:timers/promises';
import { AzureOperationError } from './azureOperationError';

/** Terminal provisioning states (ARM RPC: there are exactly three). */
const TERMINAL_STATES = ['succeeded', 'failed', 'canceled'];

export function isTerminal(provisioningState: string | undefined): boolean {
  // ARM: a resource without provisioningState has succeeded.
  return (
    provisioningState === undefined ||
    TERMINAL_STATES.includes(provisioningState.toLowerCase())
  );
}

export function isSucceeded(provisioningState: string | undefined): boolean {
  return (
    provisioningState === undefined ||
    provisioningState.toLowerCase() === 'succeeded'
  );
}

export interface WaitOptions {
  signal?: AbortSignal;
  intervalMs: number;
  timeoutMs: number;
}

/**
 * Reads until `done` holds, pausing `intervalMs` between reads; fails with a
 * message naming `what` after `timeoutMs`.
 */
export async function waitUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() + options.intervalMs > deadline) {
      throw new AzureOperationError(
        'Timeout',
        `gave up after ${Math.round(
          options.timeoutMs / 1000,
        )} s waiting for ${what}`,
      );
    }
    await sleep(options.intervalMs, undefined, { signal: options.signal });
  }
}

export interface BusyRetryOptions {
  signal?: AbortSignal;
  /** First pause; doubled after each refusal up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
  attempts: number;
  /** Called before each pause, e.g. to follow the competing operation. */
  onBusy?: (error: AzureOperationError) => Promise<void>;
}

/**
 * Runs `write` again while Azure refuses it with one of `codes` (409s that
 * mean "another operation holds this or a dependent resource"), backing off
 * exponentially; the last refusal is thrown once `attempts` are used up.
 */
export async function retryWhileBusy<T>(
  codes: string[],
  write: () => Promise<T>,
  options: BusyRetryOptions,
): Promise<T> {
  let delayMs = options.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (
        !(error instanceof AzureOperationError) ||
        !codes.includes(error.code) ||
        attempt >= options.attempts
      ) {
        throw error;
      }
      await options.onBusy?.(error);
      await sleep(delayMs, undefined, { signal: options.signal });
      delayMs = Math.min(delayMs * 2, options.maxDelayMs);
    }
  }
}
