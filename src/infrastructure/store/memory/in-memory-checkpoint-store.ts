import type { Checkpoint } from '../../../../domain/ports/checkpoint.js';
import type { CheckpointCommit, CheckpointStore } from '../../../../domain/ports/checkpoint-store.js';
import { MemoryDatabase } from './memory-database.js';

/**
 * CheckpointStore over a MemoryDatabase. Sees the checkpoints committed with the datapoint and registry
 * writes of the same database. Stores and returns copies, so callers cannot change a stored checkpoint
 * by mutating a Map they hold.
 */
export class InMemoryCheckpointStore implements CheckpointStore {
  constructor(private readonly db: MemoryDatabase = new MemoryDatabase()) {}

  async load(projection: string): Promise<Checkpoint | undefined> {
    const cp = this.db.checkpoints.get(projection);
    return cp === undefined ? undefined : new Map(cp);
  }

  async store(commit: CheckpointCommit): Promise<void> {
    commitCheckpoint(this.db, commit);
  }

  async reset(projection: string): Promise<void> {
    this.db.checkpoints.delete(projection);
  }
}

/** Records a checkpoint commit in `db` (shared by the adapters that commit with their writes). */
export function commitCheckpoint(db: MemoryDatabase, commit: CheckpointCommit): void {
  db.checkpoints.set(commit.projection, new Map(commit.checkpoint));
}
