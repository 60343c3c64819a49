import type { Admin, Kafka } from 'kafkajs';
import type { Checkpoint } from '../../../domain/ports/checkpoint.js';
import type { LogRecord, LogSource, ReadOptions } from '../../../domain/ports/log-source.js';
import type { TopicName } from '../../../domain/ports/topics.js';
import { kafkaFailure } from './kafka-client.js';
import { KafkaConsumerFeed, type FeedSettings } from './kafka-consumer-feed.js';
import { LogError } from './log-error.js';
import { changedOrAborted, toMaxBatch } from './tail-reader.js';

export interface KafkaLogSourceOptions<T extends TopicName> extends Omit<FeedSettings, 'topic' | 'log'> {
  readonly kafka: Kafka;
  /** The logical topic (what the codec decodes). */
  readonly topic: T;
  /** Its Kafka name (Warp 10: `store.kafka.data.topic`, `directory.kafka.metadata.topic`). */
  readonly topicName: string;
  /**
   * The consumer group: all store instances share one (`store.kafka.data.groupid`); every directory and
   * every ingress has its own (`directory.kafka.metadata.groupid`, `ingress.kafka.metadata.groupid`).
   */
  readonly groupId: string;
  /** Receives warnings (gaps, failed commits). @default console.warn */
  readonly log?: (message: string) => void;
}

interface Watermarks {
  readonly low: number;
  readonly high: number;
}

/**
 * The read side of the log on Kafka: one kafkajs consumer in `groupId` (created by the first `read`, kept
 * across reads so that a runner's retry does not cause a rebalance), offsets never auto-committed.
 *
 * Positions come from the reader, not from Kafka: `read({ from })` seeks every partition it holds to `from`
 * (absent partitions: their first offset); partitions a rebalance assigns later resume from
 * `ReadOptions.resume` (the read model's checkpoint) or else the group's committed offset. Records are
 * decoded through the codec and yielded in offset order per partition, batches of one partition at a time;
 * a record the codec rejects ends the read with a `KafkaDecodeError` after the records before it. Partitions
 * revoked by a rebalance stop being yielded at once; before they go, the source waits (bounded) until the
 * reader reported applied what it was given, then commits.
 *
 * Offsets reach Kafka only through `commitApplied` — call it with the runner's applied checkpoint (after its
 * writes are durable), e.g. every `store.kafka.data.commitperiod`: they serve lag monitoring and the
 * fallback above, the read model's own checkpoint stays the truth. One read at a time: a new `read`
 * supersedes (ends) the previous one. Broker failures reject with retriable errors (the runner retries).
 */
export class KafkaLogSource<T extends TopicName> implements LogSource<T> {
  readonly topic: T;
  private readonly feed: KafkaConsumerFeed<T>;
  private readonly log: (message: string) => void;
  private admin: Promise<Admin> | undefined;
  private reads = 0;
  private closed = false;
  private tracking: { readonly timer: ReturnType<typeof setInterval>; readonly applied: () => Checkpoint } | undefined;

  constructor(private readonly options: KafkaLogSourceOptions<T>) {
    this.topic = options.topic;
    this.log = options.log ?? ((m: string) => console.warn(m));
    this.feed = new KafkaConsumerFeed<T>({ ...options, log: this.log });
  }

  read(options: ReadOptions): AsyncIterable<readonly LogRecord<T>[]> {
    return this.reading(options);
  }

  /** Per partition, the high-water mark (the offset after the last record all in-sync replicas have). */
  async end(): Promise<Checkpoint> {
    const marks = await this.watermarks();
    return new Map([...marks].map(([p, m]) => [p, m.high]));
  }

  /**
   * Tells the source what the reader's read model has durably applied (per partition, the next offset):
   * used for the flush before a rebalance, and committed to the group for monitoring. Never throws: a
   * failed commit is logged (the next call commits again).
   */
  async commitApplied(applied: Checkpoint): Promise<void> {
    this.feed.partitions.noteApplied(applied);
    await this.feed.commit(applied).catch((err: unknown) => this.log(`kafka ${this.options.topicName}: cannot commit offsets of group ${this.options.groupId}: ${(err as Error).message}`));
  }

  /**
   * Calls `commitApplied(applied())` every `periodMs` (Warp 10's `*.kafka.*.commitperiod`) and once more
   * on `close`: the wiring passes the runner's applied checkpoint, `() => runner.applied()`.
   */
  trackApplied(applied: () => Checkpoint, periodMs: number): void {
    if (this.tracking) clearInterval(this.tracking.timer);
    let inFlight = false;
    const timer = setInterval(() => {
      if (inFlight) return;
      inFlight = true;
      void this.commitApplied(applied()).finally(() => (inFlight = false));
    }, Math.max(10, periodMs));
    timer.unref();
    this.tracking = { timer, applied };
  }

