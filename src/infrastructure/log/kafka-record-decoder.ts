import type { KafkaMessage } from 'kafkajs';
import type { LogRecord } from '../../../domain/ports/log-source.js';
import type { TopicName } from '../../../domain/ports/topics.js';
import type { RecordCodec } from '../serialization/record-codec.js';
import { LogDecodeError } from './log-error.js';

const NO_KEY = new Uint8Array(0);

/**
 * A Kafka message the codec could not read (bad bytes, failed MAC or AES check). Carries the raw key
 * and value so that a dead-letter sink can keep the message exactly as it was in the topic.
 */
export class KafkaDecodeError extends LogDecodeError {
  constructor(
    topic: TopicName,
    partition: number,
    offset: number,
    cause: unknown,
    readonly key: Uint8Array,
    readonly value: Uint8Array | undefined,
  ) {
    super(topic, partition, offset, cause);
  }
}

/** Records decoded from a fetched batch; `failure` is the first message that could not be decoded (nothing after it is decoded). */
export interface DecodedBatch<T extends TopicName> {
  readonly records: LogRecord<T>[];
  readonly failure?: KafkaDecodeError;
}

/**
 * Decodes `messages[first..]` of one partition into log records: offset and key as numbers and bytes,
 * `appendedAt` from the message timestamp (the producer's CreateTime or the broker's LogAppendTime).
 * Stops at the first message the codec rejects, so that every record before a poison one is delivered.
 */
export function decodeMessages<T extends TopicName>(topic: T, partition: number, messages: readonly KafkaMessage[], first: number, codec: RecordCodec): DecodedBatch<T> {
  const records: LogRecord<T>[] = [];
  for (let i = first; i < messages.length; i++) {
    const m = messages[i];
    const offset = Number(m.offset);
    const key = m.key ?? NO_KEY;
    let event;
    try {
      if (m.value === null) throw new Error('the message has no value (a tombstone)');
      event = codec.decode(topic, m.value);
    } catch (err) {
      return { records, failure: new KafkaDecodeError(topic, partition, offset, err, key, m.value ?? undefined) };
    }
    records.push({ topic, partition, offset, key, event, appendedAt: Number(m.timestamp) });
  }
  return { records };
}
