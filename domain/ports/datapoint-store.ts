import type { Datapoint } from '../datapoints/datapoint.js';
import type { PointColumns } from '../datapoints/point-columns.js';
import type { SeriesId } from '../series/series.js';
import type { CheckpointCommit } from './checkpoint-store.js';

/**
 * A write to the datapoint read model.
 * - `put`: store points; a point overwrites any earlier point of the same series and timestamp.
 *   `version` orders writes of one series (the log offset of the record they came from): of two points
 *   with the same (series, ts), the one with the higher version wins, whatever order they are applied
 *   in; at equal version, the later in `points` wins. Re-applying a put is harmless.
 *   `chunks`, when present, holds the same points encoded by the chunk codec, in order: an adapter that ships
 *   or decodes points itself may read them instead of `points` (which may then be built lazily).
 * - `delete`: remove the points with start <= ts <= end.
 */
export type DatapointWrite =
  | { readonly type: 'put'; readonly series: SeriesId; readonly version: number; readonly points: readonly Datapoint[]; readonly chunks?: readonly Uint8Array[] }
  | { readonly type: 'delete'; readonly series: SeriesId; readonly start: bigint; readonly end: bigint };

/**
 * A range read of one series. Bounds are inclusive. The result holds the points with
 * start <= ts <= end, newest first, at most `count` of them (the newest), plus up to `pre` points
 * before `start` (the newest ones older than start) and up to `post` points after `end`
 * (the oldest ones newer than end), in the same newest-first order.
 */
export interface FetchRange {
  readonly start: bigint;
  readonly end: bigint;
  readonly count?: number;
  readonly pre?: number;
  readonly post?: number;
}

/**
 * The datapoint read model (Warp 10's StoreClient: store, delete, fetch).
 *
 * `apply` MUST be atomic: either every write and the optional checkpoint commit are durable, or none.
 * Adapters that cannot (HBase) document it and rely on idempotency. A fetch of one series MUST be one
 * sequential scan in the adapter, newest first.
 */
export interface DatapointStore {
  apply(writes: readonly DatapointWrite[], commit?: CheckpointCommit): Promise<void>;
  fetch(series: SeriesId, range: FetchRange): Promise<Datapoint[]>;
  /**
   * Optional: `fetch` as PointColumns (the same points, same order), for readers that print many points
   * (/fetch): an adapter that decodes stored points can fill columns without an object per point.
   * Readers fall back to `PointColumns.of(await fetch(…))` when an adapter does not offer it.
   */
  fetchColumns?(series: SeriesId, range: FetchRange): Promise<PointColumns>;

  /**
   * Optional: `fetchColumns` of each of `series`, in order, over one range, in one call. A store in another
   * thread or process answers many series in one round trip (/fetch reads several series ahead at once).
   */
  fetchColumnsMany?(series: readonly SeriesId[], range: FetchRange): Promise<PointColumns[]>;
  /** Removes every datapoint (replay). Checkpoints are not touched. */
  truncate(): Promise<void>;
}
