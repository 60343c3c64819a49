import { Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type { LogSource } from '../../../domain/ports/log-source.js';
import type { PlasmaProjection } from '../../../projections/plasma/plasma.projection.js';
import { ProjectionRunner } from '../../../projections/runner.js';

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

/**
 * Runs the plasma projection from the data log. With a PlasmaActivity (standalone), it reads only while some
 * front end subscribes to something — starting at the log's end each time, as plasma never replays — so that a
 * cell without subscribers does not decode its data log twice (Warp 10's standalone feeds plasma only while it
 * has clients). Start and stop are serialised; a start resolves once the runner reads from the end, so a
 * subscription published after it sees every later write.
 */
export class PlasmaBackEnd implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('plasma');
  private runner: ProjectionRunner<'data'> | undefined;
  private transitions: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly projection: PlasmaProjection,
    private readonly source: LogSource<'data'>,
    private readonly maxBatch: number,
    private readonly activity: PlasmaActivity | undefined,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.activity === undefined) await this.setRunning(true);
    else await this.activity.onActivity((active) => this.setRunning(active));
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
        const runner = new ProjectionRunner(this.projection, this.source, { maxBatch: this.maxBatch, maxWaitMs: FORWARD_AT_ONCE_MS });
        await runner.start();
        this.runner = runner;
        this.logger.log(`plasma back end reading the data log from ${JSON.stringify(Object.fromEntries(runner.applied()))}`);
      } else if (!active && this.runner !== undefined) {
        const runner = this.runner;
        this.runner = undefined;
        await runner.stop();
        this.logger.log('plasma back end idle (no subscription)');
      }
    });
    this.transitions = next.catch((error: unknown) => this.logger.error(`plasma back end: ${(error as Error).message}`));
    return next;
  }
}
