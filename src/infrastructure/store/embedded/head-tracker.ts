import type { SeriesId } from '../../../../domain/series/series.js';
import { opId } from './kv-overlay.js';
import { BLOCK_KEY_LENGTH, BLOCK_PREFIX, seriesKeyBytes } from './store-keys.js';

/** How many blocks of similar sizes are merged into one (similar: the largest under this times the smallest). */
export const MERGE_FANOUT = 16;
/** A block with this many points, or this many bytes, is sealed: never merged again. */
export const SEAL_POINTS = 512;
export const SEAL_BYTES = 64 * 1024;
/**
 * A shorter run is merged too when its blocks hold at least SHORT_RUN_POINTS together: reads pay per block, so a
 * series written in applies of 10–20 points (W1) ends a load with ~8 blocks instead of 11–13, while blocks of a
 * point or two (a high-cardinality load, W2) still wait for MERGE_FANOUT, where a merge's fixed cost is worth it.
 */
export const SHORT_RUN = MERGE_FANOUT / 2;
export const SHORT_RUN_POINTS = 64;
/** Most blocks one merge takes: MERGE_FANOUT, and the similar blocks left below a deferred merge. */
export const MAX_RUN = 2 * MERGE_FANOUT;
/** How many series the tracker remembers (the one tracked longest forgotten first). */
export const TRACKED_SERIES = 100_000;

/**
 * A small block this process wrote: its key (as opId, a latin1 string of a block key of the series: keyOfId
 * gives the bytes back when the block is merged), point count and encoded size. What the tracker takes and
 * gives; it keeps each one as four numbers (see HeadTracker).
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
 * A series' tracked blocks as `head` found them at plan time, handed back to `choose` and `record` of the same
 * apply so that they need not look the series up again (a lookup in a map of 100,000 series costs ~1 µs here,
 * more than the rest of `record`). Opaque to callers.
 */
export type TrackedHead = readonly number[];

/** Numbers per tracked block: ~maxTs high word, ~maxTs low word, version, count × SEAL_BYTES + bytes. */
const FIELDS = 4;
/** What a stack forgotten by the tracker holds, so that a head still pointing at it is known to be stale. */
const FORGOTTEN = -1;
/** The head of a series with no tracked block. */
const UNTRACKED: TrackedHead = Object.freeze([]);
/** Where the ~maxTs and the version start in a block key (after the prefix and the 16 bytes of the series). */
const TS_AT = BLOCK_KEY_LENGTH - 16;
const VERSION_AT = BLOCK_KEY_LENGTH - 8;
const WORD = 2 ** 32;

/**
 * Small-block compaction, decided in memory. Applies that carry few points per series (a live feed
 * cut into 10,000-line batches gives ~10 points per series) would leave one tiny block per apply,
 * and per-block overhead (key, header, the chunk's first absolute timestamp) would dominate the
 * bytes per point. So the store remembers, per series, the small blocks it wrote (oldest first), and
 * when MERGE_FANOUT consecutive ones are of similar sizes (the largest under F times the smallest), or
 * SHORT_RUN of them hold SHORT_RUN_POINTS, they are merged into one: each point is rewritten about
 * log_F(SEAL_POINTS / points per apply) times, and a series keeps a few small blocks per size class.
 *
 * The tracker is a hint, never the truth: the planner reads the blocks it names and skips those that
 * are gone, and any blocks of one series merge correctly (fetch merges overlaps anyway). After a
 * restart it starts empty, so small blocks written before are left as they are (a bounded number per
 * series); an offline compaction of those is not built.
 *
 * Each series' blocks are kept as FIELDS numbers each (the key's words after the series, the count and
 * the size packed into one number: tracked blocks are never sealed, so count < SEAL_POINTS and
 * bytes < SEAL_BYTES), not as objects: a store with many series written a point or two at a time
 * (100,000 series × 10 applies) tracks a million blocks, ~128 MB as objects with their key strings,
 * ~40 MB this way. TrackedBlock objects are built only for what `choose` and `tracked` return.
 */
export class HeadTracker {
  private readonly series = new Map<SeriesId, number[]>();

  /** @param enabled false turns merging off (choose never picks a run): for measurements. */
  constructor(private readonly enabled = true) {}

  /**
   * The series' head, to pass to `choose` and `record` of the same apply (valid until that record: in between,
   * only other series may be recorded).
   */
  head(series: SeriesId): TrackedHead {
    return this.series.get(series) ?? UNTRACKED;
  }

