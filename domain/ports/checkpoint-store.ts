import type { Checkpoint } from './checkpoint.js';

/** A checkpoint to commit atomically with a read-model write: the projection's name and where it has read to. */
export interface CheckpointCommit {
  readonly projection: string;
  readonly checkpoint: Checkpoint;
}

/**
 * Stores projections' checkpoints. Read models that can write atomically take a CheckpointCommit in
 * their own write (so the checkpoint and the state it describes commit together, Kafka Streams'
 * StateStore.commit); `store` exists for read models that cannot, which then rely on idempotency.
 * `load` returns undefined for a projection that never committed (start at BEGINNING).
 */
export interface CheckpointStore {
  load(projection: string): Promise<Checkpoint | undefined>;
  store(commit: CheckpointCommit): Promise<void>;
  /** Forgets the checkpoint (replay starts from BEGINNING). */
  reset(projection: string): Promise<void>;
}
