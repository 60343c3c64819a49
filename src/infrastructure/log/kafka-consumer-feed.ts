import type { Consumer, EachBatchPayload, Kafka, RetryOptions } from 'kafkajs';
import type { LogRecord } from '../../../domain/ports/log-source.js';
import type { TopicName } from '../../../domain/ports/topics.js';
import type { RecordCodec } from '../serialization/record-codec.js';
import { kafkaFailure } from './kafka-client.js';
import { decodeMessages, type KafkaDecodeError } from './kafka-record-decoder.js';
import { FeedPartitions, type Wanted } from './kafka-feed-partitions.js';
import { ChangeNotifier } from './tail-reader.js';

/** kafkajs' own test (not in its typings): the group is rebalancing, this member must rejoin. */
const REBALANCING = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'ILLEGAL_GENERATION']);
const isRebalancing = (err: unknown): boolean => REBALANCING.has((err as { type?: string } | null)?.type ?? '');

/** How the feed's consumer talks to the group. Defaults suit a store or directory consumer. */
export interface FeedSettings {
  readonly kafka: Kafka;
  readonly topic: TopicName;
  readonly topicName: string;
  readonly groupId: string;
  readonly codec: RecordCodec;
  /** @default 30000 */
  readonly sessionTimeoutMs?: number;
  /** @default 3000 */
  readonly heartbeatIntervalMs?: number;
  /** Longest broker wait of an empty fetch; also bounds how long `stop` takes. @default 500 */
  readonly maxWaitMs?: number;
  /** @default 1 MiB */
  readonly maxBytesPerPartition?: number;
  /** Partitions handled at once. @default 4 */
  readonly concurrency?: number;
  /** Longest wait, on a rebalance, for the reader to apply what it was given before the partitions go. @default 10000 */
  readonly rebalanceFlushMs?: number;
  readonly retry?: RetryOptions;
  readonly log: (message: string) => void;
}

/** Records of one partition handed to the reader; `failure` follows them (a message the codec rejected). */
export interface FeedEntry<T extends TopicName> {
  readonly partition: number;
  readonly records: LogRecord<T>[];
  readonly failure?: KafkaDecodeError;
}

interface Pending<T extends TopicName> {
  readonly entry: FeedEntry<T>;
  readonly read: number;
  readonly epoch: number;
  /** Settles the hand-off once: taken by the reader, or dropped. Later calls do nothing. */
  readonly settle: (taken: boolean) => boolean;
}

/**
 * The push side of a Kafka LogSource: one kafkajs consumer in the group (autoCommit off) whose `eachBatch`
 * decodes each fetched batch and hands it to the reader, waiting (and heart-beating) until the reader takes
 * it — that wait is the backpressure, so at most one batch per partition is in memory. Positions are ours,
 * not the group's: `FeedPartitions` decides where each assigned partition starts and the feed seeks there
 * after every (re)join, because kafkajs restarts from the group's committed offsets after a rebalance.
 */
export class KafkaConsumerFeed<T extends TopicName> {
  readonly changes = new ChangeNotifier();
  readonly partitions: FeedPartitions;
  private consumer: Consumer | undefined;
  private started: Promise<void> | undefined;
  private queue: Pending<T>[] = [];
  private dead: Error | undefined;
  private readFailure: { read: number; error: unknown } | undefined;
  private stopping = false;

  constructor(private readonly settings: FeedSettings) {
    const fail = (read: number, error: unknown) => {
      this.readFailure = { read, error };
      this.changes.notify();
    };
    this.partitions = new FeedPartitions((partition, offset) => this.seek(partition, offset), fail, settings.log);
  }

  /** Connects, joins the group and starts fetching (once; again after a consumer that could not restart). */
  start(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    this.started ??= this.run().catch(async (err: unknown) => {
      this.started = undefined;
      await this.consumer?.disconnect().catch(() => undefined);
      throw kafkaFailure(`consume ${this.settings.topicName} in group ${this.settings.groupId}`, err);
    });
    return this.started;
  }

  /** Starts read number `read` with the given start positions (see FeedPartitions.begin). */
  begin(read: number, wanted: Wanted): void {
    this.dropQueued();
    this.partitions.begin(read, wanted);
    this.changes.notify();
  }

  end(read: number): void {
    if (!this.partitions.end(read)) return;
    this.dropQueued();
  }

  /**
   * The next batch for read `read`, or undefined when none is waiting. Throws when the consumer died, or
   * a `superseded` marker when another read started.
   */
  take(read: number): FeedEntry<T> | 'superseded' | undefined {
    if (this.dead) throw this.dead;
    if (this.readFailure?.read === read) throw this.readFailure.error;
    if (!this.partitions.isCurrent(read)) return 'superseded';
    while (this.queue.length > 0) {
      const { entry, read: of, epoch, settle } = this.queue.shift()!;
      const first = entry.records[0]?.offset ?? entry.failure!.offset;
      const usable = of === read && this.partitions.handOver(entry.partition, epoch, first, entry.records.at(-1)?.offset);
      if (settle(usable) && usable) return entry;
    }
    return undefined;
  }

