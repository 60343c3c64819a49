import type { TopicEvents, TopicName } from '../../../domain/ports/topics.js';
import type { AvroWriter } from './avro-writer.js';

/**
 * Turns domain events into the bytes stored in a log (and back). The embedded log and the Kafka
 * adapters take one; the Avro codec (Confluent wire format) is the production one.
 * `decode` MUST throw (not return garbage) on bytes it cannot read, so that the runner's poison policy applies.
 */
export interface RecordCodec {
  encode<T extends TopicName>(topic: T, event: TopicEvents[T]): Uint8Array;
  decode<T extends TopicName>(topic: T, bytes: Uint8Array): TopicEvents[T];
  /**
   * Optional: appends exactly the bytes `encode` returns to `out` (a log frame being built), sparing a buffer
   * and a copy per record. On a throw, `out` MUST be left as it was.
   */
  encodeInto?<T extends TopicName>(topic: T, event: TopicEvents[T], out: AvroWriter): void;
}
