import { join } from 'node:path';
import type { Checkpoint } from '../../../domain/ports/checkpoint.js';
import type { CommandLog, LogPosition, OutgoingRecord, Partitioner } from '../../../domain/ports/command-log.js';
import type { LogSource, ReadOptions, LogRecord } from '../../../domain/ports/log-source.js';
import { TOPICS, type TopicName } from '../../../domain/ports/topics.js';
import { TooLargeError } from '../../../domain/errors.js';
import { partitionOf } from '../../../domain/series/partition.js';
import type { Echo, RecordCodec } from '../serialization/record-codec.js';
import { EmbeddedLogPartition, type LogLogger } from './embedded-log-partition.js';
import { cutIncompleteGroup } from './group-recovery.js';
import { FrameBatch, MAX_FRAME_BODY_BYTES } from './frame.js';
import { checkPartitionCounts, lockDirectory, type PartitionCounts } from './log-directory.js';
import { LogError } from './log-error.js';
import { EmbeddedPartitionCursor } from './partition-cursor.js';
import { ChangeNotifier, startOffsets, tailPartitions, toMaxBatch } from './tail-reader.js';

export interface EmbeddedLogOptions {
  /** Directory of the log (created if needed); one sub-directory per topic and partition. */
  readonly dir: string;
  /** Partition count per topic; fixed once the log exists. */
  readonly partitions: PartitionCounts;
  readonly codec: RecordCodec;
  /** Size after which a segment file is closed and a new one started. @default 128 MiB */
  readonly segmentBytes?: number;
  /** fdatasync each group before acknowledging it. Turn off only for throw-away logs. @default true */
  readonly fsync?: boolean;
  /** Receives warnings about repaired files. @default console */
  readonly logger?: LogLogger;
  /** Which partition a key goes to. @default Warp 10's KafkaPartitioner (`partitionOf`) */
  readonly partitioner?: Partitioner;
  /**
   * Estimated memory, per partition, of the newest appended frames kept for readers at the tail (see
   * TailCache); 0 turns the cache off. @default 4 MiB
   */
  readonly tailCacheBytes?: number;
}

export const DEFAULT_SEGMENT_BYTES = 128 << 20;
export const DEFAULT_TAIL_CACHE_BYTES = 4 << 20;
const INDEX_INTERVAL_BYTES = 64 << 10;

/** Counters of the group commit, for metrics and tests. */
export interface EmbeddedLogStats {
  /** Append calls acknowledged or rejected by the writer. */
  readonly appends: number;
  /** Groups written (each with one write and one fdatasync per touched partition). */
  readonly groups: number;
  readonly syncs: number;
  /** Estimated memory held by the partitions' tail caches (see TailCache). */
  readonly tailCacheBytes: number;
}

/** A frame of an append call, with the echoes of its records (see CachedFrame) when the codec gives any. */
interface QueuedFrame {
  readonly topic: TopicName;
  readonly partition: number;
  readonly frame: Buffer;
  readonly count: number;
  readonly echoes: readonly (Echo<unknown> | undefined)[] | undefined;
}

/** The frame of one (topic, partition) being built by an append call. */
interface Framing {
  readonly topic: TopicName;
  readonly partition: number;
  readonly batch: FrameBatch;
  /** One per record, undefined where the codec gave none; kept only if `echoed` (some record has one). */
  readonly echoes: (Echo<unknown> | undefined)[];
  echoed: boolean;
}

interface QueuedAppend {
  readonly frames: readonly QueuedFrame[];
  readonly resolve: (position: LogPosition) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Continuum's log in standalone mode: a durable, partitioned, offset-addressed log on local disk, with the
 * semantics the Kafka adapters give in distributed mode (keys keep their partition, per-partition order,
 * checkpoints are next offsets).
 *
 * Appends use group commit: a call encodes and frames its records at once (so a codec error rejects only
 * that call), queues them, and one writer loop writes every queued frame (one writev per partition), then
 * fdatasyncs each touched file once, then acknowledges every call of the group. A failed write or sync
 * cuts the group off the files and rejects all its calls with a retriable `LogError`; the log stays usable.
 * A group is atomic across partitions and topics even through a kill -9 between its file writes: its
 * frames carry the group's number and size, and opening the log cuts a group some partition lacks.
 * Readers only ever see acknowledged (durable) records, and tailing readers are woken by the writer.
 */
export class EmbeddedLog implements CommandLog {
  private readonly queue: QueuedAppend[] = [];
  private writer: Promise<void> | undefined;
  private closed = false;
  private broken: Error | undefined;
  private readonly changes: Record<TopicName, ChangeNotifier> = { data: new ChangeNotifier(), metadata: new ChangeNotifier() };
  private counters = { appends: 0, groups: 0, syncs: 0 };

