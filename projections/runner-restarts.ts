import { backoffMs, type RetryPolicy } from './retry.js';

/**
 * How a ProjectionRunner restarts itself after it failed for good (retries exhausted, a poison record under
 * `fail`, a programming error, a failed start): up to `retries` restarts, the n-th after a jittered backoff
 * (same shape as RetryPolicy), each from the read model's stored checkpoint (`init` and `load` again, a fresh
 * read of the source). A read model whose failure was transient (a store down longer than the batch retries)
 * comes back by itself; one that keeps failing ends `failed` and its process is reported unhealthy.
 */
export type RestartPolicy = RetryPolicy;

export const DEFAULT_RESTART_POLICY: RestartPolicy = { retries: 5, initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.2 };

/** Told of the runner's restarts and of its final failure (to log them, once, where the process logs). */
export interface RunnerObserver {
  /** The runner failed and restarts (number `restart`, 1-based) after `delayMs`. */
  restarting?(restart: number, error: unknown, delayMs: number): void;
  /** The runner failed for good: no restart is left. Called once. */
  failed?(error: unknown, restarts: number): void;
}

/** Counts the restarts of one runner against its policy. */
export class RestartBudget {
  private used = 0;

  constructor(
    private policy: RestartPolicy,
    private readonly random: () => number,
  ) {}

  get restarts(): number {
    return this.used;
  }

  /** No restart from now on (a replay reports its failure at once). */
  disable(): void {
    this.policy = { ...this.policy, retries: 0 };
  }

  /** Takes the next restart if one is left: its number (1-based) and the backoff to wait before it. */
  take(): { restart: number; delayMs: number } | undefined {
    if (this.used >= this.policy.retries) return undefined;
    const delayMs = backoffMs(this.used, this.policy, this.random);
    return { restart: ++this.used, delayMs };
  }
}
