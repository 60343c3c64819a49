import type { SeriesId } from '../../../../domain/series/series.js';

/** How many blocks of one size level are merged into one (the size levels are powers of this). */
export const MERGE_FANOUT = 16;
/** A block with this many points, or this many bytes, is sealed: never merged again. */
export const SEAL_POINTS = 512;
export const SEAL_BYTES = 64 * 1024;
/** How many series the tracker remembers (the one tracked longest forgotten first). */
export const TRACKED_SERIES = 100_000;

/**
 * A small block this process wrote: its key (as opId, a latin1 string: keyOfId gives the bytes back when
 * the block is merged), point count and encoded size. Kept this small on purpose: a store with many
 * series written a point or two at a time (100,000 series × 10 applies) tracks a million of them.
 */
export interface TrackedBlock {
  readonly id: string;
  readonly count: number;
  readonly bytes: number;
}

/** Blocks to merge: `run` (tracked, oldest first) and whether the new block joins them. */
export interface MergeChoice {
  readonly run: readonly TrackedBlock[];
  readonly includesNew: boolean;
}

/**
 * Small-block compaction, decided in memory. Applies that carry few points per series (a live feed
 * cut into 10,000-line batches gives ~10 points per series) would leave one tiny block per apply,
 * and per-block overhead (key, header, the chunk's first absolute timestamp) would dominate the
 * bytes per point. So the store remembers, per series, the small blocks it wrote (oldest first), and
 * when MERGE_FANOUT of them sit on the same size level (level = floor(log_F(points))) they are merged
 * into one: each point is rewritten about log_F(SEAL_POINTS / points per apply) times, and a series
 * keeps at most ~(F - 1) small blocks per level.
 *
 * The tracker is a hint, never the truth: the planner reads the blocks it names and skips those that
 * are gone, and any blocks of one series merge correctly (fetch merges overlaps anyway). After a
 * restart it starts empty, so small blocks written before are left as they are (a bounded number per
 * series); an offline compaction of those is not built.
 */
export class HeadTracker {
  private readonly series = new Map<SeriesId, TrackedBlock[]>();

  /** @param enabled false turns merging off (choose never picks a run): for measurements. */
  constructor(private readonly enabled = true) {}

  /**
   * The run to merge when a new block of `count` points is added, if any: the newest MERGE_FANOUT
   * consecutive blocks of one level, the new block included (its size in bytes is not known yet; a
   * merged block over SEAL_BYTES is sealed afterwards).
   */
  choose(series: SeriesId, count: number): MergeChoice | undefined {
    if (!this.enabled) return undefined;
    const stack = this.series.get(series);
    const newLevel = count >= SEAL_POINTS ? -1 : level(count);
    const length = (stack?.length ?? 0) + (newLevel >= 0 ? 1 : 0);
    if (stack === undefined || length < MERGE_FANOUT) return undefined;
    // Level of entry i of the stack with the new block on top (no array built: this runs per series per apply).
    const levelAt = (i: number): number => (i < stack.length ? level(stack[i].count) : newLevel);
    for (let top = length; top >= MERGE_FANOUT; top--) {
      const l = levelAt(top - 1);
      let same = true;
      for (let i = top - MERGE_FANOUT; i < top - 1 && same; i++) same = levelAt(i) === l;
      if (!same) continue;
      const includesNew = newLevel >= 0 && top === length;
      return { run: stack.slice(top - MERGE_FANOUT, includesNew ? top - 1 : top), includesNew };
    }
    return undefined;
  }

  /**
   * Records a committed apply for one series: the tracked blocks in `removed` (a merged run) are gone;
   * `replacement` (the merged block) takes the run's place; `pushed` (the new block, when it was not
   * merged) goes on top, replacing an entry of its key unless `newKey` says its key held no block (then
   * no entry can have it: the usual apply skips that search). Sealed blocks are not tracked. Call only
   * after the write committed.
   */
  record(series: SeriesId, removed: readonly TrackedBlock[], replacement: TrackedBlock | undefined, pushed: TrackedBlock | undefined, newKey = false): void {
    if (!this.enabled) return;
    const stack = this.series.get(series);
    if (removed.length === 0 && replacement === undefined) {
      // The usual apply: one new block on top (unless sealed), nothing merged. The stack is changed in
      // place: one map lookup, no reinsertion (this runs per series per apply, on a map of 100,000).
      if (!pushed) return;
      if (stack && !newKey) {
        const at = stack.findIndex((b) => b.id === pushed.id);
        if (at >= 0) stack.splice(at, 1);
      }
      if (!sealed(pushed.count, pushed.bytes)) {
        if (stack) stack.push(pushed);
        else this.add(series, [pushed]);
      } else if (stack?.length === 0) this.series.delete(series);
      return;
    }
    const old = stack ?? [];
    const gone = new Set(removed);
    const at = old.findIndex((b) => gone.has(b));
    const kept = old.filter((b) => !gone.has(b) && b.id !== replacement?.id && b.id !== pushed?.id);
    if (replacement && !sealed(replacement.count, replacement.bytes)) kept.splice(at >= 0 ? at : kept.length, 0, replacement);
    if (pushed && !sealed(pushed.count, pushed.bytes)) kept.push(pushed);
    if (kept.length === 0) this.series.delete(series);
    else if (stack) this.series.set(series, kept);
    else this.add(series, kept);
  }

  /** Starts tracking a series; beyond TRACKED_SERIES the one tracked longest is forgotten (Map order). */
  private add(series: SeriesId, stack: TrackedBlock[]): void {
    this.series.set(series, stack);
    if (this.series.size > TRACKED_SERIES) this.series.delete(this.series.keys().next().value as SeriesId);
  }

  /** Forgets what is known of one series (a delete rewrote its blocks). */
  forget(series: SeriesId): void {
    this.series.delete(series);
  }

  clear(): void {
    this.series.clear();
  }

  /**
   * The series with two or more tracked blocks: what a tidy-up can merge (see tidy-planner.ts), tracked longest
   * first, stopping once they hold `points` points (a bounded step of background work) or more.
   */
  mergeable(points = Infinity): SeriesId[] {
    const out: SeriesId[] = [];
    let total = 0;
    for (const [series, stack] of this.series) {
      if (total >= points) break;
      if (stack.length < 2) continue;
      out.push(series);
      for (const b of stack) total += b.count;
    }
    return out;
  }

  /** Tracked blocks of a series, oldest first. */
  tracked(series: SeriesId): readonly TrackedBlock[] {
    return this.series.get(series) ?? [];
  }
}

function sealed(count: number, bytes: number): boolean {
  return count >= SEAL_POINTS || bytes >= SEAL_BYTES;
}

function level(count: number): number {
  let l = 0;
  for (let n = count; n >= MERGE_FANOUT; n = Math.floor(n / MERGE_FANOUT)) l++;
  return l;
}
