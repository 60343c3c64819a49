import { Injectable } from '@nestjs/common';
import type { SeriesId } from '../../../domain/series/series.js';

/**
 * Ingress's metadata cache (Warp 10 Ingress: `ingress.metadata.cache.size`): ids of series this ingress has
 * registered or seen registered, so that a SeriesRegistered is appended once per series rather than once per
 * write. Bounded: the oldest entries are forgotten first; forgetting one only costs a duplicate
 * registration, which the directory ignores.
 */
@Injectable()
export class KnownSeriesCache {
  private readonly ids = new Set<SeriesId>();

  constructor(private readonly capacity = 1_000_000) {}

  has(id: SeriesId): boolean {
    return this.ids.has(id);
  }

  add(id: SeriesId): void {
    if (this.ids.has(id)) return;
    if (this.ids.size >= this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    this.ids.add(id);
  }

  forget(id: SeriesId): void {
    this.ids.delete(id);
  }
}
