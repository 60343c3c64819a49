import type { Attributes, Series, SeriesId } from '../series/series.js';
import type { CheckpointCommit } from './checkpoint-store.js';

/**
 * A write to the persistent series registry (the directory's durable copy, Warp 10's `M` rows).
 * `upsert` stores the whole series as given (the projection computes the merged state);
 * `remove` forgets it.
 */
export type RegistryWrite =
  | { readonly type: 'upsert'; readonly series: Series }
  | { readonly type: 'remove'; readonly id: SeriesId };

/**
 * The persistent registry of series, read at startup to rebuild the in-memory directory without
 * replaying the log. `apply` MUST be atomic with its optional checkpoint commit.
 */
export interface SeriesRegistry {
  apply(writes: readonly RegistryWrite[], commit?: CheckpointCommit): Promise<void>;
  get(id: SeriesId): Promise<Series | undefined>;
  /** Every registered series, in no particular order. */
  all(): AsyncIterable<Series>;
  truncate(): Promise<void>;
}

export type { Attributes };
