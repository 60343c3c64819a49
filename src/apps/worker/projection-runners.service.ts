import { Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { TopicName } from '../../../domain/ports/topics.js';
import type { ProjectionRunner } from '../../../projections/runner.js';

/** A runner under supervision, with the name the process knows it by (its projection's). */
export interface NamedRunner {
  readonly name: string;
  readonly runner: ProjectionRunner<TopicName>;
}

/** A projection that failed for good (its restarts exhausted): the process is unhealthy. */
export interface FailedProjection {
  readonly name: string;
  readonly error: unknown;
  readonly restarts: number;
}

/**
 * Starts the projection runners before the server accepts requests (the directory index is rebuilt from its
 * durable copy first), and stops them, finishing the batch in flight, before the log and store close.
 *
 * Supervises them: a runner restarts itself after a failure (ProjectionRunner's RestartPolicy); each restart is
 * logged as a warning, and a runner that failed for good is logged once, as an error, and listed by `failed()`,
 * which `/api/v0/check` turns into a 503 (see ProjectionHealth).
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
    for (const { name, runner } of this.runners) {
      await runner.start();
      this.logger.log(`${name} projection running from ${JSON.stringify(Object.fromEntries(runner.applied()))}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map(({ runner }) => runner.stop()));
  }

  /** The projections that failed for good, in the order they failed. */
  failed(): readonly FailedProjection[] {
    return [...this.failures.values()];
  }

  statuses(): Record<string, unknown> {
    return Object.fromEntries(this.runners.map(({ name, runner }) => [name, { status: runner.status().state, applied: Object.fromEntries(runner.applied()), metrics: runner.metrics() }]));
  }
}

/** An error as one line for the log and the check's body. */
export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
