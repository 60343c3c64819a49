import { InvariantViolation } from '../domain/errors.js';
import { BEGINNING, covers, type Checkpoint } from '../domain/ports/checkpoint.js';
import type { CheckpointCommit } from '../domain/ports/checkpoint-store.js';
import { systemClock, type Clock } from '../domain/ports/clock.js';
import type { LogRecord, LogSource, ReadOptions } from '../domain/ports/log-source.js';
import type { TopicName } from '../domain/ports/topics.js';
import { BatchReader } from './batch-reader.js';
import { commitAfter } from './checkpoint-after.js';
import { CheckpointWaiters } from './checkpoint-waiters.js';
import type { ProjectionDefinition } from './projection.js';
import { abortableDelay, classifyError, DEFAULT_RETRY_POLICY, Retrier, type Outcome, type RetryPolicy } from './retry.js';
import type { ReplayProgress, ReplayStats, RunnerMetrics, RunnerOptions, RunnerStatus } from './runner-options.js';
import { isolatePoison, skipPoison, type PoisonHost } from './runner-poison.js';
import { lagOf, noop, pointsIn, unreadableAt } from './runner-records.js';
import { DEFAULT_RESTART_POLICY, RestartBudget, type RunnerObserver } from './runner-restarts.js';

export type { ReplayProgress, ReplayStats, RunnerMetrics, RunnerOptions, RunnerStatus } from './runner-options.js';
export type { RestartPolicy, RunnerObserver } from './runner-restarts.js';

/**
 * Feeds one projection from one log source: loads the checkpoint, pulls batches (merging the source's
 * yields up to `maxBatch` / `maxWaitMs`; the next batch is read while one is handled), calls `handle` with
 * the checkpoint after the batch, and keeps the applied checkpoint in memory for `waitFor` and lag metrics.
 *
 * Errors: `retriable: true` errors (from handle, the source or the dead-letter sink) are retried with
 * jittered exponential backoff, then the runner fails; programming errors fail at once; other errors
 * from `handle` mark the batch as poison and follow the projection's policy (`fail`: stop with the
 * checkpoint before the batch; `skip`: re-handle the batch record by record, dead-letter and count the
 * records that still fail, commit past them with an empty `handle`).
 *
 * Supervision: a runner that fails for good restarts itself from the stored checkpoint, a bounded number of
 * times with backoff (RestartPolicy), keeping its waiters; then it stays `failed` and tells its observer once.
 * A runner runs once: after `stop()` or a final failure, build a new one (it resumes from the stored checkpoint).
 */
