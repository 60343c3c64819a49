import type { Datapoint } from '../../../../domain/datapoints/datapoint.js';
import type { FetchRange } from '../../../../domain/ports/datapoint-store.js';
import { decodeBlock, decodeBlockHeader, versionAt, type Block } from './block-codec.js';
import { wins } from './block-merge.js';

/**
 * The fetch of one series over its blocks, fed in key order (newest maxTs first) by the engine's scan:
 *
 *   const scan = new FetchScan(range);
 *   for (const [key, value] of blocksOfSeries) { if (!scan.wants(maxTsOf(key))) break; scan.offer(...); }
 *   return scan.result();
 *
 * It keeps the points that may be part of the answer, newest first with unique ts (overlapping blocks
 * are merged: higher version wins, then later apply), and says to stop as soon as no further block
 * (all have maxTs <= the next one's) can add or change a point of the answer: the `count` newest points
 * in range, the `pre` newest before start and the `post` oldest after end are all newer than it.
 * Blocks entirely after `end` are skipped from their header when no `post` point is asked for.
 */
export class FetchScan {
  private readonly points: Datapoint[] = [];
  private readonly versions: number[] = [];
  private readonly seqs: number[] = [];
  private readonly start: bigint;
  private readonly end: bigint;
  private readonly count: number;
  private readonly pre: number;
  private readonly post: number;

  constructor(range: FetchRange) {
    this.start = range.start;
    this.end = range.end;
    this.count = range.count ?? Infinity;
    this.pre = range.pre ?? 0;
    this.post = range.post ?? 0;
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
    const block = decodeBlock(value, maxTs, version);
    this.merge(block, keepAfter, this.pre > 0);
  }

  /** The answer, newest first: post points, then the range (at most count), then pre points. */
  result(): Datapoint[] {
    const afterEnd = this.indexAtOrBelow(this.end);
    const beforeStart = this.indexAtOrBelow(this.start - 1n);
    const inRange = Math.max(0, Math.min(beforeStart - afterEnd, this.count));
    const out = this.points.slice(Math.max(0, afterEnd - this.post), afterEnd);
    for (let i = afterEnd; i < afterEnd + inRange; i++) out.push(this.points[i]);
    if (this.pre > 0) {
      const from = Math.max(beforeStart, afterEnd);
      for (let i = from; i < Math.min(this.points.length, from + this.pre); i++) out.push(this.points[i]);
    }
    return out;
  }

  /** Number of kept points with bound >= ts > below (both as "ts <= x" cut points). */
  private countAbove(below: bigint, bound: bigint): number {
    if (below >= bound) return 0;
    return this.indexAtOrBelow(below) - this.indexAtOrBelow(bound);
  }

  /** Index of the first kept point with ts <= x (points are newest first). */
  private indexAtOrBelow(x: bigint): number {
    const p = this.points;
    let lo = 0;
    let hi = p.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (p[mid].ts > x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private merge(block: Block, keepAfter: boolean, keepBefore: boolean): void {
    const bp = block.points;
    let from = 0;
    let to = bp.length;
    if (!keepAfter) while (from < to && bp[from].ts > this.end) from++;
    if (!keepBefore) while (to > from && bp[to - 1].ts < this.start) to--;
    if (from === to) return;
    const cut = this.indexAtOrBelow(bp[from].ts);
    if (cut === this.points.length) {
      for (let i = from; i < to; i++) this.push(bp[i], versionAt(block, i), block.seq);
      return;
    }
    this.mergeTail(cut, block, from, to);
  }

  /** Overlap (rare): merge the kept points from `cut` on with the block's points [from, to). */
  private mergeTail(cut: number, block: Block, from: number, to: number): void {
    const tailPoints = this.points.splice(cut);
    const tailVersions = this.versions.splice(cut);
    const tailSeqs = this.seqs.splice(cut);
    const bp = block.points;
    let i = 0;
    let j = from;
    while (i < tailPoints.length || j < to) {
      if (j >= to || (i < tailPoints.length && tailPoints[i].ts > bp[j].ts)) {
        this.push(tailPoints[i], tailVersions[i], tailSeqs[i]);
        i++;
      } else if (i >= tailPoints.length || bp[j].ts > tailPoints[i].ts) {
        this.push(bp[j], versionAt(block, j), block.seq);
        j++;
      } else {
        const v = versionAt(block, j);
        if (wins(tailVersions[i], tailSeqs[i], v, block.seq)) this.push(tailPoints[i], tailVersions[i], tailSeqs[i]);
        else this.push(bp[j], v, block.seq);
        i++;
        j++;
      }
    }
  }

  private push(p: Datapoint, version: number, seq: number): void {
    this.points.push(p);
    this.versions.push(version);
    this.seqs.push(seq);
  }
}
