import type { Checkpoint } from './checkpoint.js';
import type { TopicEvents, TopicName } from './topics.js';

/** One record to append: the key is the 16-byte series id, which also chooses the partition. */
export type OutgoingRecord = {
  [T in TopicName]: { readonly topic: T; readonly key: Uint8Array; readonly event: TopicEvents[T] };
}[TopicName];

/** Where an append landed: per topic, per partition, the offset just after the last record written. */
export type LogPosition = Partial<Record<TopicName, Checkpoint>>;

/**
 * The write side of the log (Warp 10: ingress's Kafka producers).
 *
 * `append` MUST resolve only once every record is durable (fsync'd, or acknowledged by all in-sync
 * replicas), and MUST keep the records of one key in the order given. Records of one call that land in
 * the same partition SHOULD be written as one atomic unit. On failure it rejects with an error whose
 * `retriable` flag says whether the caller may try again; nothing is acknowledged then.
 */
export interface CommandLog {
  append(records: readonly OutgoingRecord[]): Promise<LogPosition>;
  close(): Promise<void>;
}

/** Which partition a key goes to, among `partitions`. Must be the same for writer and readers. */
export type Partitioner = (key: Uint8Array, partitions: number) => number;
