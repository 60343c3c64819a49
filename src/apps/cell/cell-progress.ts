import { covers, type Checkpoint } from '../../../domain/ports/checkpoint.js';
import type { CheckpointStore } from '../../../domain/ports/checkpoint-store.js';
import type { LogPosition } from '../../../domain/ports/command-log.js';
import type { ProjectionProgress, ReadModelName } from '../../../domain/ports/projection-progress.js';
import type { TopicName } from '../../../domain/ports/topics.js';

/** Resolves true once a read model has applied `position` (one topic's checkpoint), false after `timeoutMs`. */
export type PositionWait = (position: Checkpoint, timeoutMs: number) => Promise<boolean>;

const TOPIC_OF: Readonly<Record<ReadModelName, TopicName>> = { store: 'data', directory: 'metadata' };

/**
 * Read your writes in a distributed process: each read model is waited on where it lives — the store through its
 * runner when it runs in this process, else through its stored checkpoint (`storedCheckpointWait`); the
 * directories through the instances of the cell (RemoteDirectory.waitApplied).
 */
export class CellProgress implements ProjectionProgress {
  constructor(private readonly waits: Readonly<Record<ReadModelName, PositionWait>>) {}

  waitFor(readModel: ReadModelName, position: LogPosition, timeoutMs: number): Promise<boolean> {
    const wanted = position[TOPIC_OF[readModel]];
    if (wanted === undefined || wanted.size === 0) return Promise.resolve(true);
    return this.waits[readModel](wanted, timeoutMs);
  }
}

/**
 * Waits on the checkpoint a projection running elsewhere stores with its read model (an egress reading the HBase
 * store that store instances write): reads it every `intervalMs` until it covers the position or `timeoutMs` has
 * passed. A failed read counts as not yet applied.
 */
export function storedCheckpointWait(checkpoints: CheckpointStore, projection: string, intervalMs = 50): PositionWait {
  return async (position, timeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stored = await checkpoints.load(projection).catch(() => undefined);
      if (stored !== undefined && covers(stored, position)) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, left)));
    }
  };
}
