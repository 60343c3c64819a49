import { compareTs, PointColumns } from '../../../../domain/datapoints/point-columns.js';
import { decodeBlockInto, versionAt, type Block } from './block-codec.js';

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
 * first, without comparisons; otherwise the points are resolved as mergeBlocks would, block after block.
 */
export function mergeMany(blocks: readonly Block[]): Block {
  const sorted = [...blocks].sort((a, b) => compareTs(b.columns, 0, a.columns, 0));
  let total = 0;
  for (const b of sorted) total += b.columns.length;
  const parts = new Parts(new PointColumns(total));
  for (const b of sorted) {
    parts.columns.pushRange(b.columns, 0, b.columns.length);
    parts.added(b);
  }
  return parts.merged();
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
 * mergeMany of stored blocks and, if given, `extra` (an apply's new block): the stored blocks are decoded,
 * newest first, straight into one run of columns (no columns per block, no copy). When none overlaps another
 * (the usual case: a series' recent blocks, merged by the head tracker) the result holds that run, shared by
 * every call: it is only valid until the next one (encode it first).
 */
export function mergeStored(stored: readonly StoredBlock[], extra?: Block): Block {
  const sorted: (StoredBlock | Block)[] = [...stored].sort((a, b) => (a.maxTs > b.maxTs ? -1 : a.maxTs < b.maxTs ? 1 : 0));
  if (extra !== undefined) {
    // After the stored blocks with the same newest timestamp: mergeMany's (stable) order of sources then new block.
    const newest = extra.columns.tsAt(0);
    const at = sorted.findIndex((p) => (p as StoredBlock).maxTs < newest);
    sorted.splice(at < 0 ? sorted.length : at, 0, extra);
  }
  run.clear();
  const parts = new Parts(run);
  for (const part of sorted) {
    if ('columns' in part) {
      run.pushRange(part.columns, 0, part.columns.length);
      parts.added(part);
    } else parts.added(decodeBlockInto(part.value, part.maxTs, part.version, run));
  }
  return parts.merged();
}

/** Blocks being merged, newest first, their points appended to `columns` one block after the other. */
class Parts {
  /** Per point, its version; per block, where it ends in `columns` and its seq. */
  private readonly versions: number[] = [];
  private readonly ends: number[] = [];
  private readonly seqs: number[] = [];
  private disjoint = true;

  constructor(readonly columns: PointColumns) {}

  /** Records the block whose points were just appended to `columns`. */
  added(block: Omit<Block, 'columns'>): void {
    const c = this.columns;
    const from = this.ends.length > 0 ? this.ends[this.ends.length - 1] : 0;
    // Disjoint while each block's oldest point is newer than the next one's newest.
    if (from > 0 && c.length > from && compareTs(c, from - 1, c, from) <= 0) this.disjoint = false;
    const v = block.versions;
    for (let i = from; i < c.length; i++) this.versions.push(typeof v === 'number' ? v : v[i - from]);
    this.ends.push(c.length);
    this.seqs.push(block.seq);
  }

  merged(): Block {
    const seq = this.seqs.reduce((a, b) => Math.max(a, b), 0);
    if (this.disjoint) return compactVersions({ columns: this.columns, versions: this.versions, seq });
    return compactVersions({ ...this.resolved(), seq });
  }

  /**
   * Overlapping blocks: per timestamp, the point that merging the blocks pairwise in order (mergeBlocks) keeps.
   * That merge compares the point kept so far, with the highest seq of the blocks merged before, to the next
   * block's point with its own seq.
   */
  private resolved(): Omit<Block, 'seq'> {
    const { columns: c, versions, ends, seqs } = this;
    const n = c.length;
    const part = new Array<number>(n);
    const seqBefore = new Array<number>(ends.length);
    for (let k = 0, from = 0; k < ends.length; from = ends[k++]) {
      part.fill(k, from, ends[k]);
      seqBefore[k] = k === 0 ? seqs[0] : Math.max(seqBefore[k - 1], seqs[k - 1]);
    }
    // Newest first; equal timestamps (of different blocks) in block order (stable sort of ascending indexes).
    const idx = Array.from(versions.keys()).sort((a, b) => compareTs(c, b, c, a));
    const columns = new PointColumns(n);
    const kept: number[] = [];
    for (let g = 0; g < n; ) {
      let win = idx[g];
      let h = g + 1;
      for (; h < n && compareTs(c, idx[h], c, win) === 0; h++) {
        const next = idx[h];
        if (!wins(versions[win], seqBefore[part[next]], versions[next], seqs[part[next]])) win = next;
      }
      columns.pushPoint(c, win);
      kept.push(versions[win]);
      g = h;
    }
    return { columns, versions: kept };
  }
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
