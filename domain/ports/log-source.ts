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
