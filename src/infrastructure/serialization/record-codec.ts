import type { TopicEvents, TopicName } from '../../../domain/ports/topics.js';
import type { AvroWriter } from './avro-writer.js';

/**
 * A record's echo: gives, at each call, a new event equal to the one `decode` gives for the record's bytes (same
 * fields, same classes), without decoding them. Bytes the events hold (a chunk) are one copy shared by the
 * calls: events are immutable, so no consumer may modify them.
 */
export type Echo<E> = () => E;

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
   * Optional: `encodeInto`, returning also the record's echo (see Echo) when the codec can make one from `event`
   * for much less than a decode; undefined when it cannot (the caller decodes the bytes when it needs the event).
   * The embedded log keeps echoes for readers at its tail (TailCache) and gives their events instead of decoded
   * ones, so an echo's events MUST be exactly what `decode` would give.
   */
  encodeIntoEchoed?<T extends TopicName>(topic: T, event: TopicEvents[T], out: AvroWriter): Echo<TopicEvents[T]> | undefined;
}
