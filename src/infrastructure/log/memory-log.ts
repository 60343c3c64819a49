import type { Checkpoint } from '../../../domain/ports/checkpoint.js';
import type { CommandLog, LogPosition, OutgoingRecord, Partitioner } from '../../../domain/ports/command-log.js';
import type { LogRecord, LogSource, ReadOptions } from '../../../domain/ports/log-source.js';
import { TOPICS, type TopicEvents, type TopicName } from '../../../domain/ports/topics.js';
import { partitionOf } from '../../../domain/series/partition.js';
import type { RecordCodec } from '../serialization/record-codec.js';
import type { PartitionCounts } from './log-directory.js';
import { LogDecodeError, LogError } from './log-error.js';
import { ChangeNotifier, startOffsets, tailPartitions, toMaxBatch, type PartitionCursor } from './tail-reader.js';

export interface InMemoryLogOptions {
  /** @default one partition per topic */
  readonly partitions?: PartitionCounts;
  /** When given, events are stored encoded and decoded on read, exactly as the embedded log does. */
  readonly codec?: RecordCodec;
  /** @default Warp 10's KafkaPartitioner (`partitionOf`) */
  readonly partitioner?: Partitioner;
}

interface Stored {
  readonly key: Uint8Array;
  readonly event?: unknown;
  readonly bytes?: Uint8Array;
  readonly appendedAt: number;
}

/**
 * The log in memory, for unit tests of ingress, runners and projections: the same contract as
 * `EmbeddedLog` (test/contract/log.contract.ts), partitioned the same way, but every append is durable
 * at once and nothing survives the process. Keys are copied on append; events are kept by reference
 * unless a codec is given.
 */
export class InMemoryLog implements CommandLog {
  private readonly partitions: Record<TopicName, Stored[][]>;
  private readonly changes: Record<TopicName, ChangeNotifier> = { data: new ChangeNotifier(), metadata: new ChangeNotifier() };
  private readonly codec: RecordCodec | undefined;
  private readonly partitioner: Partitioner;
  private closed = false;

  constructor(options: InMemoryLogOptions = {}) {
    const counts = options.partitions ?? { data: 1, metadata: 1 };
    for (const topic of TOPICS) {
      if (!Number.isSafeInteger(counts[topic]) || counts[topic] < 1) throw new RangeError(`cannot create log: ${topic} partitions must be a positive integer, got ${counts[topic]}`);
    }
    this.partitions = {
      data: Array.from({ length: counts.data }, () => []),
      metadata: Array.from({ length: counts.metadata }, () => []),
    };
    this.codec = options.codec;
    this.partitioner = options.partitioner ?? partitionOf;
  }

  async append(records: readonly OutgoingRecord[]): Promise<LogPosition> {
    if (this.closed) throw new LogError('cannot append: the log is closed', { retriable: false });
    const appendedAt = Date.now();
    const staged: { topic: TopicName; partition: number; stored: Stored }[] = [];
    for (const r of records) {
      const partition = this.partitioner(r.key, this.partitions[r.topic].length);
      const key = new Uint8Array(r.key);
      const stored: Stored = this.codec ? { key, bytes: this.codec.encode(r.topic, r.event), appendedAt } : { key, event: r.event, appendedAt };
      staged.push({ topic: r.topic, partition, stored });
    }
    const position: Partial<Record<TopicName, Map<number, number>>> = {};
    for (const { topic, partition, stored } of staged) {
      const log = this.partitions[topic][partition];
      log.push(stored);
      (position[topic] ??= new Map()).set(partition, log.length);
    }
    for (const topic of TOPICS) if (position[topic]) this.changes[topic].notify();
    return position;
  }

  /** The read side of one topic. */
  source<T extends TopicName>(topic: T): LogSource<T> {
    let sourceClosed = false;
    const logs = this.partitions[topic];
    return {
      topic,
      read: (options: ReadOptions) => this.read(topic, options, () => sourceClosed),
      end: async (): Promise<Checkpoint> => new Map(logs.map((l, i) => [i, l.length])),
      close: async () => {
        sourceClosed = true;
        this.changes[topic].notify();
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const topic of TOPICS) this.changes[topic].notify();
  }

  private async *read<T extends TopicName>(topic: T, options: ReadOptions, sourceClosed: () => boolean): AsyncGenerator<readonly LogRecord<T>[]> {
    const maxBatch = toMaxBatch(options.maxBatch);
    const logs = this.partitions[topic];
    const starts = startOffsets(topic, options.from, logs.map((l) => l.length));
    const cursors = logs.map((log, partition) => new MemoryCursor(topic, partition, log, this.codec, starts[partition]));
    yield* tailPartitions(cursors, { signal: options.signal, maxBatch, changes: this.changes[topic], stopped: () => this.closed || sourceClosed() });
  }
}

class MemoryCursor<T extends TopicName> implements PartitionCursor<T> {
  private failure: LogDecodeError | undefined;

  constructor(
    private readonly topic: T,
    private readonly partition: number,
    private readonly log: readonly Stored[],
    private readonly codec: RecordCodec | undefined,
    private offset: number,
  ) {}

  async next(max: number): Promise<readonly LogRecord<T>[]> {
    if (this.failure) throw this.failure;
    const out: LogRecord<T>[] = [];
    const end = Math.min(this.log.length, this.offset + max);
    for (; this.offset < end; this.offset++) {
      const s = this.log[this.offset];
      let event: TopicEvents[T];
      try {
        event = s.bytes && this.codec ? this.codec.decode(this.topic, s.bytes) : (s.event as TopicEvents[T]);
      } catch (err) {
        this.failure = new LogDecodeError(this.topic, this.partition, this.offset, err);
        if (out.length > 0) return out;
        throw this.failure;
      }
      out.push({ topic: this.topic, partition: this.partition, offset: this.offset, key: s.key, event, appendedAt: s.appendedAt });
    }
    return out;
  }

  async close(): Promise<void> {}
}
