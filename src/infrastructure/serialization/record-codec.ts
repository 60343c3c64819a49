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
  /**
   * Optional: `encodeInto`, returning also the record's echo, the event `decode` gives for the bytes appended
   * (equal in every field, of the same classes), when the codec can build it from `event` for much less than a
   * decode; undefined when it cannot (the caller decodes the bytes when it needs the event). The embedded log
   * keeps echoes for readers at its tail (TailCache), so an echo MUST be exactly what `decode` would give.
   */
  encodeIntoEchoed?<T extends TopicName>(topic: T, event: TopicEvents[T], out: AvroWriter): TopicEvents[T] | undefined;
}
