import type { Datapoint } from '../../../../domain/datapoints/datapoint.js';
import { compareTs, PointColumns } from '../../../../domain/datapoints/point-columns.js';
import type { FetchRange } from '../../../../domain/ports/datapoint-store.js';
import { decodeBlockHeader, decodeBlockInto, versionAt } from './block-codec.js';
import { wins } from './block-merge.js';

/** The block being offered, decoded: shared by every scan, as a block is decoded and merged without a pause. */
const scratch = new PointColumns(1024);

/**
 * The fetch of one series over its blocks, fed in key order (newest maxTs first) by the engine's scan:
 *
 *   const scan = new FetchScan(range);
 *   for (const [key, value] of blocksOfSeries) { if (!scan.wants(maxTsOf(key))) break; scan.offer(...); }
 *   return scan.columns();
 *
 * It keeps the points that may be part of the answer, newest first with unique ts (overlapping blocks
 * are merged: higher version wins, then later apply), and says to stop as soon as no further block
 * (all have maxTs <= the next one's) can add or change a point of the answer: the `count` newest points
 * in range, the `pre` newest before start and the `post` oldest after end are all newer than it.
 * Blocks entirely after `end` are skipped from their header when no `post` point is asked for.
 * Points are kept in columns (PointColumns): a read costs no object per point.
 */
export class FetchScan {
  private readonly kept: PointColumns;
  private readonly origin: Origins;
  private readonly start: bigint;
  private readonly end: bigint;
  private readonly count: number;
  private readonly pre: number;
  private readonly post: number;
  /** The oldest timestamp a block's points are decoded down to: start, unless pre points are asked for. */
  private readonly oldest: number;

  /**
   * @param space where the kept points go (emptied first): a new one by default; see ScanSpace for when to
   * share one between scans.
   */
  constructor(range: FetchRange, space: ScanSpace = new ScanSpace()) {
    space.reset();
    this.kept = space.kept;
    this.origin = space.origin;
    this.start = range.start;
    this.end = range.end;
    this.count = range.count ?? Infinity;
    this.pre = range.pre ?? 0;
    this.post = range.post ?? 0;
    // Not lower than start as a number: exact for safe integers, else no stop (a rounded bound could drop a point).
    const startN = Number(range.start);
    this.oldest = this.pre === 0 && Number.isSafeInteger(startN) ? startN : -Infinity;
  }

  /** False when no block whose newest point is `maxTs` (or older) can change the answer: stop scanning. */
  wants(maxTs: bigint): boolean {
    const postDone = this.post === 0 || maxTs <= this.end;
    if (!postDone) return true;
    const rangeDone = maxTs < this.start || this.countAbove(maxTs, this.end) >= this.count;
    if (!rangeDone) return true;
    const preDone = this.pre === 0 || (maxTs < this.start && this.countAbove(maxTs, this.start - 1n) >= this.pre);
    return !preDone;
  }

  /** Takes one block (its key's maxTs and version, and its stored value). */
  offer(maxTs: bigint, version: number, value: Uint8Array): void {
    const keepAfter = this.post > 0;
    if (!keepAfter && decodeBlockHeader(value, maxTs).minTs > this.end) return;
    scratch.clear();
    const { versions, seq } = decodeBlockInto(value, maxTs, version, scratch, this.oldest);
    this.merge(versions, seq, keepAfter, this.pre > 0);
  }

  /**
   * The answer, newest first: post points, then the range (at most count), then pre points. Call it once, at
   * the end: when the answer is every kept point (the usual case) it is the scan's own columns (its space's).
   */
  columns(): PointColumns {
    const kept = this.kept;
    const afterEnd = this.indexAtOrBelow(this.end);
    const beforeStart = this.indexAtOrBelow(this.start - 1n);
    const inRange = Math.max(0, Math.min(beforeStart - afterEnd, this.count));
    const postFrom = Math.max(0, afterEnd - this.post);
    const preFrom = Math.max(beforeStart, afterEnd);
    const preTo = this.pre > 0 ? Math.min(kept.length, preFrom + this.pre) : preFrom;
    const contiguous = postFrom === 0 && (preTo === preFrom || preFrom === afterEnd + inRange);
    if (contiguous && (preTo > preFrom ? preTo : afterEnd + inRange) === kept.length) return kept;
    const out = new PointColumns(afterEnd - postFrom + inRange + preTo - preFrom);
    out.pushRange(kept, postFrom, afterEnd);
    out.pushRange(kept, afterEnd, afterEnd + inRange);
    out.pushRange(kept, preFrom, preTo);
    return out;
  }

  /** The answer as Datapoints (see `columns`). */
  result(): Datapoint[] {
    return this.columns().toDatapoints();
  }

  /** Number of kept points with bound >= ts > below (both as "ts <= x" cut points). */
  private countAbove(below: bigint, bound: bigint): number {
    if (below >= bound) return 0;
    return this.indexAtOrBelow(below) - this.indexAtOrBelow(bound);
  }

