import type { Checkpoint } from '../../../../domain/ports/checkpoint.js';
import type { CheckpointCommit, CheckpointStore } from '../../../../domain/ports/checkpoint-store.js';
import { checkpointKey } from '../embedded/store-keys.js';
import { checkCommit } from '../memory/write-checks.js';
import type { HBaseDatabase } from './hbase-database.js';

/**
 * CheckpointStore on HBase: one row per projection, `C || hex(utf8(name))`, family m, in the data table;
 * the value is checkpointToJson. The datapoint store and the registry write the same rows after their
 * own writes (apply with a commit), which is the normal path. Writes go through the shared queue, so a
 * `store` never overtakes an apply issued before it.
 */
export class HBaseCheckpointStore implements CheckpointStore {
  constructor(private readonly db: HBaseDatabase) {}

  load(projection: string): Promise<Checkpoint | undefined> {
    this.db.assertOpen();
    return this.db.readCheckpoint(projection);
  }

  async store(commit: CheckpointCommit): Promise<void> {
    checkCommit(commit);
    this.db.assertOpen();
    await this.db.run(() => this.db.writeCheckpoint(commit));
  }

  async reset(projection: string): Promise<void> {
    this.db.assertOpen();
    await this.db.run(() => this.db.checkpoints.write([{ key: checkpointKey(projection), value: undefined }]));
  }
}
