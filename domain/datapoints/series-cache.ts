import type { SeriesId, SeriesName } from '../series/series.js';

/** A series as an input line names it: the decoded name and its id, computed once. */
export interface CachedSeries {
  readonly name: SeriesName;
  readonly id: SeriesId;
}

/** Entries a SeriesCache keeps by default: enough for 100,000 series written in rotation (W2). */
export const DEFAULT_SERIES_CACHE_SIZE = 1 << 18;

/**
 * Remembers, per raw `class{labels` text of an input line, the series it names and its id, so that a line
 * naming a series seen recently skips percent-decoding, label parsing and the SipHash ids (which were most
 * of the ingest time: scrapers write every series at every timestamp, so consecutive lines rarely repeat).
 *
 * The text is the key, so a cache MUST only serve parses whose results depend on the text alone: one cache
 * per set of labels forced by the write token (see `SeriesCaches`), the same `identify` for its life.
 *
 * Bounded, and cheap to keep that way: two generations of at most `capacity / 2` entries each; a hit in the
 * old one moves the entry to the young one, and when the young one is full it becomes the old one (the
 * previous old one is dropped). Entries used within the last `capacity / 2` insertions always stay.
 */
export class SeriesCache {
  private young = new Map<string, CachedSeries>();
  private old = new Map<string, CachedSeries>();
  private readonly generationSize: number;

  constructor(
    private readonly identify: (name: SeriesName) => SeriesId,
    capacity = DEFAULT_SERIES_CACHE_SIZE,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 2) throw new RangeError(`cannot create a series cache of ${capacity} entries: expected an integer ≥ 2`);
    this.generationSize = capacity >>> 1;
  }

  /** Entries kept now (at most the capacity). */
  get size(): number {
    return this.young.size + this.old.size;
  }

  /** The series named by `key` (the raw text of a line, from the class name to before the closing `}`). */
  get(key: string): CachedSeries | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const old = this.old.get(key);
    if (old !== undefined) this.insert(key, old);
    return old;
  }

  /** Remembers that `key` names `name` (`id` when the caller knows it already); returns the entry. */
  add(key: string, name: SeriesName, id: SeriesId = this.identify(name)): CachedSeries {
    const entry: CachedSeries = { name, id };
    this.insert(key, entry);
    return entry;
  }

  private insert(key: string, entry: CachedSeries): void {
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, entry);
  }
}
