import { BEGINNING, type Checkpoint } from '../../../domain/ports/checkpoint.js';
import type { TopicName } from '../../../domain/ports/topics.js';
import type { ProjectionRunner, RunnerMetrics, RunnerObserver, RunnerStatus } from '../../../projections/runner.js';
import type { SupervisedRunner } from './projection-runners.service.js';

const NO_COUNTS: RunnerMetrics = { records: 0, points: 0, batches: 0, retries: 0, skipped: 0, restarts: 0 };

/**
 * One name for the runners a component starts and stops over time (a ProjectionRunner runs once): the standalone
 * plasma back end builds a new runner each time subscriptions appear. ProjectionRunners supervises the succession
 * (register it with `start: 'by-owner'`: the owner starts and stops the runners, `start`/`stop` here do nothing
 * more than stopping the current one), ProjectionHealth reports it:
 * - status: the current runner's; with none, `failed` if the last one failed for good (until a new one follows),
 *   else `idle`;
 * - counters: the sum over every runner of the succession (they only grow);
 * - applied and lag: the current runner's (none: nothing is read).
 * The observer given to `observe` hears every runner's restarts and final failure.
 */
export class RunnerSuccession implements SupervisedRunner {
  private current: ProjectionRunner<TopicName> | undefined;
  private lastFailed: ProjectionRunner<TopicName> | undefined;
  private finished: RunnerMetrics = NO_COUNTS;
  private observer: RunnerObserver | undefined;

  /** Makes `runner` the current one (before it starts, so that a failed start shows); a current one is retired first. */
  follow(runner: ProjectionRunner<TopicName>): void {
    if (this.current) this.retire(this.current);
    this.current = runner;
    this.lastFailed = undefined;
    runner.observe({
      restarting: (restart, error, delayMs) => this.observer?.restarting?.(restart, error, delayMs),
      failed: (error, restarts) => this.observer?.failed?.(error, restarts),
    });
  }

  /** `runner` (stopped by its owner) leaves the succession; its counters stay in the sums. */
  retire(runner: ProjectionRunner<TopicName>): void {
    if (runner !== this.current) return;
    this.finished = add(this.finished, runner.metrics());
    this.lastFailed = runner.status().state === 'failed' ? runner : undefined;
    this.current = undefined;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return this.current?.stop() ?? Promise.resolve();
  }

  applied(): Checkpoint {
    return this.current?.applied() ?? BEGINNING;
  }

  status(): RunnerStatus {
    return (this.current ?? this.lastFailed)?.status() ?? { state: 'idle' };
  }

  metrics(): RunnerMetrics {
    return this.current ? add(this.finished, this.current.metrics()) : { ...this.finished };
  }

  observe(observer: RunnerObserver): void {
    this.observer = observer;
  }

  lag(): Promise<ReadonlyMap<number, number>> {
    return this.current?.lag() ?? Promise.resolve(new Map());
  }
}

function add(a: RunnerMetrics, b: RunnerMetrics): RunnerMetrics {
  return {
    records: a.records + b.records,
    points: a.points + b.points,
    batches: a.batches + b.batches,
    retries: a.retries + b.retries,
    skipped: a.skipped + b.skipped,
    restarts: a.restarts + b.restarts,
  };
}
