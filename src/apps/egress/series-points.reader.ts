import { MIN_TS, type Datapoint } from '../../../domain/datapoints/datapoint.js';
import type { DatapointStore } from '../../../domain/ports/datapoint-store.js';
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
 * `random` is the sampling source (a test seam).
 */
export async function* readSeriesPoints(
  store: DatapointStore,
  series: SeriesId,
  plan: PointPlan,
  pageSize: number,
  random: () => number = Math.random,
): AsyncGenerator<Datapoint[]> {
  // A token window outside the requested range leaves nothing to read.
  if (plan.start > plan.end) return;
  const filter = new PointFilter(plan, random);
  const filtered = plan.step > 1 || plan.timestep > 1n || plan.sample !== 1;
  let end = plan.end;
  let first = true;
  let pre: Datapoint[] = [];
  for (;;) {
    const want = filtered ? pageSize : Math.min(pageSize, filter.remaining + filter.toSkip);
    const points = await store.fetch(series, first ? { start: plan.start, end, count: want, pre: plan.pre, post: plan.post } : { start: plan.start, end, count: want });
    const out: Datapoint[] = [];
    let i = 0;
    if (first) while (i < points.length && points[i].ts > plan.end) out.push(points[i++]);
    let inRange = 0;
    let oldest = plan.start;
    for (; i < points.length && points[i].ts >= plan.start; i++) {
      const p = points[i];
      inRange++;
      oldest = p.ts;
      if (filter.remaining > 0 && filter.keep(p)) out.push(p);
    }
    if (first && i < points.length) pre = points.slice(i);
    first = false;
    const more = inRange === want && want > 0 && filter.remaining > 0 && oldest > plan.start;
    if (!more) {
      for (const p of pre) out.push(p);
      if (out.length > 0) yield out;
      return;
    }
    if (out.length > 0) yield out;
    end = oldest - 1n;
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

  keep(p: Datapoint): boolean {
    if (this.toSkip > 0) {
      this.toSkip--;
      return false;
    }
    if (this.nextTs !== undefined && p.ts > this.nextTs) return false;
    let last = false;
    if (this.plan.timestep > 1n) {
      this.nextTs = p.ts - this.plan.timestep;
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
