import type { Datapoint } from '../../domain/datapoints/datapoint.js';
import { ValidationError } from '../../domain/errors.js';
import type { Checkpoint } from '../../domain/ports/checkpoint.js';
import type { CheckpointCommit, CheckpointStore } from '../../domain/ports/checkpoint-store.js';
import type { DatapointStore, DatapointWrite } from '../../domain/ports/datapoint-store.js';
import type { LogRecord } from '../../domain/ports/log-source.js';
import { pointCountOf, type DatapointsStored } from '../../domain/events/data.events.js';
import type { SeriesId } from '../../domain/series/series.js';
import type { PoisonPolicy, ProjectionDefinition } from '../projection.js';

export interface StoreProjectionOptions {
  readonly store: DatapointStore;
  /** Where `load` finds the checkpoint that `store.apply` commits (the same database). */
  readonly checkpoints: CheckpointStore;
  /** Checkpoint id (default `store`). */
  readonly name?: string;
  /** Default `fail`. */
  readonly poison?: PoisonPolicy;
}

/**
 * The `store` projection (Warp 10's Store daemon): data events become DatapointStore writes, applied in
 * one atomic `apply` with the checkpoint.
 *
 * Idempotent under at-least-once delivery: each put carries the record's offset as its version, so a
 * re-delivered (older) write never overwrites a newer point of the same timestamp, and re-applying a
 * batch leaves the store as it was. Relies on every record of a series being in one partition, as the
 * log's keying guarantees, so that offsets order a series' writes.
 */
export class StoreProjection implements ProjectionDefinition<'data'> {
  readonly name: string;
  readonly topic = 'data' as const;
  readonly startFrom = 'checkpoint' as const;
  readonly poison: PoisonPolicy;

  constructor(private readonly options: StoreProjectionOptions) {
    this.name = options.name ?? 'store';
    this.poison = options.poison ?? 'fail';
  }

  load(): Promise<Checkpoint | undefined> {
    return this.options.checkpoints.load(this.name);
  }

  /** The stored checkpoint (all partitions: store instances of one group share it), for rebalances. */
  async checkpointOf(): Promise<Checkpoint> {
    return (await this.options.checkpoints.load(this.name)) ?? new Map();
  }

  async handle(records: readonly LogRecord<'data'>[], commit: CheckpointCommit): Promise<void> {
    await this.options.store.apply(dataWrites(records), commit);
  }

  /**
   * Forgets the checkpoint, then removes every datapoint, so that a replay starts from BEGINNING. In that order:
   * a truncation cut short (kill, Ctrl-C) then restarts from BEGINNING over a partly emptied store, which
   * idempotent puts repair, instead of resuming after points it no longer holds.
   */
  async truncate(): Promise<void> {
    await this.options.checkpoints.reset(this.name);
    await this.options.store.truncate();
  }
}

/**
 * The store writes for a batch, in record order: DatapointsStored → put (version = offset),
 * DatapointsDeleted → delete. Consecutive puts of one series (no delete of it in between) are merged
 * into one put with the version of the last: the earlier points come first, so at equal version the
 * later write wins, exactly as separate puts would. The batch holds a partition's records without gaps,
 * so no other write of the series can sit between the merged offsets. Throws ValidationError for an
 * event it does not know (a poison record).
 *
 * When every event of a put carries its encoded chunk (events read from the log do), the put carries the
 * chunks (`chunks`) and builds `points` only if the store asks for them.
 */
export function dataWrites(records: readonly LogRecord<'data'>[]): DatapointWrite[] {
  const writes: DatapointWrite[] = [];
  const open = new Map<SeriesId, { readonly put: MergedPut; readonly partition: number }>();
  for (const r of records) {
    const event = r.event;
    if (event.type === 'DatapointsStored') {
      if (pointCountOf(event) === 0) continue;
      const merging = open.get(event.series);
      if (merging && merging.partition === r.partition && merging.put.version < r.offset) {
        merging.put.add(event, r.offset);
      } else {
        const put = new MergedPut(event, r.offset);
        writes.push(put);
        open.set(event.series, { put, partition: r.partition });
      }
    } else if (event.type === 'DatapointsDeleted') {
      writes.push({ type: 'delete', series: event.series, start: event.start, end: event.end });
      open.delete(event.series);
    } else {
      throw new ValidationError(`cannot store record data/${r.partition}@${r.offset}: unknown event type '${(event as { type?: unknown }).type}'`);
    }
  }
  return writes;
}

/** A put of one or more consecutive DatapointsStored of a series; `chunks` is there only while every event had one. */
class MergedPut {
  readonly type = 'put' as const;
  readonly series: SeriesId;
  readonly #events: DatapointsStored[];
  #chunks: Uint8Array[] | undefined;
  #built: readonly Datapoint[] | undefined;

  constructor(
    first: DatapointsStored,
    public version: number,
  ) {
    this.series = first.series;
    this.#events = [first];
    this.#chunks = first.chunk === undefined ? undefined : [first.chunk];
  }

  /** The points of every event, in order (built once, when first read). */
  get points(): readonly Datapoint[] {
    return (this.#built ??= concat(this.#events));
  }

  get chunks(): readonly Uint8Array[] | undefined {
    return this.#chunks;
  }

  /** Appends the next event of the series, read at `offset`. */
  add(event: DatapointsStored, offset: number): void {
    this.#events.push(event);
    this.version = offset;
    if (event.chunk === undefined) this.#chunks = undefined;
    else this.#chunks?.push(event.chunk);
  }
}

function concat(events: readonly DatapointsStored[]): readonly Datapoint[] {
  if (events.length === 1) return events[0].points;
  const out: Datapoint[] = [];
  for (const e of events) for (const p of e.points) out.push(p);
  return out;
}