export class ProjectionRunner<T extends TopicName> {
  /** Aborted by `stop()` (and by a replay reaching its target): ends everything, restarts included. */
  private readonly controller = new AbortController();
  /** Aborted by `stop()` or a failure: ends the current read. A restart gets a new one. */
  private attempt = new AbortController();
  private readonly waiters = new CheckpointWaiters();
  private readonly retrier: Retrier;
  private readonly restarts: RestartBudget;
  private readonly poisonHost: PoisonHost<T>;
  private readonly resume: ReadOptions['resume'];
  private observer: RunnerObserver | undefined;
  private readonly clock: Clock;
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private current: Checkpoint = BEGINNING;
  private state: RunnerStatus = { state: 'idle' };
  private counters = { records: 0, points: 0, batches: 0, retries: 0, skipped: 0, restarts: 0 };
  private target: Checkpoint | undefined;
  private t0 = 0;
  private onProgress: ((progress: ReplayProgress) => void) | undefined;
  private started: Promise<void> | undefined;
  private loop: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly projection: ProjectionDefinition<T>,
    private readonly source: LogSource<T>,
    private readonly options: RunnerOptions = {},
  ) {
    if (projection.topic !== source.topic) {
      throw new InvariantViolation(`projection '${projection.name}' reads '${projection.topic}' but was given a '${source.topic}' source`);
    }
    let before: RunnerStatus = this.state;
    const listener = {
      retrying: (attempt: number, error: unknown): void => {
        this.counters.retries++;
        before = this.state;
        this.state = { state: 'retrying', attempt, error };
      },
      resumed: (): void => {
        if (this.state.state === 'retrying') this.state = before;
      },
    };
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.retrier = new Retrier(policy, options.random ?? Math.random, this.controller.signal, listener);
    this.poisonHost = {
      projection: projection.name,
      deadLetters: options.deadLetters,
      retrier: this.retrier,
      applied: () => this.current,
      tryHandle: (records, commit) => this.tryHandle(records, commit),
      advance: (checkpoint, records, skipped) => this.advance(checkpoint, records, skipped),
      carryOn: (outcome) => this.carryOn(outcome),
    };
    this.restarts = new RestartBudget({ ...DEFAULT_RESTART_POLICY, ...options.restart }, options.random ?? Math.random);
    // A partition a consumer group hands over resumes at the read model's stored checkpoint (Kafka sources).
    if (projection.checkpointOf) this.resume = (partitions) => projection.checkpointOf!(partitions);
    this.clock = options.clock ?? systemClock;
    this.maxBatch = Math.max(1, options.maxBatch ?? 5000);
    this.maxWaitMs = Math.max(0, options.maxWaitMs ?? 10);
  }

  /** Loads the start checkpoint and starts the loop; resolves once running, rejects if loading failed. Idempotent. */
  start(): Promise<void> {
    if (!this.started) {
      if (this.state.state !== 'idle') throw new InvariantViolation(`projection runner '${this.projection.name}' cannot start twice`);
      this.state = { state: 'starting' };
      this.started = this.prepare();
      this.loop = this.started.then(() => this.supervise(), () => this.supervise());
    }
    return this.started;
  }

  /** Stops reading; the batch in flight is finished (and committed) first. Idempotent; waiters resolve false. */
  stop(): Promise<void> {
    if (!this.stopping) {
      this.controller.abort();
      this.attempt.abort();
      this.stopping = (this.loop ?? Promise.resolve()).then(() => {
        if (this.state.state !== 'failed') this.state = { state: 'stopped' };
        this.waiters.cancelAll();
      });
    }
    return this.stopping;
  }

  /** The checkpoint the read model is known to have committed (per partition, the next offset). */
  applied(): Checkpoint {
    return this.current;
  }

  status(): RunnerStatus {
    return this.state;
  }

  metrics(): RunnerMetrics {
    return { ...this.counters };
  }

  /** Sets who hears of restarts and of the final failure (the process's supervisor, to log and report them). */
  observe(observer: RunnerObserver): void {
    this.observer = observer;
  }

  /** Records between the applied checkpoint and the log's end, per partition. */
  async lag(): Promise<ReadonlyMap<number, number>> {
    return lagOf(await this.source.end(), this.current);
  }

  /** True as soon as the applied checkpoint covers `position`; false after `timeoutMs` or if the runner stops. */
  waitFor(position: Checkpoint, timeoutMs: number): Promise<boolean> {
    if (this.stopping || this.state.state === 'failed') return Promise.resolve(covers(this.current, position));
    return this.waiters.wait(this.current, position, timeoutMs);
  }

  /**
   * Replay: runs from the stored checkpoint until the log's `end()` as of the call is covered, then
   * stops and returns what it applied. Rejects with the error if the runner fails on the way.
   */
  async runToEnd(onProgress?: (progress: ReplayProgress) => void): Promise<ReplayStats> {
    this.t0 = this.clock.nowMs();
    this.restarts.disable();
    this.target = await this.source.end();
    this.onProgress = onProgress;
    await this.start();
    if (covers(this.current, this.target)) await this.stop();
    await this.loop;
    await this.stop();
    if (this.state.state === 'failed') throw this.state.error;
    return { records: this.counters.records, points: this.counters.points, ms: this.clock.nowMs() - this.t0 };
  }

  /** Runs `init` and finds where to start; a stop meanwhile leaves the runner to end quietly. */
  private async prepare(): Promise<void> {
    const p = this.projection;
    let from: Checkpoint | undefined;
    const outcome = await this.retrier.run(async () => {
      await p.init?.();
      from = p.startFrom === 'end' ? await this.source.end() : await p.load();
    });
    if (!outcome.ok) {
      if (outcome.kind === 'aborted') return;
      this.fail(outcome.error);
      throw outcome.error;
    }
    this.current = from ?? BEGINNING;
    this.state = { state: 'running' };
  }

  /**
   * Runs the loop; after a failure, restarts it from the stored checkpoint while the RestartBudget allows
   * (a stop ends the wait), then reports the final failure once and releases the waiters.
   */
  private async supervise(): Promise<void> {
    for (;;) {
      if (this.state.state !== 'failed') await this.run();
      if (this.state.state !== 'failed' || this.controller.signal.aborted) break;
      const error = this.state.error;
      const next = this.restarts.take();
      if (next === undefined) break;
      this.counters.restarts = next.restart;
      this.state = { state: 'restarting', restart: next.restart, error };
      this.observer?.restarting?.(next.restart, error, next.delayMs);
      if (!(await abortableDelay(next.delayMs, this.controller.signal))) break;
      this.attempt = new AbortController();
      await this.prepare().catch(noop);
    }
    if (this.state.state === 'failed') {
      this.waiters.cancelAll();
      if (!this.controller.signal.aborted) this.observer?.failed?.(this.state.error, this.restarts.restarts);
    }
  }

  private async run(): Promise<void> {
    const signal = this.attempt.signal;
    let attempt = 0;
    while (!signal.aborted && this.state.state !== 'failed') {
      let reader: BatchReader<LogRecord<T>> | undefined;
      try {
        const iterable = this.source.read({ from: this.current, signal, maxBatch: this.maxBatch, resume: this.resume });
        reader = new BatchReader(iterable[Symbol.asyncIterator](), { maxBatch: this.maxBatch, maxWaitMs: this.maxWaitMs }, signal);
        let ahead = reader.next();
        for (let batch = await ahead; batch; batch = await ahead) {
          // Read the next batch while this one is applied, so that the log read and the store write
          // overlap instead of taking turns (each waits for the event loop, busy with ingest); it takes
          // what arrives until this one is applied (fewer, larger applies). Its failure is read by the
          // await above, in order.
          const processed = this.process(batch);
          ahead = reader.next(processed);
          ahead.catch(noop);
          if (!(await processed)) return;
          attempt = 0;
        }
        return;
      } catch (error) {
        // The source failed: retriable errors re-read from the applied checkpoint after a backoff;
        // an undecodable record is poison; both resume reading from the applied checkpoint.
        const kind = classifyError(error);
        const at = kind === 'poison' && this.projection.poison === 'skip' ? unreadableAt(error, this.current) : undefined;
        if (at !== undefined) {
          if (!this.carryOn(await skipPoison(this.poisonHost, at.partition, at.offset, undefined, error))) return;
        } else if (kind !== 'retriable') return this.fail(error);
        else if (!(await this.retrier.wait(attempt++, error))) return this.controller.signal.aborted ? undefined : this.fail(error);
      } finally {
        reader?.close();
      }
    }
  }

  /** Applies one batch; false when the runner must stop (failed or aborted during a retry). */
  private async process(batch: LogRecord<T>[]): Promise<boolean> {
    const commit = this.commitAfter(this.current, batch);
    const outcome = await this.tryHandle(batch, commit);
    if (outcome.ok) {
      this.advance(commit.checkpoint, batch);
      return true;
    }
    if (outcome.kind === 'poison' && this.projection.poison === 'skip') return isolatePoison(this.poisonHost, batch);
    return this.carryOn(outcome);
  }

  /** True if the outcome lets the runner go on; otherwise fails the runner (unless it was a stop) and returns false. */
  private carryOn(outcome: Outcome): boolean {
    if (outcome.ok) return true;
    if (outcome.kind !== 'aborted') this.fail(outcome.error);
    return false;
  }

  private tryHandle(records: readonly LogRecord<T>[], commit: CheckpointCommit): Promise<Outcome> {
    return this.retrier.run(() => this.projection.handle(records, commit));
  }

  private commitAfter(from: Checkpoint, records: readonly LogRecord<T>[]): CheckpointCommit {
    return commitAfter(this.projection.name, from, records);
  }

  private advance(checkpoint: Checkpoint, records: readonly LogRecord<T>[], skipped = false): void {
    this.current = checkpoint;
    if (skipped) this.counters.skipped++;
    this.counters.batches++;
    this.counters.records += records.length;
    this.counters.points += pointsIn(records);
    this.waiters.advanced(checkpoint);
    if (this.target) {
      const ms = this.clock.nowMs() - this.t0;
      this.onProgress?.({ records: this.counters.records, points: this.counters.points, ms, applied: checkpoint, target: this.target });
      if (covers(checkpoint, this.target)) void this.stop();
    }
  }

  /** Ends the current read as failed; `supervise` restarts or gives up. */
  private fail(error: unknown): void {
    this.state = { state: 'failed', error };
    this.attempt.abort();
  }
}
