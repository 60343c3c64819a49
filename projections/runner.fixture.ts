import { long } from '../domain/datapoints/value.js';
import type { DataEvent } from '../domain/events/data.events.js';
import type { Checkpoint } from '../domain/ports/checkpoint.js';
import type { CheckpointCommit } from '../domain/ports/checkpoint-store.js';
import type { OutgoingRecord } from '../domain/ports/command-log.js';
import type { LogRecord } from '../domain/ports/log-source.js';
import { seriesIdBytes, seriesIdOf, type SeriesId } from '../domain/series/series.js';
import type { PoisonPolicy, ProjectionDefinition, StartFrom } from './projection.js';

/** Test fixtures for the runner specs: data records and a projection over a "database" object. */

export const seriesNo = (n: number): SeriesId => seriesIdOf(BigInt(n), BigInt(n) * 31n);

/** A DatapointsStored of one point; its value names it as `<series number>:<ts>`. */
export function stored(series: number, ts: number, points = 1): DataEvent {
  return {
    type: 'DatapointsStored',
    series: seriesNo(series),
    points: Array.from({ length: points }, (_, i) => ({ ts: BigInt(ts * 1000 + i), value: long(BigInt(series)) })),
  };
}

export function outgoing(event: DataEvent): OutgoingRecord {
  return { topic: 'data', key: seriesIdBytes(event.series), event };
}

/** `<series number>:<first ts>` of a record made by `stored`. */
export function labelOf(record: LogRecord<'data'>): string {
  const e = record.event;
  if (e.type !== 'DatapointsStored') return `delete:${e.series}`;
  return `${e.points[0].value.type === 'LONG' ? e.points[0].value.value : '?'}:${e.points[0].ts / 1000n}`;
}

/** What a FakeProjection persists: the records it applied and its checkpoint, committed together. */
export interface FakeDatabase {
  applied: string[];
  checkpoint?: Checkpoint;
}

/**
 * A projection whose read model is the list of record labels it applied. Tests steer it through
 * `failWith` (the error to throw for a batch, or undefined) and `gate` (a promise handle waits on).
 */
export class FakeProjection implements ProjectionDefinition<'data'> {
  readonly name = 'fake';
  readonly topic = 'data' as const;
  readonly batchSizes: number[] = [];
  failWith: (records: readonly LogRecord<'data'>[]) => unknown = () => undefined;
  gate: Promise<void> | undefined;
  entered: (() => void) | undefined;

  constructor(
    readonly db: FakeDatabase,
    readonly poison: PoisonPolicy = 'fail',
    readonly startFrom: StartFrom = 'checkpoint',
  ) {}

  async load(): Promise<Checkpoint | undefined> {
    return this.db.checkpoint;
  }

  async handle(records: readonly LogRecord<'data'>[], commit: CheckpointCommit): Promise<void> {
    this.batchSizes.push(records.length);
    this.entered?.();
    if (this.gate) await this.gate;
    const error = this.failWith(records);
    if (error !== undefined) throw error;
    this.db.applied.push(...records.map(labelOf));
    this.db.checkpoint = commit.checkpoint;
  }

  async truncate(): Promise<void> {
    this.db.applied = [];
    this.db.checkpoint = undefined;
  }
}

/** An error that says it may succeed later. */
export class TransientError extends Error {
  readonly retriable = true;
}

/** A gate: a promise plus the function that opens it. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
