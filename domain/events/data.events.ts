import type { Datapoint } from '../datapoints/datapoint.js';
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
}

export interface DatapointsDeleted {
  readonly type: 'DatapointsDeleted';
  readonly series: SeriesId;
  readonly start: bigint;
  readonly end: bigint;
}

export type DataEvent = DatapointsStored | DatapointsDeleted;