  private constructor(
    private readonly parts: Record<TopicName, readonly EmbeddedLogPartition[]>,
    private readonly codec: RecordCodec,
    private readonly partitioner: Partitioner,
    private readonly release: () => Promise<void>,
    /** The number of the next group written (see frame.ts: groups make a multi-partition append atomic). */
    private nextGroup: number,
    /** Whether to ask the codec for echoes: only a tail cache keeps them (none when it is off). */
    private readonly echoing: boolean,
  ) {}

  /**
   * Opens the log in `dir`, creating it or recovering it after a crash: each partition cuts its torn
   * tail (see `EmbeddedLogPartition.open`), then the newest group, if some partition it wrote to lacks its
   * frames, is cut from every partition (see `cutIncompleteGroup`): an append is never half there.
   */
  static async open(options: EmbeddedLogOptions): Promise<EmbeddedLog> {
    const { dir, partitions, codec } = options;
    const segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
    for (const topic of TOPICS) {
      if (!Number.isSafeInteger(partitions[topic]) || partitions[topic] < 1) throw new RangeError(`cannot open log ${dir}: ${topic} partitions must be a positive integer, got ${partitions[topic]}`);
    }
    if (!Number.isSafeInteger(segmentBytes) || segmentBytes < 1) throw new RangeError(`cannot open log ${dir}: segmentBytes must be a positive integer, got ${segmentBytes}`);
    const tailCacheBytes = options.tailCacheBytes ?? DEFAULT_TAIL_CACHE_BYTES;
    if (!Number.isSafeInteger(tailCacheBytes) || tailCacheBytes < 0) throw new RangeError(`cannot open log ${dir}: tailCacheBytes must be a non-negative integer, got ${tailCacheBytes}`);
    const settings = { segmentBytes, fsync: options.fsync ?? true, logger: options.logger ?? console, indexIntervalBytes: INDEX_INTERVAL_BYTES, tailCacheBytes };
    const release = await lockDirectory(dir);
    const opened: EmbeddedLogPartition[] = [];
    try {
      await checkPartitionCounts(dir, partitions, settings.fsync);
      const parts = { data: [], metadata: [] } as Record<TopicName, EmbeddedLogPartition[]>;
      for (const topic of TOPICS) {
        for (let p = 0; p < partitions[topic]; p++) {
          const part = await EmbeddedLogPartition.open(join(dir, `${topic}-${p}`), `${topic}/${p}`, settings);
          opened.push(part);
          parts[topic].push(part);
        }
      }
      const lastGroup = await cutIncompleteGroup(opened, settings.logger);
      return new EmbeddedLog(parts, codec, options.partitioner ?? partitionOf, release, lastGroup + 1, tailCacheBytes > 0);
    } catch (err) {
      await Promise.allSettled(opened.map((p) => p.close()));
      await release();
      throw err;
    }
  }

