import { compareTs, PointColumns } from '../../../../domain/datapoints/point-columns.js';
import { decodeBlock, decodeBlockInto, versionAt, type Block } from './block-codec.js';

/** One put of one series, as received by apply (in apply order). */
export interface SeriesPut {
  readonly version: number;
  /** The put's points, in put order. Owned by the put: blockFromPuts may reorder them in place and keep them. */
  readonly columns: PointColumns;
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
 * with the highest version wins, and at equal version the later one (later put, later in the put).
 * Fast path (no sort, no copy) when the puts' points, concatenated, are strictly increasing or strictly
 * decreasing in ts: the usual shape of ingested lines.
 */
export function blockFromPuts(puts: readonly SeriesPut[], seq: number): Block | undefined {
  if (puts.length === 1 && puts[0].columns.length > 0) {
    // One put (the usual case: a batch's records of one series are merged into one put): its columns become
    // the block, as they are when newest first, reversed in place when oldest first; no version column.
    const { columns, version } = puts[0];
    const order = monotonicOrder(columns);
    if (order < 0) return { columns, versions: version, seq };
    if (order > 0) {
      columns.reverse();
      return { columns, versions: version, seq };
    }
  }
  let total = 0;
  for (const put of puts) total += put.columns.length;
  if (total === 0) return undefined;
  const columns = new PointColumns(total);
  const versions = new Array<number>(total);
  for (const put of puts) {
    versions.fill(put.version, columns.length, columns.length + put.columns.length);
    columns.pushRange(put.columns, 0, put.columns.length);
  }
  const order = monotonicOrder(columns);
  if (order < 0) return compactVersions({ columns, versions, seq });
  if (order > 0) {
    columns.reverse();
    return compactVersions({ columns, versions: versions.reverse(), seq });
  }
  return compactVersions(sortAndResolve(columns, versions, seq));
}

/** 1 strictly increasing, -1 strictly decreasing (or a single point), 0 otherwise. */
function monotonicOrder(c: PointColumns): number {
  if (c.length < 2) return -1;
  const up = compareTs(c, 1, c, 0) > 0;
  for (let i = 1; i < c.length; i++) {
    const order = compareTs(c, i, c, i - 1);
    if (up ? order <= 0 : order >= 0) return 0;
  }
  return up ? 1 : -1;
}

function sortAndResolve(c: PointColumns, versions: number[], seq: number): Block {
  const idx = Array.from(versions.keys());
  // Newest first; among equal ts the winner first: higher version, then later position.
  idx.sort((a, b) => compareTs(c, b, c, a) || versions[b] - versions[a] || b - a);
  const columns = new PointColumns(idx.length);
  const outVersions: number[] = [];
  for (const i of idx) {
    if (columns.length > 0 && compareTs(columns, columns.length - 1, c, i) === 0) continue;
    columns.pushPoint(c, i);
    outVersions.push(versions[i]);
  }
  return { columns, versions: outVersions, seq };
}

/** Collapses a per-point version column to one number when every point shares it. */
export function compactVersions(block: Block): Block {
  const v = block.versions;
  if (typeof v === 'number' || v.length === 0) return block;
  const first = v[0];
  for (let i = 1; i < v.length; i++) if (v[i] !== first) return block;
  return { columns: block.columns, versions: first, seq: block.seq };
}

/**
 * Merges two blocks of one series into one (both newest first, unique ts). At equal ts the point that
 * `wins` stays. The result carries the higher seq, so it is only exact when the two blocks are the
 * only writers of their timestamps among equal versions (true for a re-applied put and for a delete's
 * rewrite landing on an existing key, the two places this is used).
 */
export function mergeBlocks(a: Block, b: Block): Block {
  const ca = a.columns;
  const cb = b.columns;
  const columns = new PointColumns(ca.length + cb.length);
  const versions: number[] = [];
  let i = 0;
  let j = 0;
  while (i < ca.length || j < cb.length) {
    const order = j >= cb.length ? 1 : i >= ca.length ? -1 : compareTs(ca, i, cb, j);
    if (order > 0) {
      columns.pushPoint(ca, i);
      versions.push(versionAt(a, i++));
    } else if (order < 0) {
      columns.pushPoint(cb, j);
      versions.push(versionAt(b, j++));
    } else {
      const va = versionAt(a, i);
      const vb = versionAt(b, j);
      const aWins = wins(va, a.seq, vb, b.seq);
      if (aWins) columns.pushPoint(ca, i);
      else columns.pushPoint(cb, j);
      versions.push(aWins ? va : vb);
      i++;
      j++;
    }
  }
  return compactVersions({ columns, versions, seq: Math.max(a.seq, b.seq) });
}

/**
 * Merges any number of blocks of one series into one. When their time spans do not overlap (the usual
 * case: a series' recent blocks, merged by the head tracker) the columns are concatenated newest block
 * first, without comparisons; otherwise the blocks are merged pairwise (mergeBlocks).
 */
export function mergeMany(blocks: readonly Block[]): Block {
  const sorted = [...blocks].sort((a, b) => compareTs(b.columns, 0, a.columns, 0));
  for (let i = 1; i < sorted.length; i++) {
    const older = sorted[i - 1].columns;
    if (compareTs(older, older.length - 1, sorted[i].columns, 0) <= 0) return sorted.reduce((acc, b) => mergeBlocks(acc, b));
  }
  let total = 0;
  for (const b of sorted) total += b.columns.length;
  const columns = new PointColumns(total);
  const versions = new Array<number>(total);
  let seq = 0;
  for (const b of sorted) {
    const at = columns.length;
    const n = b.columns.length;
    if (typeof b.versions === 'number') versions.fill(b.versions, at, at + n);
    else for (let i = 0; i < n; i++) versions[at + i] = b.versions[i];
    columns.pushRange(b.columns, 0, n);
    if (b.seq > seq) seq = b.seq;
  }
  return compactVersions({ columns, versions, seq });
}

/** A stored block, not decoded: its value and what its key says (blockKeyMaxTs, blockKeyVersion). */
export interface StoredBlock {
  readonly value: Uint8Array;
  readonly maxTs: bigint;
  readonly version: number;
}

/** The columns mergeStored decodes into, reused by every call. */
const run = new PointColumns(1024);

/**
 * mergeMany of stored blocks and, if given, `extra` (an apply's new block). When none overlaps another (the
 * usual case: a series' recent blocks, merged by the head tracker) the stored blocks are decoded, newest
 * first, straight into the merged columns: no columns per block, no copy. Those columns are shared by every
 * call: the result is only valid until the next one (encode it first).
 */
export function mergeStored(stored: readonly StoredBlock[], extra?: Block): Block {
  const parts: (StoredBlock | Block)[] = [...stored].sort((a, b) => (a.maxTs > b.maxTs ? -1 : a.maxTs < b.maxTs ? 1 : 0));
  if (extra !== undefined) {
    const newest = extra.columns.tsAt(0);
    const at = parts.findIndex((p) => (p as StoredBlock).maxTs <= newest);
    parts.splice(at < 0 ? parts.length : at, 0, extra);
  }
  run.clear();
  const versions: number[] = [];
  let seq = 0;
  for (const part of parts) {
    const from = run.length;
    let head: Omit<Block, 'columns'> = part as Block;
    if ('columns' in part) run.pushRange(part.columns, 0, part.columns.length);
    else head = decodeBlockInto(part.value, part.maxTs, part.version, run);
    // Overlap (rare): the previous block's oldest point is not newer than this one's newest.
    if (from > 0 && run.length > from && compareTs(run, from - 1, run, from) <= 0) {
      const blocks = stored.map((s) => decodeBlock(s.value, s.maxTs, s.version));
      return mergeMany(extra === undefined ? blocks : [...blocks, extra]);
    }
    const v = head.versions;
    for (let i = from; i < run.length; i++) versions.push(typeof v === 'number' ? v : v[i - from]);
    if (head.seq > seq) seq = head.seq;
  }
  return compactVersions({ columns: run, versions, seq });
}

/**
 * The block without its points in [start, end] (inclusive): `undefined` when no point was in range
 * (nothing to rewrite), a block with no points when all were.
 */
export function removeRange(block: Block, start: bigint, end: bigint): Block | undefined {
  const c = block.columns;
  const inRange = rangeTest(start, end);
  let removed = 0;
  for (let i = 0; i < c.length; i++) if (inRange(c, i)) removed++;
  if (removed === 0) return undefined;
  const kept = new PointColumns(c.length - removed);
  const versions: number[] = [];
  for (let i = 0; i < c.length; i++) {
    if (inRange(c, i)) continue;
    kept.pushPoint(c, i);
    versions.push(versionAt(block, i));
  }
  return compactVersions({ columns: kept, versions, seq: block.seq });
}

/** The points of `c` outside [start, end] (inclusive), in their order: `c` itself when none is inside. */
export function withoutRange(c: PointColumns, start: bigint, end: bigint): PointColumns {
  const inRange = rangeTest(start, end);
  let removed = 0;
  for (let i = 0; i < c.length; i++) if (inRange(c, i)) removed++;
  if (removed === 0) return c;
  const kept = new PointColumns(c.length - removed);
  for (let i = 0; i < c.length; i++) if (!inRange(c, i)) kept.pushPoint(c, i);
  return kept;
}

/** Whether point i of columns is in [start, end], exactly (see PointColumns.tsAbove). */
function rangeTest(start: bigint, end: bigint): (c: PointColumns, i: number) => boolean {
  const below = start - 1n;
  const belowN = Number(below);
  const endN = Number(end);
  return (c, i) => c.tsAbove(i, below, belowN) && !c.tsAbove(i, end, endN);
}
