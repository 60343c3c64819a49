import type { Datapoint } from '../../domain/datapoints/datapoint.js';
import { ValidationError } from '../../domain/errors.js';
import type { Checkpoint } from '../../domain/ports/checkpoint.js';
import type { CheckpointCommit, CheckpointStore } from '../../domain/ports/checkpoint-store.js';
import type { DatapointStore, DatapointWrite } from '../../domain/ports/datapoint-store.js';
import type { LogRecord } from '../../domain/ports/log-source.js';
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

interface OpenPut {
  readonly write: { type: 'put'; series: SeriesId; version: number; points: readonly Datapoint[] };
  readonly partition: number;
  owned: boolean;
}

/**
 * The store writes for a batch, in record order: DatapointsStored → put (version = offset),
 * DatapointsDeleted → delete. Consecutive puts of one series (no delete of it in between) are merged
 * into one put with the version of the last: the earlier points come first, so at equal version the
 * later write wins, exactly as separate puts would. The batch holds a partition's records without gaps,
 * so no other write of the series can sit between the merged offsets. Throws ValidationError for an
 * event it does not know (a poison record).
 */
export function dataWrites(records: readonly LogRecord<'data'>[]): DatapointWrite[] {
  const writes: DatapointWrite[] = [];
  const open = new Map<SeriesId, OpenPut>();
  for (const r of records) {
    const event = r.event;
    if (event.type === 'DatapointsStored') {
      if (event.points.length === 0) continue;
      const put = open.get(event.series);
      if (put && put.partition === r.partition && put.write.version < r.offset) {
        append(put, event.points);
        put.write.version = r.offset;
      } else {
        const write = { type: 'put' as const, series: event.series, version: r.offset, points: event.points };
        writes.push(write);
        open.set(event.series, { write, partition: r.partition, owned: false });
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

/** Adds points to a merged put, copying the first chunk's array once (events are never mutated). */
function append(put: OpenPut, points: readonly Datapoint[]): void {
  if (!put.owned) {
    put.write.points = put.write.points.slice();
    put.owned = true;
  }
  const target = put.write.points as Datapoint[];
  for (let i = 0; i < points.length; i++) target.push(points[i]);
}