  /**
   * Appends `records`; resolves once they are durable with, per topic and partition touched, the offset
   * after this call's last record there. Records of one call in one partition form one atomic frame.
   */
  append(records: readonly OutgoingRecord[]): Promise<LogPosition> {
    if (this.closed) return Promise.reject(new LogError('cannot append: the log is closed', { retriable: false }));
    if (this.broken) return Promise.reject(new LogError(`cannot append: the log is unusable since a failed rollback: ${this.broken.message}`, { retriable: false, cause: this.broken }));
    if (records.length === 0) return Promise.resolve({});
    let frames: QueuedAppend['frames'];
    try {
      frames = this.frame(records);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<LogPosition>((resolve, reject) => {
      this.queue.push({ frames, resolve, reject });
      // Start on a microtask, so that calls made in the same tick (a burst) form one group.
      if (!this.writer) this.writer = Promise.resolve().then(() => this.drain());
    });
  }

  /** The read side of one topic. Several sources (and several reads of one source) may run at once. */
  source<T extends TopicName>(topic: T): LogSource<T> {
    let sourceClosed = false;
    const parts = this.parts[topic];
    const changes = this.changes[topic];
    return {
      topic,
      read: (options: ReadOptions): AsyncIterable<readonly LogRecord<T>[]> => this.read(topic, options, () => sourceClosed),
      end: async (): Promise<Checkpoint> => new Map(parts.map((p, i) => [i, p.durableEnd])),
      close: async (): Promise<void> => {
        sourceClosed = true;
        changes.notify();
      },
    };
  }

  /** Waits for queued appends to be written, ends every reader, closes the files. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.writer) await this.writer;
    for (const topic of TOPICS) this.changes[topic].notify();
    await Promise.allSettled(TOPICS.flatMap((t) => this.parts[t].map((p) => p.close())));
    await this.release();
  }

  stats(): EmbeddedLogStats {
    const tailCacheBytes = TOPICS.reduce((sum, t) => this.parts[t].reduce((s, p) => s + p.tailCache.bytes, sum), 0);
    return { ...this.counters, tailCacheBytes };
  }

  private async *read<T extends TopicName>(topic: T, options: ReadOptions, sourceClosed: () => boolean): AsyncGenerator<readonly LogRecord<T>[]> {
    const maxBatch = toMaxBatch(options.maxBatch);
    const parts = this.parts[topic];
    const starts = startOffsets(topic, options.from, parts.map((p) => p.durableEnd));
    const cursors = parts.map((part, i) => new EmbeddedPartitionCursor(topic, i, part, this.codec, starts[i]));
    yield* tailPartitions(cursors, { signal: options.signal, maxBatch, changes: this.changes[topic], stopped: () => this.closed || sourceClosed() });
  }

  /**
   * Encodes and frames the records of one call: one frame per (topic, partition), in the given order, with the
   * echoes the codec gives (kept for the tail cache; undefined for a frame without any).
   */
  private frame(records: readonly OutgoingRecord[]): QueuedAppend['frames'] {
    const framings: Record<TopicName, (Framing | undefined)[]> = { data: [], metadata: [] };
    const touched: Framing[] = [];
    const codec = this.codec;
    for (const record of records) {
      const partition = partitionIn(this.partitioner, record.key, this.parts[record.topic].length);
      let f = framings[record.topic][partition];
      if (!f) {
        f = framings[record.topic][partition] = { topic: record.topic, partition, batch: new FrameBatch(), echoes: [], echoed: false };
        touched.push(f);
      }
      const batch = f.batch;
      if (this.echoing && codec.encodeIntoEchoed !== undefined) {
        const echo = codec.encodeIntoEchoed(record.topic, record.event, batch.beginRecord(record.key));
        batch.endRecord();
        f.echoes.push(echo);
        if (echo !== undefined) f.echoed = true;
      } else if (codec.encodeInto !== undefined) {
        codec.encodeInto(record.topic, record.event, batch.beginRecord(record.key));
        batch.endRecord();
      } else {
        batch.add(record.key, codec.encode(record.topic, record.event));
      }
    }
    const appendedAt = Date.now();
    return touched.map(({ topic, partition, batch, echoes, echoed }) => {
      if (batch.size > MAX_FRAME_BODY_BYTES) throw new TooLargeError(`cannot append ${batch.count} records to ${topic}/${partition}: over the ${MAX_FRAME_BODY_BYTES}-byte frame limit`);
      return { topic, partition, frame: batch.build(appendedAt), count: batch.count, echoes: echoed ? echoes : undefined };
    });
  }

  /** The writer loop: writes groups until the queue is empty. Never throws. */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.writeGroup(this.queue.splice(0));
    } finally {
      this.writer = undefined;
    }
  }

  private async writeGroup(group: QueuedAppend[]): Promise<void> {
    const touched = new Set<EmbeddedLogPartition>();
    for (const call of group) for (const f of call.frames) touched.add(this.parts[f.topic][f.partition]);
    const parts = [...touched];
    const groupId = this.nextGroup++;
    this.counters.groups++;
    this.counters.appends += group.length;
    const positions: LogPosition[] = [];
    try {
      if (this.broken) throw this.broken;
      await Promise.all(parts.map((p) => p.begin()));
      for (const call of group) {
        const position: Partial<Record<TopicName, Map<number, number>>> = {};
        for (const f of call.frames) (position[f.topic] ??= new Map()).set(f.partition, this.parts[f.topic][f.partition].assign(f.frame, f.count, f.echoes));
        positions.push(position);
      }
      await Promise.all(parts.map((p) => p.write(groupId, parts.length)));
      await Promise.all(parts.map((p) => p.sync()));
      this.counters.syncs += parts.length;
    } catch (err) {
      await this.rollback(parts);
      const error = new LogError(`cannot append ${group.length} call(s): ${(err as Error).message}`, { retriable: !this.broken, cause: err });
      for (const call of group) call.reject(error);
      return;
    }
    for (const p of parts) p.commit();
    for (const topic of TOPICS) if (parts.some((p) => this.parts[topic].includes(p))) this.changes[topic].notify();
    group.forEach((call, i) => call.resolve(positions[i]));
  }

  private async rollback(parts: readonly EmbeddedLogPartition[]): Promise<void> {
    const results = await Promise.allSettled(parts.map((p) => p.rollback()));
    for (const r of results) if (r.status === 'rejected' && !this.broken) this.broken = r.reason instanceof Error ? r.reason : new Error(String(r.reason));
  }
}

/** The partition of `key` among `count`, checked (a custom partitioner out of range is a bug, not a data error). */
function partitionIn(partitioner: Partitioner, key: Uint8Array, count: number): number {
  if (count === 1) return 0;
  const p = partitioner(key, count);
  if (!Number.isInteger(p) || p < 0 || p >= count) throw new RangeError(`cannot append: the partitioner put a key in partition ${p} of ${count}`);
  return p;
}
