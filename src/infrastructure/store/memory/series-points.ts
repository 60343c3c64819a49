import type { Datapoint } from '../../../../domain/datapoints/datapoint.js';
import type { FetchRange } from '../../../../domain/ports/datapoint-store.js';

/**
 * The points of one series, kept sorted by timestamp (ascending) in parallel arrays, with the version
 * (log offset) that wrote each one. Appending in timestamp order, the usual case, is O(1); an
 * out-of-order point costs a binary search and a splice.
 */
export class SeriesPoints {
  private readonly stamps: bigint[] = [];
  private readonly points: Datapoint[] = [];
  private readonly versions: number[] = [];

  get size(): number {
    return this.stamps.length;
  }

  /**
   * Stores `point` unless the stored point of the same timestamp has a higher version: an equal version
   * overwrites, so that the later of two writes with the same version wins.
   */
  put(point: Datapoint, version: number): void {
    const stamps = this.stamps;
    const n = stamps.length;
    const ts = point.ts;
    if (n === 0 || stamps[n - 1] < ts) {
      stamps.push(ts);
      this.points.push(point);
      this.versions.push(version);
      return;
    }
    const i = this.lowerBound(ts);
    if (i < n && stamps[i] === ts) {
      if (this.versions[i] > version) return;
      this.points[i] = point;
      this.versions[i] = version;
      return;
    }
    stamps.splice(i, 0, ts);
    this.points.splice(i, 0, point);
    this.versions.splice(i, 0, version);
  }

  /** Removes the points with start <= ts <= end. */
  delete(start: bigint, end: bigint): void {
    if (start > end) return;
    const from = this.lowerBound(start);
    const to = this.upperBound(end);
    if (to <= from) return;
    this.stamps.splice(from, to - from);
    this.points.splice(from, to - from);
    this.versions.splice(from, to - from);
  }

  /**
   * The points of `range` (see FetchRange), newest first: up to `post` points after end, then the
   * newest `count` points of [start, end], then up to `pre` points before start.
   */
  fetch(range: FetchRange): Datapoint[] {
    const lo = this.lowerBound(range.start); // first index with ts >= start
    const hi = this.upperBound(range.end); // first index with ts > end
    const out: Datapoint[] = [];
    const postEnd = Math.min(this.stamps.length, hi + (range.post ?? 0));
    for (let i = postEnd - 1; i >= hi; i--) out.push(this.points[i]);
    const inRange = Math.max(0, hi - lo);
    const taken = range.count === undefined ? inRange : Math.min(range.count, inRange);
    for (let i = hi - 1; i >= hi - taken; i--) out.push(this.points[i]);
    const preStart = Math.max(0, lo - (range.pre ?? 0));
    for (let i = lo - 1; i >= preStart; i--) out.push(this.points[i]);
    return out;
  }

  /** First index whose timestamp is >= ts. */
  private lowerBound(ts: bigint): number {
    let lo = 0;
    let hi = this.stamps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.stamps[mid] < ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose timestamp is > ts. */
  private upperBound(ts: bigint): number {
    let lo = 0;
    let hi = this.stamps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.stamps[mid] <= ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
