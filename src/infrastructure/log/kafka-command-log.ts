import type { CompressionTypes, Kafka, Message, PartitionerArgs, Producer, RecordMetadata, RetryOptions } from 'kafkajs';
import type { CommandLog, LogPosition, OutgoingRecord, Partitioner } from '../../../domain/ports/command-log.js';
import { TOPICS, type TopicName } from '../../../domain/ports/topics.js';
import { partitionOf } from '../../../domain/series/partition.js';
import type { RecordCodec } from '../serialization/record-codec.js';
import { kafkaFailure } from './kafka-client.js';
import { LogError } from './log-error.js';

/** Kafka topic names of the logical topics (Warp 10: `ingress.kafka.data.topic`, `ingress.kafka.metadata.topic`). */
export type KafkaTopicNames = Readonly<Record<TopicName, string>>;

export interface KafkaCommandLogOptions {
  readonly kafka: Kafka;
  readonly topics: KafkaTopicNames;
  /** Turns events into message values (Avro in Confluent framing, optionally wrapped by the integrity codec). */
  readonly codec: RecordCodec;
  /**
   * Idempotent producer (no duplicates on retries, order kept). Needs a broker that supports it; turn it
   * off where it cannot (librdkafka's mock cluster, very old brokers). @default true
   */
  readonly idempotent?: boolean;
  /** Most message bytes sent in one produce request (Warp 10: `ingress.kafka.data.maxsize`). @default 900000 */
  readonly maxRequestBytes?: number;
  /** Most messages in one produce request (kafkajs groups per partition in O(n²), keep it moderate). @default 2000 */
  readonly maxRequestRecords?: number;
  /** Broker-side wait for the in-sync replicas (acks = -1), ms. @default 30000 */
  readonly ackTimeoutMs?: number;
  /** Producer retries before an append fails (then 503). @default 5 retries, kafkajs backoff from 300 ms */
  readonly retry?: RetryOptions;
  readonly compression?: CompressionTypes;
  /** Which partition a key goes to. @default Warp 10's KafkaPartitioner (`partitionOf`) */
  readonly partitioner?: Partitioner;
}

interface QueuedCall {
  /** The call's messages per topic, in the order given. */
  readonly messages: Record<TopicName, Message[]>;
  readonly count: number;
  readonly bytes: number;
  readonly resolve: (position: LogPosition) => void;
  readonly reject: (error: unknown) => void;
}

/** A message whose partition our partitioner wrote down (kafkajs passes our message objects to it). */
type PlacedMessage = Message & { partition: number };

/**
 * The command log on Kafka (Warp 10's ingress producers): one kafkajs producer, `acks: -1`, keys = the
 * 16-byte series ids, partitions chosen by Warp 10's partitioner so that a series (and its deletes)
 * always lands in one partition, in order.
 *
 * Appends use group commit, as the embedded log does: each call is encoded at once (a codec error
 * rejects only that call), queued, and one writer sends every queued call in one `sendBatch` (bounded by
 * `maxRequestBytes`/`maxRequestRecords`), then resolves each call with, per topic and partition, the
 * offset after its last record, computed from the produce response's base offsets. One request is in
 * flight at a time, so calls are ordered as made. A call's records in one partition are one record batch
 * (atomic) unless the call alone exceeds the request bounds: it is then sent in ordered chunks, and a
 * failure may leave its first chunks in the log (the caller was told nothing was acknowledged; a retry
 * writes the same points again, which the store absorbs).
 *
 * Failures: broker unreachable, timeouts, exhausted retries → `KafkaUnavailableError` (retriable, 503);
 * records too large → `TooLargeError`; after `close()` → `LogError` not retriable.
 */
