import type { Datapoint } from '../../../../domain/datapoints/datapoint.js';
import { versionAt, type Block } from './block-codec.js';

/** One put of one series, as received by apply (in apply order). */
export interface SeriesPut {
  readonly version: number;
  readonly points: readonly Datapoint[];
}

/**
 * True when a point written with (versionA, seqA) replaces one written with (versionB, seqB) at the same
 * timestamp: the higher version (log offset) wins; at equal version, the later apply (higher seq) wins.
 */
export function wins(versionA: number, seqA: number, versionB: number, seqB: number): boolean {
  return versionA > versionB || (versionA === versionB && seqA >= seqB);
}

/**
 * Builds the block of one series for one apply from its puts, in apply order: per timestamp the point
 * with the highest version wins, and at equal version the later one (later put, later in `points`).
 * Fast path (no sort, no map) when the puts' points, concatenated, are strictly increasing or strictly
 * decreasing in ts: the usual shape of ingested lines.
 */
export function blockFromPuts(puts: readonly SeriesPut[], seq: number): Block | undefined {
  if (puts.length === 1 && puts[0].points.length > 0) {
    // One put (the usual case: a batch's records of one series are merged into one put): its points
    // are used as they are when newest first, reversed when oldest first; no version column.
    const { points, version } = puts[0];
    const order = monotonicOrder(points);
    if (order < 0) return { points, versions: version, seq };
    if (order > 0) return { points: points.slice().reverse(), versions: version, seq };
  }
  let total = 0;
  for (const put of puts) total += put.points.length;
  if (total === 0) return undefined;
  const points = new Array<Datapoint>(total);
  const versions = new Array<number>(total);
  let k = 0;
  for (const put of puts) {
    for (const p of put.points) {
      points[k] = p;
      versions[k++] = put.version;
    }
  }
  const order = monotonicOrder(points);
  if (order < 0) return compactVersions({ points, versions, seq });
  if (order > 0) return compactVersions({ points: points.reverse(), versions: versions.reverse(), seq });
  return compactVersions(sortAndResolve(points, versions, seq));
}

/** 1 strictly increasing, -1 strictly decreasing (or a single point), 0 otherwise. */
function monotonicOrder(points: readonly Datapoint[]): number {
  if (points.length < 2) return -1;
  const up = points[1].ts > points[0].ts;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1].ts;
    const b = points[i].ts;
    if (up ? b <= a : b >= a) return 0;
  }
  return up ? 1 : -1;
}

function sortAndResolve(points: Datapoint[], versions: number[], seq: number): Block {
  const idx = Array.from(points.keys());
  // Newest first; among equal ts the winner first: higher version, then later position.
  idx.sort((a, b) => {
    const ta = points[a].ts;
    const tb = points[b].ts;
    if (ta !== tb) return ta > tb ? -1 : 1;
    if (versions[a] !== versions[b]) return versions[b] - versions[a];
    return b - a;
  });
  const outPoints: Datapoint[] = [];
  const outVersions: number[] = [];
  let last: bigint | undefined;
  for (const i of idx) {
    if (points[i].ts === last) continue;
    last = points[i].ts;
    outPoints.push(points[i]);
    outVersions.push(versions[i]);
  }
  return { points: outPoints, versions: outVersions, seq };
}

/** Collapses a per-point version column to one number when every point shares it. */
export function compactVersions(block: Block): Block {
  const v = block.versions;
  if (typeof v === 'number' || v.length === 0) return block;
  const first = v[0];
  for (let i = 1; i < v.length; i++) if (v[i] !== first) return block;
  return { points: block.points, versions: first, seq: block.seq };
}

/**
 * Merges two blocks of one series into one (both newest first, unique ts). At equal ts the point that
 * `wins` stays. The result carries the higher seq, so it is only exact when the two blocks are the
 * only writers of their timestamps among equal versions (true for a re-applied put and for a delete's
 * rewrite landing on an existing key, the two places this is used).
 */
export function mergeBlocks(a: Block, b: Block): Block {
  const points: Datapoint[] = [];
  const versions: number[] = [];
  const pa = a.points;
  const pb = b.points;
  let i = 0;
  let j = 0;
  while (i < pa.length || j < pb.length) {
    if (j >= pb.length || (i < pa.length && pa[i].ts > pb[j].ts)) {
      points.push(pa[i]);
      versions.push(versionAt(a, i++));
    } else if (i >= pa.length || pb[j].ts > pa[i].ts) {
      points.push(pb[j]);
      versions.push(versionAt(b, j++));
    } else {
      const va = versionAt(a, i);
      const vb = versionAt(b, j);
      const aWins = wins(va, a.seq, vb, b.seq);
      points.push(aWins ? pa[i] : pb[j]);
      versions.push(aWins ? va : vb);
      i++;
      j++;
    }
  }
  return compactVersions({ points, versions, seq: Math.max(a.seq, b.seq) });
}

/**
 * Merges any number of blocks of one series into one. When their time spans do not overlap (the usual
 * case: a series' recent blocks, merged by the head tracker) the points are concatenated newest block
 * first, without comparisons; otherwise the blocks are merged pairwise (mergeBlocks).
 */
export function mergeMany(blocks: readonly Block[]): Block {
  const sorted = [...blocks].sort((a, b) => (a.points[0].ts > b.points[0].ts ? -1 : a.points[0].ts < b.points[0].ts ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    const older = sorted[i - 1].points;
    if (older[older.length - 1].ts <= sorted[i].points[0].ts) return sorted.reduce((acc, b) => mergeBlocks(acc, b));
  }
  const points: Datapoint[] = [];
  const versions: number[] = [];
  let seq = 0;
  for (const b of sorted) {
    for (let i = 0; i < b.points.length; i++) {
      points.push(b.points[i]);
      versions.push(versionAt(b, i));
    }
    if (b.seq > seq) seq = b.seq;
  }
  return compactVersions({ points, versions, seq });
}

/**
 * The block without its points in [start, end] (inclusive): `undefined` when no point was in range
 * (nothing to rewrite), a block with no points when all were.
 */
export function removeRange(block: Block, start: bigint, end: bigint): Block | undefined {
  const { points } = block;
  let removed = 0;
  for (const p of points) if (p.ts >= start && p.ts <= end) removed++;
  if (removed === 0) return undefined;
  const kept: Datapoint[] = [];
  const versions: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const ts = points[i].ts;
    if (ts >= start && ts <= end) continue;
    kept.push(points[i]);
    versions.push(versionAt(block, i));
  }
  return compactVersions({ points: kept, versions, seq: block.seq });
}
