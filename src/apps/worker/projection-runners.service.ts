import { Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { TopicName } from '../../../domain/ports/topics.js';
import type { ProjectionRunner } from '../../../projections/runner.js';

/**
 * Starts the projection runners before the server accepts requests (the directory index is rebuilt from its
 * durable copy first), and stops them, finishing the batch in flight, before the log and store close.
 */
export class ProjectionRunners implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('projections');

  constructor(private readonly runners: readonly { readonly name: string; readonly runner: ProjectionRunner<TopicName> }[]) {}

  async onModuleInit(): Promise<void> {
    for (const { name, runner } of this.runners) {
      await runner.start();
      this.logger.log(`${name} projection running from ${JSON.stringify(Object.fromEntries(runner.applied()))}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map(({ runner }) => runner.stop()));
  }

  statuses(): Record<string, unknown> {
    return Object.fromEntries(this.runners.map(({ name, runner }) => [name, { status: runner.status().state, applied: Object.fromEntries(runner.applied()), metrics: runner.metrics() }]));
  }
}
