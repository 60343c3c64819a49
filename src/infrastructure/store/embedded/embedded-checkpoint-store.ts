import { checkpointFromJson, type Checkpoint } from '../../../../domain/ports/checkpoint.js';
import type { CheckpointCommit, CheckpointStore } from '../../../../domain/ports/checkpoint-store.js';
import { checkCommit } from '../memory/write-checks.js';
import { EmbeddedStoreError, type EmbeddedDatabase } from './embedded-database.js';
import { checkpointKey } from './store-keys.js';

const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * CheckpointStore over the embedded database: one 'C' row per projection holding checkpointToJson.
 * The datapoint store and the registry write the same rows inside their own atomic writes (apply with a
 * commit), which is the normal path; `store` is for callers that have no read-model write to ride on.
 * Writes go through the database's queue, so a `store` never overtakes an apply issued before it.
 */
export class EmbeddedCheckpointStore implements CheckpointStore {
  constructor(private readonly db: EmbeddedDatabase) {}

  async load(projection: string): Promise<Checkpoint | undefined> {
    this.db.assertOpen();
    const value = await this.db.engine.get(checkpointKey(projection));
    if (value === undefined) return undefined;
    try {
      return checkpointFromJson(fromUtf8.decode(value));
    } catch (err) {
      throw new EmbeddedStoreError(`cannot read the checkpoint of ${projection} in ${this.db.dir}: ${(err as Error).message}`, { retriable: false, cause: err });
    }
  }

  async store(commit: CheckpointCommit): Promise<void> {
    checkCommit(commit);
    this.db.assertOpen();
    await this.db.apply(() => [], commit);
  }

  async reset(projection: string): Promise<void> {
    this.db.assertOpen();
    await this.db.apply(() => [{ key: checkpointKey(projection), value: undefined }]);
  }
}