  /** Index of the first kept point with ts <= x (points are newest first). */
  private indexAtOrBelow(x: bigint): number {
    const kept = this.kept;
    const xn = Number(x);
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (kept.tsAbove(mid, x, xn)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first kept point not newer than point `i` of the block. */
  private indexAtOrBelowBlock(i: number): number {
    const kept = this.kept;
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareTs(kept, mid, scratch, i) > 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private merge(versions: number | readonly number[], seq: number, keepAfter: boolean, keepBefore: boolean): void {
    const b = scratch;
    let from = 0;
    let to = b.length;
    if (!keepAfter) {
      const endN = Number(this.end);
      while (from < to && b.tsAbove(from, this.end, endN)) from++;
    }
    if (!keepBefore) {
      const below = this.start - 1n;
      const belowN = Number(below);
      while (to > from && !b.tsAbove(to - 1, below, belowN)) to--;
    }
    if (from === to) return;
    const cut = this.indexAtOrBelowBlock(from);
    if (cut === this.kept.length) {
      if (cut === 0) this.reserveLike(b);
      this.kept.pushRange(b, from, to);
      this.origin.pushRun(versions, from, to, seq);
      return;
    }
    this.mergeTail(cut, from, to, versions, seq);
  }

  /**
   * Sizes the kept columns once, from the first block's density over the range left (capped at 16 blocks like
   * it, and at what count asks): a long read then grows rarely, where growing by doubling allocates and copies
   * its columns again and again.
   */
  private reserveLike(block: PointColumns): void {
    const n = block.length;
    const span = block.ts[0] - block.ts[n - 1];
    if (n < 2 || !(span > 0)) return;
    const older = ((block.ts[n - 1] - Number(this.start)) / span) * n;
    const expected = Math.ceil(Math.min(n + Math.max(0, older), 16 * n, n + this.count + this.pre));
    this.kept.reserve(expected);
    this.origin.reserve(expected);
  }

  /** Overlap (rare): merge the kept points from `cut` on with the block's points [from, to). */
  private mergeTail(cut: number, from: number, to: number, versions: number | readonly number[], seq: number): void {
    const tail = new PointColumns(this.kept.length - cut);
    tail.pushRange(this.kept, cut, this.kept.length);
    this.kept.truncate(cut);
    const tailVersions = this.origin.versions.slice(cut, this.origin.length);
    const tailSeqs = this.origin.seqs.slice(cut, this.origin.length);
    this.origin.length = cut;
    const b = scratch;
    const block = { versions };
    let i = 0;
    let j = from;
    while (i < tail.length || j < to) {
      const order = i >= tail.length ? -1 : j >= to ? 1 : compareTs(tail, i, b, j);
      if (order > 0) {
        this.push(tail, i, tailVersions[i], tailSeqs[i]);
        i++;
      } else if (order < 0) {
        this.push(b, j, versionAt(block, j), seq);
        j++;
      } else {
        const v = versionAt(block, j);
        if (wins(tailVersions[i], tailSeqs[i], v, seq)) this.push(tail, i, tailVersions[i], tailSeqs[i]);
        else this.push(b, j, v, seq);
        i++;
        j++;
      }
    }
  }

  private push(src: PointColumns, i: number, version: number, seq: number): void {
    this.kept.pushPoint(src, i);
    this.origin.push(version, seq);
  }
}

/**
 * The working memory of a scan: the points it keeps (~21 bytes a point) and their origins (16 bytes a point),
 * grown to the largest answer. Each scan makes its own by default, and its answer may be these very columns
 * (FetchScan.columns). A caller that reads series one after the other and copies each answer out before the
 * next scan begins (the store's thread packing a reply of many series) may give every scan the same space: the
 * columns are then allocated once per reply instead of once (or more, as they grow) per series.
 */
export class ScanSpace {
  // Small to start (a fetch of a few points allocates little); grown to the first block kept (FetchScan.reserveLike).
  readonly kept = new PointColumns(8);
  readonly origin = new Origins();

  /** Empties the space for the next scan, keeping its arrays. */
  reset(): void {
    this.kept.clear();
    this.origin.length = 0;
  }
}

/** Per kept point, the version (log offset) and the write sequence of the block it came from (for overlaps). */
class Origins {
  length = 0;
  versions = new Float64Array(8);
  seqs = new Float64Array(8);

  /** Points [from, to) of a block whose versions are one number or one per point. */
  pushRun(versions: number | readonly number[], from: number, to: number, seq: number): void {
    const at = this.length;
    this.reserve(to - from);
    if (typeof versions === 'number') this.versions.fill(versions, at, at + to - from);
    else for (let i = from; i < to; i++) this.versions[at + i - from] = versions[i];
    this.seqs.fill(seq, at, at + to - from);
    this.length += to - from;
  }

  push(version: number, seq: number): void {
    this.reserve(1);
    this.versions[this.length] = version;
    this.seqs[this.length++] = seq;
  }

  reserve(more: number): void {
    if (this.length + more <= this.versions.length) return;
    const n = Math.max(this.length + more, this.versions.length * 2);
    const buffer = new ArrayBuffer(16 * n);
    const versions = new Float64Array(buffer, 0, n);
    versions.set(this.versions.subarray(0, this.length));
    const seqs = new Float64Array(buffer, 8 * n, n);
    seqs.set(this.seqs.subarray(0, this.length));
    this.versions = versions;
    this.seqs = seqs;
  }
}
