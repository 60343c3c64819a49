import { Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type { LogSource } from '../../../domain/ports/log-source.js';
import type { PlasmaProjection } from '../../../projections/plasma/plasma.projection.js';
import { ProjectionRunner, type RunnerOptions } from '../../../projections/runner.js';
import type { PlasmaBackEndFeed } from '../cell/cell-tokens.js';
import { describe } from '../worker/projection-runners.service.js';
import { RunnerSuccession } from '../worker/runner-succession.js';
import { GroupResume } from './plasma-backend-resume.js';

/**
 * How long the back end's runner keeps merging log reads into one batch: none. The store projection waits (10 ms
 * by default) to write bigger store batches; plasma forwards each chunk on its own whatever the batch size, so
 * waiting only adds that time to every delivery (10 of the 12 ms of the fan-out's median with one subscriber).
 * Under load the log still yields whole group commits at once, so batches stay large.
 */
const FORWARD_AT_ONCE_MS = 0;

/**
 * Who tells the back end when there is anything to forward at all (standalone: the in-process subscription map).
 * Without one, the back end reads the data topic for as long as the process runs (distributed plasmaBE).
 */
export interface PlasmaActivity {
  onActivity(listener: (active: boolean) => Promise<void> | void): Promise<void>;
}

/** Where the back end reads: the process's data log (standalone), or the back ends' consumer group (distributed). */
export type PlasmaBackEndInput = { readonly source: LogSource<'data'> } | { readonly feed: PlasmaBackEndFeed };

export interface PlasmaBackEndOptions {
  readonly maxBatch: number;
  readonly activity?: PlasmaActivity;
  /** Retry and restart policies of the runners (defaults: the runner's). */
  readonly runner?: Pick<RunnerOptions, 'retry' | 'restart'>;
}

/**
 * Runs the plasma projection from the data log. With a PlasmaActivity (standalone), it reads only while some
 * front end subscribes to something — starting at the log's end each time, as plasma never replays — so that a
 * cell without subscribers does not decode its data log twice (Warp 10's standalone feeds plasma only while it
 * has clients). Start and stop are serialised; a start resolves once the runner reads from the end, so a
 * subscription published after it sees every later write.
 *
 * Supervision: its runners are one RunnerSuccession (`supervised`, named `plasma` in the process's
 * ProjectionRunners): restarts, final failure (/api/v0/check 503) and metrics as for the store.
 * Distributed (a `feed`): forwarded offsets are committed to the group every `feed.commitPeriodMs` and before a
 * rebalance takes partitions away, partitions handed over resume where the group left them (GroupResume), and
 * undecodable or MAC-failing records go to `feed.deadLetters`.
 */
export class PlasmaBackEnd implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** The runners of this back end, for ProjectionRunners (start `by-owner`). */
  readonly supervised = new RunnerSuccession();
  private readonly logger = new Logger('plasma');
  private readonly source: LogSource<'data'>;
  private readonly feed: PlasmaBackEndFeed | undefined;
  private runner: ProjectionRunner<'data'> | undefined;
  private transitions: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly projection: PlasmaProjection,
    input: PlasmaBackEndInput,
    private readonly options: PlasmaBackEndOptions,
  ) {
    this.feed = 'feed' in input ? input.feed : undefined;
    this.source = 'feed' in input ? input.feed.source : input.source;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.activity === undefined) await this.setRunning(true);
    else await this.options.activity.onActivity((active) => this.setRunning(active));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.setRunning(false);
    this.stopped = true;
  }

  /** Whether the projection is reading the data log now. */
  get running(): boolean {
    return this.runner !== undefined;
  }

  private setRunning(active: boolean): Promise<void> {
    const next = this.transitions.then(async () => {
      if (this.stopped) return;
      if (active && this.runner === undefined) {
        const runner = this.newRunner();
        this.runner = runner;
        this.supervised.follow(runner);
        try {
          await runner.start();
          this.logger.log(`plasma back end reading the data log from ${JSON.stringify(Object.fromEntries(runner.applied()))}`);
        } catch (error) {
          // The runner restarts by itself (its RestartPolicy); a final failure shows in /api/v0/check.
          this.logger.error(`plasma back end cannot start reading the data log: ${describe(error)}`);
        }
      } else if (!active && this.runner !== undefined) {
        const runner = this.runner;
        this.runner = undefined;
        await runner.stop();
        this.supervised.retire(runner);
        this.logger.log('plasma back end idle (no subscription)');
      }
    });
    this.transitions = next.catch((error: unknown) => this.logger.error(`plasma back end: ${(error as Error).message}`));
    return next;
  }

  private newRunner(): ProjectionRunner<'data'> {
    const settings: RunnerOptions = { maxBatch: this.options.maxBatch, maxWaitMs: FORWARD_AT_ONCE_MS, ...this.options.runner };
    const feed = this.feed;
    if (feed === undefined) return new ProjectionRunner(this.projection, this.source, settings);
    const resume = new GroupResume((partitions) => feed.committed(partitions), () => runner.applied(), (offsets) => feed.commit(offsets));
    const runner: ProjectionRunner<'data'> = new ProjectionRunner(resume.definition(this.projection), this.source, { ...settings, deadLetters: feed.deadLetters });
    feed.source.trackApplied(() => resume.committable(), feed.commitPeriodMs);
    return runner;
  }
}
