import type { Datapoint } from '../../domain/datapoints/datapoint.js';
import type { DatapointWrite, FetchRange } from '../../domain/ports/datapoint-store.js';
import type { SeriesId } from '../../domain/series/series.js';

/**
 * The DatapointStore contract written as the simplest possible code (a Map per series, sorted on
 * read): the randomized contract test compares an adapter with it. Deliberately naive, so that it is
 * obviously right; never use it outside tests.
 */
export class DatapointModel {
  private readonly series = new Map<SeriesId, Map<bigint, { point: Datapoint; version: number }>>();

  apply(writes: readonly DatapointWrite[]): void {
    for (const w of writes) {
      let points = this.series.get(w.series);
      if (points === undefined) this.series.set(w.series, (points = new Map()));
      if (w.type === 'put') {
        for (const point of w.points) {
          const old = points.get(point.ts);
          if (old === undefined || old.version <= w.version) points.set(point.ts, { point, version: w.version });
        }
      } else {
        for (const ts of [...points.keys()]) if (ts >= w.start && ts <= w.end) points.delete(ts);
      }
    }
  }

  fetch(series: SeriesId, range: FetchRange): Datapoint[] {
    const all = [...(this.series.get(series)?.values() ?? [])].map((e) => e.point).sort((a, b) => (a.ts < b.ts ? 1 : a.ts > b.ts ? -1 : 0));
    const after = all.filter((p) => p.ts > range.end);
    const inside = all.filter((p) => p.ts >= range.start && p.ts <= range.end);
    const before = all.filter((p) => p.ts < range.start);
    return [
      ...after.slice(Math.max(0, after.length - (range.post ?? 0))),
      ...inside.slice(0, range.count ?? inside.length),
      ...before.slice(0, range.pre ?? 0),
    ];
  }
}

/** Deterministic PRNG (mulberry32): randomized contract tests must replay identically. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
