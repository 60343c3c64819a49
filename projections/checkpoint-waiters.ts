import { covers, type Checkpoint } from '../domain/ports/checkpoint.js';

interface Waiter {
  readonly position: Checkpoint;
  readonly resolve: (reached: boolean) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * Callers waiting for a projection to cover a log position (read-your-writes: egress waits until the
 * directory or store has applied what ingress appended). Event-driven: the runner calls `advanced`
 * after each applied batch and the covered waiters resolve at once; nobody polls.
 */
export class CheckpointWaiters {
  private readonly waiters = new Set<Waiter>();

  /** How many callers are waiting (a metric). */
  get size(): number {
    return this.waiters.size;
  }

  /**
   * Resolves true as soon as the applied checkpoint covers `position` (at once if `current` does),
   * false after `timeoutMs` or on `cancelAll`.
   */
  wait(current: Checkpoint, position: Checkpoint, timeoutMs: number): Promise<boolean> {
    if (covers(current, position)) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Resolves every waiter that `applied` now covers. */
  advanced(applied: Checkpoint): void {
    for (const waiter of this.waiters) {
      if (covers(applied, waiter.position)) this.settle(waiter, true);
    }
  }

  /** Resolves every waiter false: the projection stopped and will not advance. */
  cancelAll(): void {
    for (const waiter of this.waiters) this.settle(waiter, false);
  }

  private settle(waiter: Waiter, reached: boolean): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    waiter.resolve(reached);
  }
}
