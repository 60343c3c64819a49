import type { IHeaders, Kafka, Producer, RetryOptions } from 'kafkajs';
import type { LogRecord } from '../../../domain/ports/log-source.js';
import type { RecordCodec } from '../serialization/record-codec.js';
import { kafkaFailure } from './kafka-client.js';
import { KafkaDecodeError } from './kafka-record-decoder.js';

/**
 * A record the projection runner gave up on (structurally `projections/dead-letter.ts` DeadLetter, which
 * infrastructure may not import): the projection's own error for a record it could not apply, or the
 * source's `KafkaDecodeError` for a message it could not decode (bad bytes, failed MAC or AES check).
 */
export interface KafkaDeadLetter {
  readonly projection: string;
  readonly partition: number;
  readonly offset: number;
  readonly record?: LogRecord;
  readonly error: unknown;
}

export interface KafkaDeadLetterSinkOptions {
  readonly kafka: Kafka;
  /** Kafka name of the topic the letters come from (recorded in a header). */
  readonly sourceTopic: string;
  /** Where letters go. @default `<sourceTopic>.dlq` */
  readonly topic?: string;
  /** Encodes a rejected record back into a message value (the source topic's codec, so it can be replayed). */
  readonly codec: RecordCodec;
  /** @default 5 retries */
  readonly retry?: RetryOptions;
}

/** Longest error text kept in a header. */
const MAX_ERROR_CHARS = 2000;

/** The dead-letter topic of a topic: `<topic><suffix>`, `.dlq` unless configured. */
export function deadLetterTopicOf(topic: string, suffix = '.dlq'): string {
  return `${topic}${suffix}`;
}

/**
 * The runner's DeadLetterSink on Kafka: every skipped record becomes one message of the dead-letter topic
 * (`<topic>.dlq`), so that an operator can inspect it and replay it once the cause is fixed, instead of
 * losing it silently as Warp 10 did (it only counted failed MACs).
 *
 * The message keeps the original key; its value is the original message value, byte for byte, for a
 * message the source could not decode (a tampered or foreign-keyed one stays as received), and the record
 * re-encoded with the topic's codec for a record the projection rejected. Headers say where it came from
 * and why: `continuum.projection`, `continuum.topic`, `continuum.partition`, `continuum.offset`,
 * `continuum.error`. `write` resolves once the broker has it (acks -1); broker failures reject retriable,
 * so the runner retries and never skips a record it could not dead-letter.
 */
export class KafkaDeadLetterSink {
  readonly topic: string;
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;
  private count = 0;

  constructor(private readonly options: KafkaDeadLetterSinkOptions) {
    this.topic = options.topic ?? deadLetterTopicOf(options.sourceTopic);
    this.producer = options.kafka.producer({ allowAutoTopicCreation: true, retry: options.retry ?? { retries: 5 } });
  }

  /** Letters written since creation. */
  get written(): number {
    return this.count;
  }

  async write(letter: KafkaDeadLetter): Promise<void> {
    const { key, value } = this.bytesOf(letter);
    const headers: IHeaders = {
      'continuum.projection': letter.projection,
      'continuum.topic': this.options.sourceTopic,
      'continuum.partition': String(letter.partition),
      'continuum.offset': String(letter.offset),
      'continuum.error': describe(letter.error),
    };
    try {
      this.connected ??= this.producer.connect().catch((err: unknown) => {
        this.connected = undefined;
        throw err;
      });
      await this.connected;
      await this.producer.send({ topic: this.topic, acks: -1, messages: [{ key, value, headers }] });
    } catch (err) {
      throw kafkaFailure(`dead-letter ${this.options.sourceTopic}/${letter.partition}@${letter.offset} to ${this.topic}`, err);
    }
    this.count++;
  }

  async close(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }

  private bytesOf(letter: KafkaDeadLetter): { key: Buffer | null; value: Buffer | null } {
    const error = letter.error;
    if (error instanceof KafkaDecodeError) return { key: buffer(error.key), value: error.value ? buffer(error.value) : null };
    if (letter.record) return { key: buffer(letter.record.key), value: buffer(this.options.codec.encode(letter.record.topic, letter.record.event)) };
    return { key: null, value: null };
  }
}

function buffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
}
