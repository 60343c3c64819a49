import { InvariantViolation } from '../domain/errors.js';

/**
 * Bounded, jittered exponential backoff for transient failures (kafkajs' retrier): the n-th retry
 * (0-based) waits about `initialMs * factor^n`, capped at `maxMs`, scaled by a random factor in
 * [1 - jitter, 1 + jitter] so that many workers hitting the same outage do not retry in step.
 * After `retries` retries the failure is final.
 */
export interface RetryPolicy {
  readonly retries: number;
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  /** 0 (no jitter) .. 1. */
  readonly jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 8, initialMs: 100, maxMs: 30_000, factor: 2, jitter: 0.2 };

/** The wait before retry number `attempt` (0-based), in ms; `random` returns a number in [0, 1). */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exp = Math.min(policy.maxMs, policy.initialMs * policy.factor ** attempt);
  const scaled = exp * (1 - policy.jitter + 2 * policy.jitter * random());
  return Math.max(0, Math.min(policy.maxMs, Math.round(scaled)));
}

/**
 * How the runner treats an error thrown by a projection, a log source or a sink:
 * - `programming`: a bug (TypeError, RangeError, ReferenceError, SyntaxError, InvariantViolation);
 *   never retried, never skipped: the runner stops.
 * - `retriable`: the error says `retriable: true` (infrastructure errors); retried with backoff.
 * - `poison`: anything else; the data cannot be handled, the projection's poison policy applies.
 */
export type ErrorKind = 'programming' | 'retriable' | 'poison';

export function classifyError(error: unknown): ErrorKind {
  if (
    error instanceof InvariantViolation ||
    error instanceof TypeError ||
    error instanceof RangeError ||
    error instanceof ReferenceError ||
    error instanceof SyntaxError
  ) {
    return 'programming';
  }
  if (typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true) return 'retriable';
  return 'poison';
}

/** Resolves after `ms`, or at once when `signal` aborts (then resolves false instead of true). */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** How a call went: succeeded, failed with an error of some kind, ran out of retries, or was cut short by an abort. */
export type Outcome = { readonly ok: true } | { readonly ok: false; readonly kind: ErrorKind | 'exhausted' | 'aborted'; readonly error?: unknown };

/** Told when a retry is scheduled (to show `retrying` in a status and count retries) and when the wait is over. */
export interface RetryListener {
  retrying(attempt: number, error: unknown): void;
  resumed(): void;
}

/**
 * Runs calls under a RetryPolicy: retriable errors are retried after a jittered backoff, anything else
 * is reported at once. Waits end early when `signal` aborts. Used by the runner for the projection,
 * the log source and the dead-letter sink alike.
 */
export class Retrier {
  constructor(
    private readonly policy: RetryPolicy,
    private readonly random: () => number,
    private readonly signal: AbortSignal,
    private readonly listener: RetryListener,
  ) {}

  /** Runs `fn` until it succeeds or fails for good; never throws. */
  async run(fn: () => Promise<void>): Promise<Outcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        await fn();
        return { ok: true };
      } catch (error) {
        const kind = classifyError(error);
        if (kind !== 'retriable') return { ok: false, kind, error };
        if (attempt >= this.policy.retries) return { ok: false, kind: 'exhausted', error };
        if (!(await this.wait(attempt, error))) return { ok: false, kind: 'aborted', error };
      }
    }
  }

  /** True if retry number `attempt` (0-based) may happen: within the policy, and waited for without an abort. */
  async wait(attempt: number, error: unknown): Promise<boolean> {
    if (attempt >= this.policy.retries) return false;
    this.listener.retrying(attempt + 1, error);
    const waited = await abortableDelay(backoffMs(attempt, this.policy, this.random), this.signal);
    this.listener.resumed();
    return waited;
  }
}
