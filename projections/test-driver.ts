import { InvariantViolation } from '../domain/errors.js';
import { BEGINNING, type Checkpoint } from '../domain/ports/checkpoint.js';
import type { LogRecord } from '../domain/ports/log-source.js';
import type { TopicEvents, TopicName } from '../domain/ports/topics.js';
import { partitionOf } from '../domain/series/partition.js';
import { seriesIdBytes, type SeriesId } from '../domain/series/series.js';
import { checkpointAfter } from './checkpoint-after.js';
import type { ProjectionDefinition } from './projection.js';
import { SeededRandom } from './seeded-random.js';

export interface TestDriverOptions {
  /** Seeds the interleaving and the batch sizes (default 1): the same seed replays the same schedule. */
  readonly seed?: number;
  /** Partitions of the simulated log (default 3); a series always lands in the same one. */
  readonly partitions?: number;
  /** Batches handed to `handle` hold between 1 and this many records (default 8). */
  readonly maxBatch?: number;
  /** `appendedAt` of the first record (ms); each record adds 1. */
  readonly startMs?: number;
}

/** The series an event is about: data events name it, metadata events carry it. */
function seriesOf(event: TopicEvents[TopicName]): SeriesId {
  return typeof event.series === 'string' ? event.series : event.series.id;
}

/**
 * Drives one projection without a log or a runner (Kafka Streams' TopologyTestDriver): the test pipes
 * events in, the driver turns them into LogRecords keyed by series, and hands them to `handle` in
 * random-sized batches with the checkpoint after each, as the runner would.
 *
 * It is deliberately unkind, with seeded randomness: the events of one `append` are INTERLEAVED AT
 * RANDOM across series (each series keeps its own order, as the log guarantees per key), partitions
 * are consumed at random relative speeds, and `rewind` / `restart` re-deliver records a projection has
 * already seen (at-least-once). A projection that assumes a global order or is not idempotent fails.
 */
export class ProjectionTestDriver<T extends TopicName> {
  private readonly random: SeededRandom;
  private readonly partitions: number;
  private readonly maxBatch: number;
  private readonly logs: LogRecord<T>[][];
  private readonly appended: LogRecord<T>[] = [];
  private cursor: Checkpoint = BEGINNING;
  private now: number;
  private current: ProjectionDefinition<T>;
  /** How many `handle` calls the driver made. */
  batches = 0;

  private constructor(
    private readonly factory: () => ProjectionDefinition<T>,
    options: TestDriverOptions,
  ) {
    this.random = new SeededRandom(options.seed ?? 1);
    this.partitions = options.partitions ?? 3;
    this.maxBatch = Math.max(1, options.maxBatch ?? 8);
    this.now = options.startMs ?? 1_700_000_000_000;
    this.logs = Array.from({ length: this.partitions }, () => []);
    this.current = factory();
  }

  /** Builds the projection from `factory`, runs its `init` and `load`, and starts delivering from the loaded checkpoint. */
  static async start<T extends TopicName>(factory: () => ProjectionDefinition<T>, options: TestDriverOptions = {}): Promise<ProjectionTestDriver<T>> {
    const driver = new ProjectionTestDriver(factory, options);
    await driver.open();
    return driver;
  }

  /** The projection instance being fed (a new one after `restart`). */
  get projection(): ProjectionDefinition<T> {
    return this.current;
  }

  /** Every record appended so far, in append order. */
  get records(): readonly LogRecord<T>[] {
    return this.appended;
  }

  /** Where delivery stands: per partition, the next offset to hand to the projection. */
  get position(): Checkpoint {
    return this.cursor;
  }

  /** The log's end: per partition, the offset after the last record. */
  get end(): Checkpoint {
    const out = new Map<number, number>();
    this.logs.forEach((log, p) => log.length > 0 && out.set(p, log.length));
    return out;
  }

  /** Given: appends the events, interleaved at random across series (each series in order), without delivering them. */
  append(...events: TopicEvents[T][]): LogRecord<T>[] {
    const queues = new Map<SeriesId, TopicEvents[T][]>();
    for (const event of events) {
      const key = seriesOf(event);
      const queue = queues.get(key);
      if (queue) queue.push(event);
      else queues.set(key, [event]);
    }
    const pending = [...queues.entries()].map(([id, queue]) => ({ id, queue, next: 0 }));
    const out: LogRecord<T>[] = [];
    for (let left = events.length; left > 0; left--) {
      // Choosing a series with probability proportional to what it has left makes every merge equally likely.
      let pick = this.random.int(0, left - 1);
      const series = pending.find((s) => (pick -= s.queue.length - s.next) < 0);
      if (!series) throw new InvariantViolation('interleaving ran out of events');
      out.push(this.record(series.id, series.queue[series.next++]));
    }
    return out;
  }

  /** Given + when: appends the events (interleaved) and delivers everything pending. */
  async pipe(...events: TopicEvents[T][]): Promise<void> {
    this.append(...events);
    await this.deliver();
  }

  /**
   * Hands pending records to `handle` in random-sized batches drawn from the partitions at random,
   * at most `limit` records in all. Returns how many were delivered. Errors from `handle` propagate.
   */
  async deliver(limit = Number.POSITIVE_INFINITY): Promise<number> {
    let delivered = 0;
    while (delivered < limit) {
      const size = Math.min(this.random.int(1, this.maxBatch), limit - delivered);
      const batch = this.nextBatch(size);
      if (batch.length === 0) break;
      const checkpoint = checkpointAfter(this.cursor, batch);
      await this.current.handle(batch, { projection: this.current.name, checkpoint });
      this.cursor = checkpoint;
      this.batches++;
      delivered += batch.length;
    }
    return delivered;
  }

  /** At-least-once: moves delivery back to `to`, so the records after it come again on the next `deliver`. */
  rewind(to: Checkpoint): void {
    this.cursor = to;
  }

  /**
   * Simulates a process restart: a fresh projection from the factory, `init` + `load`, and delivery
   * resumes from the checkpoint it loaded (records after it will be re-delivered). Returns that checkpoint.
   */
  async restart(): Promise<Checkpoint> {
    this.current = this.factory();
    return this.open();
  }

  private async open(): Promise<Checkpoint> {
    await this.current.init?.();
    this.cursor = (await this.current.load()) ?? BEGINNING;
    return this.cursor;
  }

  private record(series: SeriesId, event: TopicEvents[T]): LogRecord<T> {
    const key = seriesIdBytes(series);
    const partition = partitionOf(key, this.partitions);
    const log = this.logs[partition];
    const record: LogRecord<T> = { topic: this.current.topic, partition, offset: log.length, key, event, appendedAt: this.now++ };
    log.push(record);
    this.appended.push(record);
    return record;
  }

  private nextBatch(size: number): LogRecord<T>[] {
    const next = new Map(this.cursor);
    const batch: LogRecord<T>[] = [];
    while (batch.length < size) {
      const open = this.logs.map((log, p) => p).filter((p) => (next.get(p) ?? 0) < this.logs[p].length);
      if (open.length === 0) break;
      const p = open[this.random.int(0, open.length - 1)];
      const offset = next.get(p) ?? 0;
      batch.push(this.logs[p][offset]);
      next.set(p, offset + 1);
    }
    return batch;
  }
}