  /** Commits `offsets` (partition → next offset) to the group for partitions this member holds: monitoring only. */
  async commit(offsets: ReadonlyMap<number, number>): Promise<void> {
    const consumer = this.consumer;
    if (!consumer || this.stopping) return;
    const held = [...offsets].filter(([p]) => this.partitions.holds(p));
    if (held.length === 0) return;
    await consumer.commitOffsets(held.map(([partition, offset]) => ({ topic: this.settings.topicName, partition, offset: String(offset) })));
  }

  /** Leaves the group and stops fetching; waiting batches are dropped. Idempotent. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.dropQueued();
    this.partitions.clear();
    this.changes.notify();
    await this.started?.catch(() => undefined);
    await this.consumer?.disconnect().catch(() => undefined);
  }

  private async run(): Promise<void> {
    const s = this.settings;
    const consumer = (this.consumer = s.kafka.consumer({
      groupId: s.groupId,
      sessionTimeout: s.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: s.heartbeatIntervalMs ?? 3000,
      maxWaitTimeInMs: s.maxWaitMs ?? 500,
      maxBytesPerPartition: s.maxBytesPerPartition ?? 1 << 20,
      allowAutoTopicCreation: true,
      retry: s.retry,
    }));
    consumer.on(consumer.events.GROUP_JOIN, (e) => this.partitions.assigned(e.payload.memberAssignment[s.topicName] ?? []));
    consumer.on(consumer.events.REBALANCING, () => this.suspend());
    consumer.on(consumer.events.CRASH, (e) => {
      this.dropQueued();
      this.partitions.clear();
      if (!e.payload.restart) {
        this.dead = kafkaFailure(`consume ${s.topicName} in group ${s.groupId}`, e.payload.error);
        this.started = undefined;
      }
      this.changes.notify();
    });
    this.dead = undefined;
    await consumer.connect();
    await consumer.subscribe({ topics: [s.topicName], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: s.concurrency ?? 4,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  private seek(partition: number, offset: number): void {
    try {
      this.consumer?.seek({ topic: this.settings.topicName, partition, offset: String(offset) });
    } catch (err) {
      this.settings.log(`kafka ${this.settings.topicName}/${partition}: cannot seek to ${offset}: ${(err as Error).message}`);
    }
  }

  /** kafkajs' eachBatch: waits for a start position, drops what is outside it, hands the rest to the reader. */
  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const p = batch.partition;
    const beat = () => this.heartbeat(heartbeat);
    let next: number | undefined;
    for (;;) {
      if (this.stopping || !isRunning() || !this.partitions.holds(p) || this.partitions.isSuspended()) return;
      next = this.partitions.nextOf(p);
      if (next !== undefined) break;
      await this.beatWhile(this.partitions.ready(p), beat);
    }
    if (isStale()) return;
    const messages = batch.messages;
    const first = this.partitions.firstToDeliver(p, messages);
    if (first < 0) return;
    const read = this.partitions.current();
    const epoch = this.partitions.epochOf(p);
    const decoded = decodeMessages(this.settings.topic as T, p, messages, first, this.settings.codec);
    const entry: FeedEntry<T> = { partition: p, records: decoded.records, failure: decoded.failure };
    let resolve!: (taken: boolean) => void;
    const settled = new Promise<boolean>((r) => (resolve = r));
    let done = false;
    const settle = (taken: boolean): boolean => {
      if (done) return false;
      done = true;
      resolve(taken);
      return true;
    };
    this.queue.push({ entry, read, epoch, settle });
    this.changes.notify();
    const taken = await this.beatWhile(settled, beat, () => settle(false));
    const last = decoded.records.at(-1);
    if (taken && last) resolveOffset(String(last.offset));
  }

  /**
   * Waits for `promise`, heart-beating every interval so that the group keeps this member while the reader
   * is busy. A rebalance noticed by a heartbeat first lets the reader apply what it was given (bounded), then
   * goes on to kafkajs, which rejoins.
   */
  private async beatWhile<R>(promise: Promise<R>, beat: () => Promise<void>, onRebalance?: () => void): Promise<R> {
    const interval = this.settings.heartbeatIntervalMs ?? 3000;
    for (;;) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const tick = new Promise<'tick'>((resolve) => (timer = setTimeout(() => resolve('tick'), interval)));
      const got = await Promise.race([promise, tick]);
      clearTimeout(timer);
      if (got !== 'tick') return got as R;
      try {
        await beat();
      } catch (err) {
        onRebalance?.();
        throw err;
      }
    }
  }

  private async heartbeat(send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (err) {
      if (isRebalancing(err)) {
        this.suspend();
        await this.partitions.flushBeforeRevoke(this.settings.rebalanceFlushMs ?? 10_000, (offsets) => this.commit(offsets));
      }
      throw err;
    }
  }

  /** A rebalance began: hand nothing more over until the join tells which partitions stay. */
  private suspend(): void {
    this.partitions.suspend();
    this.dropQueued();
  }

  private dropQueued(): void {
    const dropped = this.queue;
    this.queue = [];
    for (const pending of dropped) pending.settle(false);
  }
}
