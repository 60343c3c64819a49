import type { Checkpoint } from '../domain/ports/checkpoint.js';
import type { Clock } from '../domain/ports/clock.js';
import type { DeadLetterSink } from './dead-letter.js';
import type { RetryPolicy } from './retry.js';
import type { RestartPolicy } from './runner-restarts.js';

/** How a ProjectionRunner batches, retries and reports. Every field has a default. */
export interface RunnerOptions {
  /** Most records per `handle` call (default 5000); also passed to the source as its yield bound. */
  readonly maxBatch?: number;
  /** How long to keep merging source yields into a batch once it started (default 10 ms). */
  readonly maxWaitMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Restarts after a failure for good (see RestartPolicy; `runToEnd` never restarts). */
  readonly restart?: Partial<RestartPolicy>;
  /** Where `skip` projections put poison records; without one they are only counted. */
  readonly deadLetters?: DeadLetterSink;
  /** Jitter source, [0, 1); injected for deterministic tests. */
  readonly random?: () => number;
  readonly clock?: Clock;
}

export type RunnerStatus =
  | { readonly state: 'idle' | 'starting' | 'running' | 'stopped' }
  | { readonly state: 'retrying'; readonly attempt: number; readonly error: unknown }
  /** Failed, waiting to restart (number `restart`) from the stored checkpoint; reads with a position keep waiting. */
  | { readonly state: 'restarting'; readonly restart: number; readonly error: unknown }
  | { readonly state: 'failed'; readonly error: unknown };

/** Counters since the runner started (for metrics endpoints and `cell-status`). */
export interface RunnerMetrics {
  readonly records: number;
  readonly points: number;
  readonly batches: number;
  readonly retries: number;
  readonly skipped: number;
  /** Restarts after failures (see RestartPolicy). */
  readonly restarts: number;
}

export interface ReplayStats {
  readonly records: number;
  readonly points: number;
  readonly ms: number;
}

export interface ReplayProgress extends ReplayStats {
  readonly applied: Checkpoint;
  readonly target: Checkpoint;
}
