import type { Datapoint } from '../datapoints/datapoint.js';
import { decodeChunk } from '../datapoints/chunk-codec.js';
import type { PointColumns } from '../datapoints/point-columns.js';
import type { SeriesId } from '../series/series.js';

/**
 * Events of the `data` topic. Names are past tense and fixed forever.
 * A DatapointsStored carries a chunk of points of ONE series, in the order they were written
 * (Warp 10's KafkaDataMessage STORE, reference §4.3). A DatapointsDeleted removes the points with
 * start <= ts <= end (full deletion is MIN_TS..MAX_TS); it travels on the data topic so that it stays
 * ordered after the writes of the same series.
 */
export interface DatapointsStored {
  readonly type: 'DatapointsStored';
  readonly series: SeriesId;
  readonly points: readonly Datapoint[];
  /**
   * The same points as columns[from, to), when the producer holds them so (ingest parses into columns):
   * a consumer that can read columns (the record encoder) should, and then `points` is never built. Absent
   * on events built from `points`. See `storedFromColumns`.
   */
  readonly columns?: PointsInColumns;
  /**
   * The same points encoded by the chunk codec (domain/datapoints/chunk-codec.ts), when the event was read from
   * a log record: a consumer that forwards or stores chunks (the store projection) should, and then `points` is
   * never built. Absent on events built from points. See `storedFromChunk`.
   */
  readonly chunk?: Uint8Array;
}

/** Points [from, to) of a PointColumns (which the event's consumers MUST NOT modify). */
export interface PointsInColumns {
  readonly columns: PointColumns;
  readonly from: number;
  readonly to: number;
}

export interface DatapointsDeleted {
  readonly type: 'DatapointsDeleted';
  readonly series: SeriesId;
  readonly start: bigint;
  readonly end: bigint;
}

export type DataEvent = DatapointsStored | DatapointsDeleted;

/**
 * A DatapointsStored of columns[from, to) whose `points` are built on first access (then kept): ingest hands
 * its points to the log encoder without an object per point. `points` is a getter of the event's class, so a
 * spread or `Object.entries` of the event does not see it: read `points`, or copy it explicitly.
 */
export function storedFromColumns(series: SeriesId, columns: PointColumns, from: number, to: number): DatapointsStored {
  return new ColumnarDatapointsStored(series, { columns, from, to });
}

class ColumnarDatapointsStored implements DatapointsStored {
  readonly type = 'DatapointsStored' as const;
  private built: readonly Datapoint[] | undefined;

  constructor(
    readonly series: SeriesId,
    readonly columns: PointsInColumns,
  ) {}

  get points(): readonly Datapoint[] {
    const { columns, from, to } = this.columns;
    return (this.built ??= columns.toDatapoints(from, to));
  }
}

/**
 * A DatapointsStored of an encoded chunk of `count` points whose `points` are decoded on first access (then
 * kept): the log reader hands chunks to the store without an object per point. The caller has checked that the
 * chunk decodes to `count` points. `points` is a getter of the event's class (see storedFromColumns).
 */
export function storedFromChunk(series: SeriesId, chunk: Uint8Array, count: number): DatapointsStored {
  return new ChunkDatapointsStored(series, chunk, count);
}

/** How many points `event` carries, without building them when it holds columns or a chunk. */
export function pointCountOf(event: DatapointsStored): number {
  if (event instanceof ChunkDatapointsStored) return event.count;
  if (event.columns !== undefined) return event.columns.to - event.columns.from;
  return event.points.length;
}

class ChunkDatapointsStored implements DatapointsStored {
  readonly type = 'DatapointsStored' as const;
  // Private (not own enumerable properties): a spread of the event gives what a plain event has.
  readonly #chunk: Uint8Array;
  readonly #count: number;
  #built: readonly Datapoint[] | undefined;

  constructor(
    readonly series: SeriesId,
    chunk: Uint8Array,
    count: number,
  ) {
    this.#chunk = chunk;
    this.#count = count;
  }

  get chunk(): Uint8Array {
    return this.#chunk;
  }

  get count(): number {
    return this.#count;
  }

  get points(): readonly Datapoint[] {
    return (this.#built ??= decodeChunk(this.#chunk));
  }
}
