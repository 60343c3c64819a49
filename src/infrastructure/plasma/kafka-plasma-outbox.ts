import type { Kafka, Message, PartitionerArgs, Producer, RetryOptions } from 'kafkajs';
import type { DatapointsStored } from '../../../domain/events/data.events.js';
import type { PlasmaOutbox } from '../../../domain/ports/plasma-channel.js';
import { partitionOf } from '../../../domain/series/partition.js';
import { seriesIdBytes } from '../../../domain/series/series.js';
import { kafkaFailure } from '../log/kafka-client.js';
import { LogError } from '../log/log-error.js';
import type { RecordCodec } from '../serialization/record-codec.js';

export interface KafkaPlasmaOutboxOptions {
  readonly kafka: Kafka;
  /**
   * Encodes the chunks as the data topic's STORE records, wrapped with the `plasma.backend.kafka.out.mac/aes` keys
   * (which every front end must share as `plasma.frontend.kafka.mac/aes`).
   */
  readonly codec: RecordCodec;
  /** Most message bytes per produce request (`plasma.backend.kafka.out.maxsize`). @default 900000 */
  readonly maxRequestBytes?: number;
  /** Idempotent producer (`kafka.producer.idempotent`; off on brokers that cannot, e.g. librdkafka's mock). @default true */
  readonly idempotent?: boolean;
  /** Broker-side wait for the in-sync replicas (acks = -1), ms. @default 30000 */
  readonly ackTimeoutMs?: number;
  /** Producer retries before a delivery fails. @default 2 (a late delivery of live data is worth little) */
  readonly retry?: RetryOptions;
}

/** What the outbox sent (metrics). */
export interface KafkaPlasmaOutboxStats {
  readonly messages: number;
  readonly bytes: number;
}

/**
 * The plasma back end's PlasmaOutbox on Kafka (reference §8.2, §4.4): every chunk becomes one message of the
 * front end's own topic (the channel name is the topic, `plasma.frontend.kafka.topic`), keyed with the 16-byte
 * series id and placed by Warp 10's partitioner, its value the data record as the data topic carries it, protected
 * with the `out` keys. Warp 10 front ends read these messages, and ours read Warp 10 back ends' (same framing).
 *
 * `deliver` resolves once the broker acknowledged every message (acks = -1). Chunks of one series keep their
 * order (one partition per series); chunks of different series may be read in another order by the front end
 * (different partitions). Requests are bounded by `maxRequestBytes` and sent one after the other. Failures reject
 * with `kafkaFailure` errors (retriable when the broker may recover); the back end counts and drops them.
 * Topics are auto-created on first use where the brokers allow it, else created by `continuum topics create`.
 */
export class KafkaPlasmaOutbox implements PlasmaOutbox {
  private readonly producer: Producer;
  private readonly maxBytes: number;
  private connected: Promise<void> | undefined;
  private closed = false;
  private sent = { messages: 0, bytes: 0 };

  constructor(private readonly options: KafkaPlasmaOutboxOptions) {
    const idempotent = options.idempotent ?? true;
    this.maxBytes = options.maxRequestBytes ?? 900_000;
    this.producer = options.kafka.producer({
      idempotent,
      maxInFlightRequests: idempotent ? 1 : undefined,
      allowAutoTopicCreation: true,
      retry: options.retry ?? { retries: 2 },
      createPartitioner: () => (args: PartitionerArgs) => partitionOf(args.message.key as Buffer, args.partitionMetadata.length),
    });
  }

  async deliver(frontEnd: string, chunks: readonly DatapointsStored[]): Promise<void> {
    if (this.closed) throw new LogError(`cannot deliver to plasma front end ${frontEnd}: the outbox is closed`, { retriable: false });
    if (chunks.length === 0) return;
    const messages: Message[] = new Array<Message>(chunks.length);
    const sizes: number[] = new Array<number>(chunks.length);
    for (let i = 0; i < chunks.length; i++) {
      const value = this.options.codec.encode('data', chunks[i]);
      messages[i] = { key: Buffer.from(seriesIdBytes(chunks[i].series)), value: Buffer.from(value.buffer, value.byteOffset, value.byteLength) };
      sizes[i] = value.byteLength + 16;
    }
    try {
      await this.connect();
      for (let from = 0; from < messages.length; ) {
        let to = from + 1;
        let bytes = sizes[from];
        while (to < messages.length && bytes + sizes[to] <= this.maxBytes) bytes += sizes[to++];
        await this.producer.send({ topic: frontEnd, acks: -1, timeout: this.options.ackTimeoutMs ?? 30_000, messages: messages.slice(from, to) });
        this.sent.messages += to - from;
        this.sent.bytes += bytes;
        from = to;
      }
    } catch (error) {
      throw kafkaFailure(`deliver ${chunks.length} chunks to plasma front end topic ${frontEnd}`, error);
    }
  }

  stats(): KafkaPlasmaOutboxStats {
    return { ...this.sent };
  }

  /** Disconnects the producer. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.producer.disconnect().catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }
}