export class KafkaCommandLog implements CommandLog {
  private readonly producer: Producer;
  private readonly queue: QueuedCall[] = [];
  private readonly byName = new Map<string, TopicName>();
  private readonly maxBytes: number;
  private readonly maxRecords: number;
  private connected: Promise<void> | undefined;
  private writer: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: KafkaCommandLogOptions) {
    const choose = options.partitioner ?? partitionOf;
    const idempotent = options.idempotent ?? true;
    this.producer = options.kafka.producer({
      idempotent,
      maxInFlightRequests: idempotent ? 1 : undefined,
      allowAutoTopicCreation: true,
      retry: options.retry ?? { retries: 5 },
      createPartitioner: () => (args: PartitionerArgs) => {
        const message = args.message as PlacedMessage;
        message.partition = choose(message.key as Buffer, args.partitionMetadata.length);
        return message.partition;
      },
    });
    for (const topic of TOPICS) this.byName.set(options.topics[topic], topic);
    this.maxBytes = options.maxRequestBytes ?? 900_000;
    this.maxRecords = options.maxRequestRecords ?? 2000;
  }

  /** Appends `records`; resolves once every broker in the in-sync replica set has them (acks = -1). */
  append(records: readonly OutgoingRecord[]): Promise<LogPosition> {
    if (this.closed) return Promise.reject(new LogError('cannot append: the Kafka log is closed', { retriable: false }));
    if (records.length === 0) return Promise.resolve({});
    const messages: Record<TopicName, Message[]> = { data: [], metadata: [] };
    let bytes = 0;
    try {
      for (const r of records) {
        const value = this.options.codec.encode(r.topic, r.event);
        bytes += value.length + r.key.length;
        messages[r.topic].push({ key: view(r.key), value: view(value), partition: -1 });
      }
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<LogPosition>((resolve, reject) => {
      this.queue.push({ messages, count: records.length, bytes, resolve, reject });
      // Start on a microtask, so that the calls of one tick form one request.
      if (!this.writer) this.writer = Promise.resolve().then(() => this.drain());
    });
  }

  /** Sends what is queued, then disconnects the producer. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.writer) await this.writer;
    await this.producer.disconnect().catch(() => undefined);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.sendGroup(this.takeGroup());
    } finally {
      this.writer = undefined;
    }
  }

  /** The next calls to send together: at least one, then as many as fit the request bounds. */
  private takeGroup(): QueuedCall[] {
    const group = [this.queue.shift()!];
    let bytes = group[0].bytes;
    let count = group[0].count;
    while (this.queue.length > 0 && bytes + this.queue[0].bytes <= this.maxBytes && count + this.queue[0].count <= this.maxRecords) {
      const next = this.queue.shift()!;
      bytes += next.bytes;
      count += next.count;
      group.push(next);
    }
    return group;
  }

  private async sendGroup(group: QueuedCall[]): Promise<void> {
    try {
      await this.connect();
      const positions = group.length === 1 && this.oversized(group[0]) ? await this.sendInChunks(group[0]) : await this.send(group);
      group.forEach((call, i) => call.resolve(positions[i]));
    } catch (err) {
      const failure = err instanceof LogError ? err : kafkaFailure(`append ${group.reduce((n, c) => n + c.count, 0)} records`, err);
      for (const call of group) call.reject(failure);
    }
  }

  private connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((err: unknown) => {
      this.connected = undefined;
      throw err;
    });
    return this.connected;
  }

  private oversized(call: QueuedCall): boolean {
    return call.bytes > this.maxBytes || call.count > this.maxRecords;
  }

  /** One produce request for the calls; returns each call's position. */
  private async send(calls: readonly QueuedCall[]): Promise<LogPosition[]> {
    const topicMessages = [];
    for (const topic of TOPICS) {
      const messages = calls.length === 1 ? calls[0].messages[topic] : calls.flatMap((c) => c.messages[topic]);
      if (messages.length > 0) topicMessages.push({ topic: this.options.topics[topic], messages });
    }
    const timestamp = String(Date.now());
    for (const t of topicMessages) for (const m of t.messages) m.timestamp = timestamp;
    const metadata = await this.producer.sendBatch({ topicMessages, acks: -1, timeout: this.options.ackTimeoutMs ?? 30_000, compression: this.options.compression });
    return this.positionsOf(calls, metadata);
  }

  /** A call too big for one request: ordered chunks of it, one request each; positions merged. */
  private async sendInChunks(call: QueuedCall): Promise<LogPosition[]> {
    const merged: Record<string, Map<number, number>> = {};
    for (const topic of TOPICS) {
      const all = call.messages[topic];
      let from = 0;
      while (from < all.length) {
        let to = from;
        let bytes = 0;
        while (to < all.length && to - from < this.maxRecords && (to === from || bytes + size(all[to]) <= this.maxBytes)) bytes += size(all[to++]);
        const chunk: QueuedCall = { ...call, messages: { data: [], metadata: [], [topic]: all.slice(from, to) }, count: to - from, bytes };
        const [position] = await this.send([chunk]);
        for (const [p, next] of position[topic] ?? []) (merged[topic] ??= new Map()).set(p, next);
        from = to;
      }
    }
    return [merged as LogPosition];
  }

  /** Per call, per topic and partition, the offset after its last record, from the base offsets of the response. */
  private positionsOf(calls: readonly QueuedCall[], metadata: readonly RecordMetadata[]): LogPosition[] {
    const next = new Map<TopicName, Map<number, number>>();
    for (const m of metadata) {
      const topic = this.byName.get(m.topicName);
      if (topic === undefined || m.baseOffset === undefined) throw new LogError(`cannot append: unexpected produce response for ${m.topicName}/${m.partition}`, { retriable: false });
      let partitions = next.get(topic);
      if (!partitions) next.set(topic, (partitions = new Map()));
      partitions.set(m.partition, Number(m.baseOffset));
    }
    return calls.map((call) => {
      const position: Record<string, Map<number, number>> = {};
      for (const topic of TOPICS) {
        const messages = call.messages[topic];
        if (messages.length === 0) continue;
        const cursor = next.get(topic);
        const out = (position[topic] = new Map<number, number>());
        for (const m of messages) {
          const p = (m as PlacedMessage).partition;
          const offset = cursor?.get(p);
          if (offset === undefined) throw new LogError(`cannot append: no produce response for ${this.options.topics[topic]}/${p}`, { retriable: false });
          cursor!.set(p, offset + 1);
          out.set(p, offset + 1);
        }
      }
      return position as LogPosition;
    });
  }
}

function view(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function size(m: Message): number {
  return (m.value as Buffer).length + (m.key as Buffer).length;
}
