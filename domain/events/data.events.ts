import type { Datapoint } from '../datapoints/datapoint.js';
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
