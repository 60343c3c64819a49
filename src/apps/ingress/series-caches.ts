import { Inject, Injectable } from '@nestjs/common';
import { SeriesCache } from '../../../domain/datapoints/series-cache.js';
import type { Labels } from '../../../domain/series/series.js';
import type { SeriesIdentity } from '../../../domain/series/series-id.js';
import { SERIES_IDENTITY } from '../../infrastructure/tokens.js';

/** How many sets of forced labels (write tokens, in practice) keep a series cache at once. */
export const MAX_SERIES_CACHES = 4;

/**
 * The /update parser's series caches (see `SeriesCache`), one per set of labels forced by the write token:
 * the same line text names another series under another token. The sets used most recently keep theirs;
 * a cache costs about 600 bytes per entry (name, labels, id, key), so their number is small and bounded.
 */
@Injectable()
export class SeriesCaches {
  private readonly caches = new Map<string, SeriesCache>();

  constructor(@Inject(SERIES_IDENTITY) private readonly identity: SeriesIdentity) {}

  /** The cache for lines written with `forcedLabels` (created on first use). */
  for(forcedLabels: Labels): SeriesCache {
    const key = keyOf(forcedLabels);
    let cache = this.caches.get(key);
    if (cache !== undefined) {
      this.caches.delete(key);
    } else {
      cache = new SeriesCache((name) => this.identity.idOf(name));
      if (this.caches.size >= MAX_SERIES_CACHES) this.caches.delete(this.caches.keys().next().value as string);
    }
    this.caches.set(key, cache);
    return cache;
  }
}

// Length-prefixed, so that no label text can make two different sets look the same.
function keyOf(labels: Labels): string {
  let key = '';
  for (const [name, value] of labels) key += `${name.length}:${name}${value.length}:${value}`;
  return key;
}
