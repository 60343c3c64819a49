import type { Attributes, Series, SeriesId, SeriesName } from '../series/series.js';

/**
 * Events of the `metadata` topic (Warp 10's Metadata messages and their `source`, reference §4.2).
 *
 * - SeriesRegistered: a series was written (source `ingress`). The directory inserts it if unknown,
 *   otherwise keeps the attributes it has (and may refresh lastActivity).
 * - AttributesUpdated: /meta or /update with attributes. `mode` `replace` sets the whole map
 *   (`ingress.metadata.update`), `merge` sets the given keys and removes keys given an empty value
 *   (`ingress.metadata.update.delta`). Ignored for unknown series.
 * - SeriesDeleted: every point was deleted; the series leaves the directory (source `delete`).
 */
export interface SeriesRegistered {
  readonly type: 'SeriesRegistered';
  readonly series: Series;
}

export interface AttributesUpdated {
  readonly type: 'AttributesUpdated';
  readonly series: SeriesName & { readonly id: SeriesId };
  readonly attributes: Attributes;
  readonly mode: 'replace' | 'merge';
}

export interface SeriesDeleted {
  readonly type: 'SeriesDeleted';
  readonly series: SeriesName & { readonly id: SeriesId };
}

export type MetadataEvent = SeriesRegistered | AttributesUpdated | SeriesDeleted;
