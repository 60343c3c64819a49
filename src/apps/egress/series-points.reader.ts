import { MIN_TS } from '../../../domain/datapoints/datapoint.js';
import { PointColumns } from '../../../domain/datapoints/point-columns.js';
import type { DatapointStore, FetchRange } from '../../../domain/ports/datapoint-store.js';
import type { SeriesId } from '../../../domain/series/series.js';

/** What to read of each series, after parameters and token limits (reference §7.1). */
export interface PointPlan {
  /** Inclusive bounds, platform units. */
  readonly start: bigint;
  readonly end: bigint;
  /** Most points kept in [start, end] (newest first); undefined = all. */
  readonly count?: number;
  /** `skip`: newest points of the range dropped first. */
  readonly skip: number;
  /** `step`: keep one point, then drop step − 1 (1 = keep all). */
  readonly step: number;
  /** `timestep`: a kept point is at least this many units older than the previous kept one (1 = no constraint). */
  readonly timestep: bigint;
  /** `sample`: probability of keeping a point (1 = keep all). */
  readonly sample: number;
  /** `boundary.pre` / `boundary.post`: extra points before start / after end, not subject to the filters above. */
  readonly pre: number;
  readonly post: number;
}

/**
 * Reads one series for /fetch, newest first, in chunks of at most `pageSize` store points, so that a series of
 * millions of points is streamed with bounded memory. Applies, in Warp 10's order (MultiScanGTSDecoderIterator:
 * skip, then timestep, then step, then sample, then count), the filters to the points of [start, end]; the
 * boundary points are added untouched, the post boundary first and the pre boundary last. Chunks are never empty.
 * Points come and go as PointColumns (no object per point; see DatapointStore.fetchColumns).
 * `random` is the sampling source (a test seam).
 */
export async function* readSeriesPoints(
  store: DatapointStore,
  series: SeriesId,
  plan: PointPlan,
  pageSize: number,
  random: () => number = Math.random,
): AsyncGenerator<PointColumns> {
  // A token window outside the requested range leaves nothing to read.
  if (plan.start > plan.end) return;
  const filter = new PointFilter(plan, random);
  const filtered = plan.step > 1 || plan.timestep > 1n || plan.sample !== 1;
  const endN = Number(plan.end);
  const startN = Number(plan.start);
  const below = plan.start - 1n;
  const belowN = Number(below);
  let end = plan.end;
  let first = true;
  let pre: { page: PointColumns; from: number } | undefined;
  for (;;) {
    const want = filtered ? pageSize : Math.min(pageSize, filter.remaining + filter.toSkip);
    const page = await fetchColumns(store, series, first ? { start: plan.start, end, count: want, pre: plan.pre, post: plan.post } : { start: plan.start, end, count: want });
    const n = page.length;
    const out = new ChunkRuns();
    let i = 0;
    if (first) {
      while (i < n && page.tsAbove(i, plan.end, endN)) i++;
      out.add(page, 0, i);
    }
    let inRange = 0;
    let oldest = -1;
    if (filtered) {
      for (; i < n && page.tsAbove(i, below, belowN); i++) {
        inRange++;
        oldest = i;
        if (filter.remaining > 0 && filter.keep(page, i)) out.add(page, i, i + 1);
      }
    } else {
      // Unfiltered, the kept points (after skip, up to count) are one run of the points in range.
      const stop = firstAtOrBelow(page, i, below, belowN);
      inRange = stop - i;
      oldest = stop - 1;
      const from = i + filter.skipRun(inRange);
      out.add(page, from, from + filter.keepRun(stop - from));
      i = stop;
    }
    if (first && i < n) pre = { page, from: i };
    first = false;
    const more = inRange === want && want > 0 && filter.remaining > 0 && oldest >= 0 && page.tsAbove(oldest, plan.start, startN);
    if (!more) {
      if (pre) out.add(pre.page, pre.from, pre.page.length);
      if (out.length > 0) yield out.columns();
      return;
    }
    if (out.length > 0) yield out.columns();
    end = page.tsAt(oldest) - 1n;
  }
}

/** The first index from `from` on whose point is not newer than `x` (points are newest first). */
function firstAtOrBelow(points: PointColumns, from: number, x: bigint, xn: number): number {
  let lo = from;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points.tsAbove(mid, x, xn)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The store's columns, or its Datapoints in columns when it does not offer them. */
async function fetchColumns(store: DatapointStore, series: SeriesId, range: FetchRange): Promise<PointColumns> {
  return store.fetchColumns ? store.fetchColumns(series, range) : PointColumns.of(await store.fetch(series, range));
}

/**
 * The points of a chunk as runs of store pages, copied into new columns only when they are not exactly one
 * whole page (the usual case: a page of the range, unfiltered, is yielded as it is).
 */
class ChunkRuns {
  length = 0;
  private readonly pages: PointColumns[] = [];
  private readonly froms: number[] = [];
  private readonly tos: number[] = [];

  /** Appends points [from, to) of `page` (joined to the last run when they follow it). */
  add(page: PointColumns, from: number, to: number): void {
    if (to <= from) return;
    const last = this.pages.length - 1;
    if (last >= 0 && this.pages[last] === page && this.tos[last] === from) {
      this.tos[last] = to;
    } else {
      this.pages.push(page);
      this.froms.push(from);
      this.tos.push(to);
    }
    this.length += to - from;
  }

  columns(): PointColumns {
    if (this.pages.length === 1 && this.froms[0] === 0 && this.tos[0] === this.pages[0].length) return this.pages[0];
    const out = new PointColumns(this.length);
    for (let r = 0; r < this.pages.length; r++) out.pushRange(this.pages[r], this.froms[r], this.tos[r]);
    return out;
  }
}

/** The per-series state of skip / timestep / step / sample / count. */
class PointFilter {
  remaining: number;
  toSkip: number;
  private nextTs: bigint | undefined;
  private steps = 0;

  constructor(
    private readonly plan: PointPlan,
    private readonly random: () => number,
  ) {
    this.remaining = plan.count ?? Number.POSITIVE_INFINITY;
    this.toSkip = plan.skip;
  }

  /** Without step, timestep or sample: consumes the skip over the next `n` points; returns how many it skipped. */
  skipRun(n: number): number {
    const skipped = this.remaining > 0 ? Math.min(this.toSkip, n) : 0;
    this.toSkip -= skipped;
    return skipped;
  }

  /** Without step, timestep or sample: keeps what count allows of the next `n` points; returns how many. */
  keepRun(n: number): number {
    const kept = Math.min(this.remaining, n);
    this.remaining -= kept;
    return kept;
  }

  /** Whether point `i` of `points` is kept. */
  keep(points: PointColumns, i: number): boolean {
    if (this.toSkip > 0) {
      this.toSkip--;
      return false;
    }
    let last = false;
    if (this.plan.timestep > 1n) {
      const ts = points.tsAt(i);
      if (this.nextTs !== undefined && ts > this.nextTs) return false;
      this.nextTs = ts - this.plan.timestep;
      // Warp 10 stops after this point when ts − timestep overflows a long.
      if (this.nextTs < MIN_TS) last = true;
    }
    let kept = false;
    if (this.steps > 0) {
      this.steps--;
    } else {
      if (this.plan.step > 1) this.steps = this.plan.step - 1;
      kept = this.plan.sample === 1 || this.random() <= this.plan.sample;
    }
    if (kept) this.remaining--;
    if (last) this.remaining = 0;
    return kept;
  }
}
