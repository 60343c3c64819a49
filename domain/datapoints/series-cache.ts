import type { SeriesId, SeriesName } from '../series/series.js';
import { NameInterner } from './name-interner.js';
import { ownedString } from './owned-string.js';

/** A series as an input line names it: the decoded name, its id (computed once) and the raw text naming it. */
export interface CachedSeries {
  readonly name: SeriesName;
  readonly id: SeriesId;
  /** The raw `class{labels` text of the line (the cache key). */
  readonly key: string;
}

/** A cache entry, with what the cache keeps about it: its generation, and the series named after it last. */
class Entry implements CachedSeries {
  next: Entry | undefined;

  constructor(
    readonly name: SeriesName,
    readonly id: SeriesId,
    readonly key: string,
    public generation: number,
  ) {}
}

/** Entries a SeriesCache keeps by default: enough for 100,000 series written in rotation (W2). */
export const DEFAULT_SERIES_CACHE_SIZE = 1 << 18;

/**
 * Remembers, per raw `class{labels` text of an input line, the series it names and its id, so that a line
 * naming a series seen recently skips percent-decoding, label parsing and the SipHash ids (which were most
 * of the ingest time: scrapers write every series at every timestamp, so consecutive lines rarely repeat).
 * What an entry keeps is copied out of the request body, so that the cache never holds a body alive (a
 * substring may share its parent's memory).
 *
 * The text is the key, so a cache MUST only serve parses whose results depend on the text alone: one cache
 * per set of labels forced by the write token (see `SeriesCaches`), the same `identify` for its life.
 *
 * Writers name their series in a stable order (a scraper writes every series of a target at every scrape),
 * so each entry remembers the series named right after it last time: a line is first checked against that
 * prediction (one comparison, no hashing, no substring), and looked up only when it is wrong.
 *
 * Bounded, and cheap to keep that way: two generations of at most `capacity / 2` entries each; a hit in the
 * old one moves the entry to the young one, and when the young one is full it becomes the old one (the
 * previous old one is dropped). Entries used within the last `capacity / 2` insertions always stay.
 */
export class SeriesCache {
  private young = new Map<string, Entry>();
  private old = new Map<string, Entry>();
  private generation = 0;
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

  /**
   * The series named by text[from, to) (a line's raw text, from the class name to before the closing `}`);
   * `after` is the entry of the series named before it (by the previous line naming one), if any.
   */
  get(text: string, from: number, to: number, after?: CachedSeries): CachedSeries | undefined {
    const previous = after as Entry | undefined;
    const predicted = previous?.next;
    // A transient substring to compare and look up with: `===` on it beats startsWith at an offset in V8, and the
    // engine's string hashing beat hashing the range by hand.
    const key = text.slice(from, to);
    if (predicted !== undefined && predicted.key === key) {
      if (predicted.generation !== this.generation) this.insert(predicted);
      return predicted;
    }
    let hit = this.young.get(key);
    if (hit === undefined) {
      hit = this.old.get(key);
      if (hit !== undefined) this.insert(hit);
    }
    if (previous !== undefined && hit !== undefined) previous.next = hit;
    return hit;
  }

  /**
   * Remembers that text[from, to) names `name` (`id` when the caller knows it already); returns the entry.
   * The key is copied; `name` is kept as it is, so it MUST hold no slice of a request body (see `ownedName`).
   */
  add(text: string, from: number, to: number, name: SeriesName, id: SeriesId = this.identify(name), after?: CachedSeries): CachedSeries {
    const entry = new Entry(name, id, ownedString(text.slice(from, to)), this.generation);
    this.insert(entry);
    if (after !== undefined) (after as Entry).next = entry;
    return entry;
  }

  private insert(entry: Entry): void {
    if (this.young.size >= this.generationSize) {
      // Dropped entries forget their successor, so that predictions never chain dropped entries together.
      for (const dropped of this.old.values()) dropped.next = undefined;
      this.old = this.young;
      this.young = new Map();
      this.generation++;
    }
    entry.generation = this.generation;
    this.young.set(entry.key, entry);
  }
}

/**
 * The strings that names kept by series caches share (one table per process: the names of a cell's writers are
 * the same whatever the cache; bounded, see NameInterner).
 */
const CACHED_NAME_STRINGS = new NameInterner();

/**
 * `name` with copies of its strings, fit to be kept by a SeriesCache beyond the request that named it. The
 * copies are shared between names (class and label names, common values): 100,000 cached names of 6 labels
 * held ~40 MB of identical copies before.
 */
export function ownedName(name: SeriesName): SeriesName {
  return { className: CACHED_NAME_STRINGS.name(name.className), labels: CACHED_NAME_STRINGS.labels(name.labels) };
}