  /** Records between what this member reported applied (else the group's committed offsets) and the end, per partition. */
  async lag(): Promise<Map<number, number>> {
    const [end, committed] = await Promise.all([this.end(), this.committed()]);
    const applied = this.feed.partitions.appliedHeld();
    const out = new Map<number, number>();
    for (const [p, high] of end) out.set(p, Math.max(0, high - (applied.get(p) ?? committed.get(p) ?? 0)));
    return out;
  }

  /** Ends the reads, leaves the group, disconnects. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.tracking) {
      clearInterval(this.tracking.timer);
      await this.commitApplied(this.tracking.applied());
    }
    this.closed = true;
    await this.feed.stop();
    const admin = await this.admin?.catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }

  private async *reading(options: ReadOptions): AsyncGenerator<readonly LogRecord<T>[]> {
    const { signal } = options;
    if (signal.aborted || this.closed) return;
    const maxBatch = toMaxBatch(options.maxBatch);
    let starts: Map<number, number>;
    try {
      starts = startPositions(this.options.topicName, options.from, await this.watermarks());
      await this.feed.start();
    } catch (err) {
      if (signal.aborted || this.closed) return;
      throw err;
    }
    if (signal.aborted || this.closed) return;
    const read = ++this.reads;
    this.feed.begin(read, {
      start: (p) => (options.resume ? undefined : (starts.get(p) ?? 0)),
      resume: (p, handedOver, first) => this.resumeAt(p, handedOver, first, starts, options),
    });
    try {
      while (!signal.aborted && !this.closed) {
        const changed = this.feed.changes.wait();
        const entry = this.feed.take(read);
        if (entry === 'superseded') return;
        if (!entry) {
          // One abort listener per wait, removed when it ends: racing a read-wide "aborted" promise would
          // leave a reaction on it per idle wait for the reader's life.
          await changedOrAborted(changed, signal);
          continue;
        }
        const records = entry.records;
        for (let i = 0; i < records.length; i += maxBatch) {
          yield records.length <= maxBatch ? records : records.slice(i, i + maxBatch);
          if (signal.aborted || this.closed) return;
        }
        if (entry.failure) throw entry.failure;
      }
    } finally {
      this.feed.end(read);
    }
  }

  /**
   * Where a partition starts when `resume` is given (at the read's start: the later of `from` and the read
   * model's checkpoint), or resumes when a rebalance assigns it during the read: the read model's checkpoint,
   * else the later of `from` and the group's committed offset; never before what this read already yielded.
   */
  private async resumeAt(partition: number, handedOver: number | undefined, first: boolean, starts: ReadonlyMap<number, number>, options: ReadOptions): Promise<number> {
    const from = starts.get(partition) ?? 0;
    const stored = options.resume ? ((await options.resume([partition])).get(partition) ?? 0) : undefined;
    if (first) return Math.max(from, stored ?? 0);
    const fallback = stored ?? Math.max(from, (await this.committed()).get(partition) ?? 0);
    return Math.max(fallback, handedOver ?? 0);
  }

  private async watermarks(): Promise<Map<number, Watermarks>> {
    try {
      const admin = await this.connectedAdmin();
      const offsets = await admin.fetchTopicOffsets(this.options.topicName);
      return new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }]));
    } catch (err) {
      throw kafkaFailure(`read the offsets of ${this.options.topicName}`, err);
    }
  }

  /** The group's committed offsets (partitions without one are absent). */
  async committed(): Promise<Map<number, number>> {
    try {
      const admin = await this.connectedAdmin();
      const [topic] = await admin.fetchOffsets({ groupId: this.options.groupId, topics: [this.options.topicName] });
      return new Map((topic?.partitions ?? []).filter((p) => Number(p.offset) >= 0).map((p) => [p.partition, Number(p.offset)]));
    } catch (err) {
      throw kafkaFailure(`read the offsets of group ${this.options.groupId}`, err);
    }
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.options.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((err: unknown) => {
      this.admin = undefined;
      throw err;
    });
    return this.admin;
  }
}

/**
 * The first offset of each partition for a read from `from`: the checkpoint's, or the partition's first
 * offset when absent. A checkpoint naming a partition the topic lacks, or an offset past its end, cannot
 * come from this topic (a recreated topic, a changed partition count): it fails, never retried.
 */
export function startPositions(topicName: string, from: Checkpoint, marks: ReadonlyMap<number, Watermarks>): Map<number, number> {
  const starts = new Map<number, number>();
  for (const [p, m] of marks) starts.set(p, m.low);
  for (const [p, offset] of from) {
    const m = marks.get(p);
    if (!m) throw new LogError(`cannot read ${topicName}: the checkpoint names partition ${p}, the topic has ${marks.size}`, { retriable: false });
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > m.high) {
      throw new LogError(`cannot read ${topicName}/${p} from offset ${offset}: the partition ends at ${m.high}`, { retriable: false });
    }
    starts.set(p, offset);
  }
  return starts;
}