  /**
   * The run to merge when a new block of `count` points is added, if any: the newest MERGE_FANOUT or more
   * (up to MAX_RUN) consecutive blocks of similar sizes, or SHORT_RUN or more holding SHORT_RUN_POINTS, the new
   * block included (its size in bytes is not known yet; a merged block over SEAL_BYTES is sealed afterwards).
   * `head`: what `head(series)` gave, if called.
   */
  choose(series: SeriesId, count: number, head?: TrackedHead): MergeChoice | undefined {
    if (!this.enabled) return undefined;
    const stack = this.current(series, head);
    const tracked = stack === undefined ? 0 : stack.length / FIELDS;
    const newTracked = count < SEAL_POINTS;
    const length = tracked + (newTracked ? 1 : 0);
    if (stack === undefined || length < SHORT_RUN) return undefined;
    // Points of entry i of the stack with the new block on top (no array built: this runs per series per apply).
    const countOf = (i: number): number => (i < tracked ? countAt(stack, i) : count);
    for (let top = length; top >= SHORT_RUN; top--) {
      // The run: consecutive blocks down from `top`, of similar sizes (largest / smallest < MERGE_FANOUT), not of
      // one fixed size level: blocks of 10 and 20 points (applies whose size moves around a level's boundary)
      // are alike, and no run of one level would ever gather them.
      // Past MERGE_FANOUT the run goes on below (up to MAX_RUN): blocks left there by a deferred merge (the
      // planner's merge budget) would otherwise stay behind for good.
      let min = countOf(top - 1);
      let max = min;
      let points = min;
      let from = top - 1;
      while (from > 0 && top - from < MAX_RUN) {
        const c = countOf(from - 1);
        const lo = c < min ? c : min;
        const hi = c > max ? c : max;
        if (hi >= lo * MERGE_FANOUT) break;
        min = lo;
        max = hi;
        points += c;
        from--;
      }
      const runLength = top - from;
      if (runLength < MERGE_FANOUT && (runLength < SHORT_RUN || points < SHORT_RUN_POINTS)) continue;
      const includesNew = newTracked && top === length;
      return { run: blocksOf(series, stack, from, includesNew ? top - 1 : top), includesNew };
    }
    return undefined;
  }

  /**
   * Records a committed apply for one series: the tracked blocks in `removed` (a merged run) are gone;
   * `replacement` (the merged block) takes the run's place; `pushed` (the new block, when it was not
   * merged) goes on top, replacing an entry of its key unless `newKey` says its key held no block (then
   * no entry can have it: the usual apply skips that search). Sealed blocks are not tracked. Call only
   * after the write committed. `head`: what `head(series)` gave when this apply was planned, if called.
   */
  record(series: SeriesId, removed: readonly TrackedBlock[], replacement: TrackedBlock | undefined, pushed: TrackedBlock | undefined, newKey = false, head?: TrackedHead): void {
    if (!this.enabled) return;
    const stack = this.current(series, head);
    if (removed.length === 0 && replacement === undefined) {
      // The usual apply: one new block on top (unless sealed), nothing merged. The stack is changed in
      // place: one map lookup, no reinsertion (this runs per series per apply, on a map of 100,000).
      if (!pushed) return;
      if (stack && !newKey) drop(stack, pushed.id);
      if (!sealed(pushed)) {
        if (stack) push(stack, pushed);
        else this.add(series, push([], pushed));
      } else if (stack?.length === 0) this.forget(series);
      return;
    }
    const old = stack ?? [];
    const kept: number[] = [];
    let at = -1;
    for (let i = 0; i < old.length; i += FIELDS) {
      if (removed.some((b) => sameKey(old, i, b.id))) {
        if (at < 0) at = i;
        continue;
      }
      if ((replacement && sameKey(old, i, replacement.id)) || (pushed && sameKey(old, i, pushed.id))) continue;
      for (let f = 0; f < FIELDS; f++) kept.push(old[i + f]);
    }
    // The merged block goes where the run began in the stack (or at the end of what is kept, if shorter).
    if (replacement && !sealed(replacement)) kept.splice(at >= 0 ? at : kept.length, 0, ...push([], replacement));
    if (pushed && !sealed(pushed)) push(kept, pushed);
    if (stack) markForgotten(stack);
    if (kept.length === 0) this.series.delete(series);
    else if (stack) this.series.set(series, kept);
    else this.add(series, kept);
  }

