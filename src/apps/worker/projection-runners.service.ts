import { Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { TopicName } from '../../../domain/ports/topics.js';
import type { ProjectionRunner } from '../../../projections/runner.js';

/**
 * What supervision and health need of a runner: a ProjectionRunner, or a RunnerSuccession standing for the
 * runners a component starts and stops over time under one name (the standalone plasma back end).
 */
export type SupervisedRunner = Pick<ProjectionRunner<TopicName>, 'start' | 'stop' | 'applied' | 'status' | 'metrics' | 'observe' | 'lag'>;

/**
 * When ProjectionRunners starts a runner: `before-serving` (default) awaits it before the server accepts
 * requests (read models readers depend on); `background` starts it without holding the start up (a view that
 * needs the broker to start, where the process must serve — and answer 503 — while the broker is away);
 * `by-owner` leaves start and stop to the component that owns it (ProjectionRunners only supervises and reports).
 */
export type RunnerStart = 'before-serving' | 'background' | 'by-owner';

/** A runner under supervision, with the name the process knows it by (its projection's). */
export interface NamedRunner {
  readonly name: string;
  readonly runner: SupervisedRunner;
  readonly start?: RunnerStart;
}

/** A projection that failed for good (its restarts exhausted): the process is unhealthy. */
export interface FailedProjection {
  readonly name: string;
  readonly error: unknown;
  readonly restarts: number;
}

/**
 * Starts the projection runners before the server accepts requests (the directory index is rebuilt from its
 * durable copy first) or in the background (see RunnerStart), and stops them, finishing the batch in flight,
 * before the log and store close.
 *
 * Supervises them: a runner restarts itself after a failure (ProjectionRunner's RestartPolicy); each restart is
 * logged as a warning, and a runner that failed for good is logged once, as an error, and listed by `failed()`
 * while it stays failed, which `/api/v0/check` turns into a 503 (see ProjectionHealth). Every component that
 * runs a projection (store, directory, ingress cache, plasma back end) provides one, so that its failure shows.
 */
export class ProjectionRunners implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('projections');
  private readonly failures = new Map<string, FailedProjection>();

  constructor(readonly runners: readonly NamedRunner[]) {
    for (const { name, runner } of runners) {
      runner.observe({
        restarting: (restart, error, delayMs) =>
          this.logger.warn(`${name} projection failed (${describe(error)}); restart ${restart} from its stored checkpoint in ${delayMs} ms`),
        failed: (error, restarts) => {
          this.failures.set(name, { name, error, restarts });
          this.logger.error(`${name} projection FAILED for good after ${restarts} restart(s), the process is unhealthy (/api/v0/check answers 503): ${describe(error)}`);
        },
      });
    }
  }

  async onModuleInit(): Promise<void> {
    for (const { name, runner, start = 'before-serving' } of this.runners) {
      if (start === 'by-owner') continue;
      const started = runner.start().then(() => this.logger.log(`${name} projection running from ${JSON.stringify(Object.fromEntries(runner.applied()))}`));
      if (start === 'before-serving') await started;
      else started.catch((error: unknown) => this.logger.warn(`${name} projection cannot start yet (${describe(error)}); it restarts by itself`));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.filter((r) => r.start !== 'by-owner').map(({ runner }) => runner.stop()));
  }

  /** The projections that failed for good and are still failed (a succession may have started a new runner), in the order they failed. */
  failed(): readonly FailedProjection[] {
    const failedNow = new Set(this.runners.filter(({ runner }) => runner.status().state === 'failed').map(({ name }) => name));
    return [...this.failures.values()].filter((f) => failedNow.has(f.name));
  }

  statuses(): Record<string, unknown> {
    return Object.fromEntries(this.runners.map(({ name, runner }) => [name, { status: runner.status().state, applied: Object.fromEntries(runner.applied()), metrics: runner.metrics() }]));
  }
}

/** An error as one line for the log and the check's body. */
export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
