import type { Checkpoint } from './checkpoint.js';
import type { TopicEvents, TopicName } from './topics.js';

/** A decoded record of the log, as projections see it: never Avro, Kafka or Long types. */
export interface LogRecord<T extends TopicName = TopicName> {
  readonly topic: T;
  readonly partition: number;
  readonly offset: number;
  readonly key: Uint8Array;
  readonly event: TopicEvents[T];
  /** When the record was appended, ms since the epoch. */
  readonly appendedAt: number;
}

export interface ReadOptions {
  /** Where to start: per partition, the next offset to read. Absent partitions start at their beginning. */
  readonly from: Checkpoint;
  /** Stops the iteration (the iterator then returns). */
  readonly signal: AbortSignal;
  /** Upper bound on records per yielded batch. */
  readonly maxBatch?: number;
  /**
   * Consumer-group sources only (Kafka), optional: the read model's stored checkpoint for the given
   * partitions (e.g. the projection's `load()`), asked whenever the group assigns partitions to this reader,
   * because another member may have consumed them since `from` was taken. A partition starts at the later
   * of `from` and this checkpoint; one assigned again during the read resumes at the later of this
   * checkpoint and what the read already yielded of it. Without it, partitions assigned during the read
   * resume from the group's committed offsets (committed only after the reader reported them applied).
   * Sources without consumer groups ignore it.
   */
  readonly resume?: (partitions: readonly number[]) => Promise<Checkpoint>;
}

/**
 * The read side of the log (emmett's MessageSource, pull-based so that the consumer gives backpressure).
 *
 * `read` yields non-empty batches of records; within a partition records come in offset order, with no
 * gap and no repeat. When it has caught up it waits for new records (it does not return) until `signal`
 * aborts. Batching across yields, checkpointing and retries are the consumer's business.
 * `end` returns, per partition, the offset after the last durable record (the high-water mark).
 */
export interface LogSource<T extends TopicName = TopicName> {
  readonly topic: T;
  read(options: ReadOptions): AsyncIterable<readonly LogRecord<T>[]>;
  end(): Promise<Checkpoint>;
  close(): Promise<void>;
}
