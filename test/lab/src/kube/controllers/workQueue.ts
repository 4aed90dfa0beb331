import { performance } from 'node:perf_hooks';
import { KubeApiError } from '../status';

/** Reconciles one key; throws KubeApiError when the API refuses a write. */
export type Reconcile = (key: string) => void;

interface Lane {
  reconcile: Reconcile;
  keys: Set<string>;
}

/** How long one turn may work before letting I/O (HTTP requests, watches) in. */
const TURN_MS = 20;
/** Conflicts in a row after which a key waits for its next event instead. */
const MAX_CONFLICT_RETRIES = 5;

/**
 * Keys waiting to be reconciled, one lane per controller. A key queued twice
 * before it is processed is processed once, which is what keeps bursts of
 * events (three pods turning Ready) from becoming bursts of writes.
 *
 * Work starts in a microtask, so it never runs inside the store's event
 * dispatch: every write a controller makes has been delivered to every
 * listener (and so to the controllers' caches) by the time the write
 * returns. And it finishes before the client sees the response of the
 * request that caused it, unless a turn runs out of time.
 *
 * Lanes registered first go first: pods settle before the ReplicaSets that
 * count them, ReplicaSets before their Deployments.
 */
export class WorkQueue {
  private readonly lanes: Lane[] = [];
  private readonly conflicts = new Map<string, number>();
  private idleWaiters: (() => void)[] = [];
  private scheduled = false;
  private stopped = false;
  private immediate?: NodeJS.Immediate;

  /** Adds a lane behind the existing ones; returns the function that queues a key on it. */
  lane(reconcile: Reconcile): (key: string) => void {
    const lane: Lane = { reconcile, keys: new Set() };
    this.lanes.push(lane);
    return key => {
      if (this.stopped) return;
      lane.keys.add(key);
      this.schedule();
    };
  }

  /** Resolves once every queued key has been processed. */
  whenIdle(): Promise<void> {
    if (!this.hasWork() || this.stopped) return Promise.resolve();
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    if (this.immediate) clearImmediate(this.immediate);
    for (const lane of this.lanes) lane.keys.clear();
    this.resolveIdle();
  }

  private hasWork(): boolean {
    return this.lanes.some(lane => lane.keys.size > 0);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.drain());
  }

  private drain(): void {
    this.immediate = undefined;
    const until = performance.now() + TURN_MS;
    while (!this.stopped) {
      const lane = this.lanes.find(candidate => candidate.keys.size > 0);
      if (!lane) break;
      if (performance.now() > until) {
        this.immediate = setImmediate(() => this.drain());
        return;
      }
      const key = lane.keys.values().next().value!;
      lane.keys.delete(key);
      this.process(lane, key);
    }
    this.scheduled = false;
    this.conflicts.clear();
    this.resolveIdle();
  }

  private process(lane: Lane, key: string): void {
    try {
      lane.reconcile(key);
      this.conflicts.delete(key);
    } catch (error) {
      if (!(error instanceof KubeApiError)) {
        // A bug in the lab; surface it without stopping the other controllers.
        queueMicrotask(() => {
          throw error;
        });
        return;
      }
      // 409 means someone wrote in between: read again and retry. Other
      // refusals (the object or its namespace is gone, the write is
      // invalid) wait for the next event about the object.
      const attempts = (this.conflicts.get(key) ?? 0) + 1;
      this.conflicts.set(key, attempts);
      if (error.code === 409 && attempts <= MAX_CONFLICT_RETRIES) {
        lane.keys.add(key);
      }
    }
  }

  private resolveIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
