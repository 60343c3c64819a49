import type { LogPosition } from '../../../domain/ports/command-log.js';
import type { ProjectionProgress, ReadModelName } from '../../../domain/ports/projection-progress.js';
import type { TopicName } from '../../../domain/ports/topics.js';
import type { ProjectionRunner } from '../../../projections/runner.js';

/** Which topic feeds each read model. */
const TOPIC_OF: Readonly<Record<ReadModelName, TopicName>> = { store: 'data', directory: 'metadata' };

/** Read your writes in one process: waits on the runner that feeds the read model (event-driven). */
export class RunnerProgress implements ProjectionProgress {
  constructor(private readonly runners: Readonly<Record<ReadModelName, ProjectionRunner<TopicName>>>) {}

  waitFor(readModel: ReadModelName, position: LogPosition, timeoutMs: number): Promise<boolean> {
    const wanted = position[TOPIC_OF[readModel]];
    if (wanted === undefined || wanted.size === 0) return Promise.resolve(true);
    return this.runners[readModel].waitFor(wanted, timeoutMs);
  }
}