  /** The series' stack, from `head` if given and not forgotten since, else looked up. */
  private current(series: SeriesId, head: TrackedHead | undefined): number[] | undefined {
    if (head === undefined || head[0] === FORGOTTEN) return this.series.get(series);
    return head === UNTRACKED ? undefined : (head as number[]);
  }

  /** Starts tracking a series; beyond TRACKED_SERIES the one tracked longest is forgotten (Map order). */
  private add(series: SeriesId, stack: number[]): void {
    this.series.set(series, stack);
    if (this.series.size > TRACKED_SERIES) this.forget(this.series.keys().next().value as SeriesId);
  }

  /** Forgets what is known of one series (a delete rewrote its blocks). */
  forget(series: SeriesId): void {
    const stack = this.series.get(series);
    if (stack === undefined) return;
    this.series.delete(series);
    markForgotten(stack);
  }

  clear(): void {
    for (const stack of this.series.values()) markForgotten(stack);
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
      if (stack.length < 2 * FIELDS) continue;
      out.push(series);
      for (let i = 0; i < stack.length / FIELDS; i++) total += countAt(stack, i);
    }
    return out;
  }

  /** Tracked blocks of a series, oldest first. */
  tracked(series: SeriesId): readonly TrackedBlock[] {
    const stack = this.series.get(series);
    return stack === undefined ? [] : blocksOf(series, stack, 0, stack.length / FIELDS);
  }
}

/** Empties a stack no longer in the map and marks it (an ~maxTs word is never negative), for `current`. */
function markForgotten(stack: number[]): void {
  stack.length = 0;
  stack.push(FORGOTTEN);
}

function sealed(block: TrackedBlock): boolean {
  return block.count >= SEAL_POINTS || block.bytes >= SEAL_BYTES;
}

function countAt(stack: readonly number[], block: number): number {
  return Math.floor(stack[block * FIELDS + 3] / SEAL_BYTES);
}

/** Appends an unsealed block's numbers to `stack`; returns `stack`. */
function push(stack: number[], block: TrackedBlock): number[] {
  const { id } = block;
  stack.push(wordAt(id, TS_AT), wordAt(id, TS_AT + 4), wordAt(id, VERSION_AT) * WORD + wordAt(id, VERSION_AT + 4), block.count * SEAL_BYTES + block.bytes);
  return stack;
}

/** Whether the block at `i` (index of its first number) has the key `id` (of the same series). */
function sameKey(stack: readonly number[], i: number, id: string): boolean {
  return stack[i] === wordAt(id, TS_AT) && stack[i + 1] === wordAt(id, TS_AT + 4) && stack[i + 2] === wordAt(id, VERSION_AT) * WORD + wordAt(id, VERSION_AT + 4);
}

/** Removes the entry of key `id`, if any (at most one: keys are unique in a stack). */
function drop(stack: number[], id: string): void {
  for (let i = 0; i < stack.length; i += FIELDS) {
    if (sameKey(stack, i, id)) {
      stack.splice(i, FIELDS);
      return;
    }
  }
}

/** Blocks [from, to) of a stack as TrackedBlocks, their ids rebuilt from the series and the key words. */
function blocksOf(series: SeriesId, stack: readonly number[], from: number, to: number): TrackedBlock[] {
  const key = Buffer.allocUnsafe(BLOCK_KEY_LENGTH);
  key[0] = BLOCK_PREFIX;
  key.set(seriesKeyBytes(series), 1);
  const out: TrackedBlock[] = [];
  for (let b = from; b < to; b++) {
    const i = b * FIELDS;
    const version = stack[i + 2];
    key.writeUInt32BE(stack[i], TS_AT);
    key.writeUInt32BE(stack[i + 1], TS_AT + 4);
    key.writeUInt32BE(Math.floor(version / WORD), VERSION_AT);
    key.writeUInt32BE(version % WORD, VERSION_AT + 4);
    const packed = stack[i + 3];
    out.push({ id: opId(key), count: Math.floor(packed / SEAL_BYTES), bytes: packed % SEAL_BYTES });
  }
  return out;
}

/** The big-endian 32-bit word at `at` of a latin1 key string (one char per byte). */
function wordAt(id: string, at: number): number {
  return id.charCodeAt(at) * 0x1000000 + ((id.charCodeAt(at + 1) << 16) | (id.charCodeAt(at + 2) << 8) | id.charCodeAt(at + 3));
}
