import type { Checkpoint } from './checkpoint.js';

/** A checkpoint to commit atomically with a read-model write: the projection's name and where it has read to. */
export interface CheckpointCommit {
  readonly projection: string;
  readonly checkpoint: Checkpoint;
  /**
   * Optional: the partitions whose offsets this commit advances (the runner gives the partitions of its batch).
   * A store whose checkpoint several instances share (store instances of one consumer group on HBase, each
   * owning some partitions) writes only these, so that an instance never overwrites the others' partitions
   * with its stale view of them. Absent: the whole checkpoint replaces the stored one.
   */
  readonly partitions?: readonly number[];
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
