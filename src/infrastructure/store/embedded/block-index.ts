import type { KvOp } from './kv-engine.js';
import { BLOCK_KEY_LENGTH, BLOCK_PREFIX } from './store-keys.js';

/** How many block keys the index holds at most (~24 bytes each, plus ~150 bytes per series). */
export const INDEXED_BLOCKS = 1 << 19;

/** Numbers per block in a series' list: the key's inverted maxTs (high, low 32 bits), then its version. */
export const KEY_FIELDS = 3;
/** A list starts with one number before its blocks: the mark of the last apply that touched it (see `begin`). */
const HEAD = 1;

/**
 * The block keys of each series, kept in memory so that a fetch can read the blocks it needs by key (LevelDB
 * `getSync`: a few µs each) instead of opening an iterator (a thread-pool round trip per series, most of a
 * small fetch's time).
 *
 * The index is a cache that is either exact or silent about a series, never wrong:
 * - a series it lists, it lists with every block key committed for it; a series it does not list is unknown
 *   (read by scanning), unless the index is `complete` (built from the whole store, or from an empty one):
 *   then an unlisted series has no block;
 * - applies report their ops before writing (`begin`): the listed series they touch are unknown until the
 *   write is committed (`committed`), so a read by key never mixes the states before and after a write (a
 *   series the write creates reads as empty until then, the state before the write);
 * - it holds at most `capacity` keys: past it the series listed longest are dropped (and it is no longer
 *   complete), so a store of any size costs bounded memory; unknown series are read as before.
 * Series are keyed by their 16 id bytes as a latin1 string (`seriesKey`). A list holds a mark, then KEY_FIELDS
 * numbers per block, OLDEST block first (the reverse of key order), so that the usual new block is a push at
 * its end.
 */
export class BlockIndex {
  private readonly lists = new Map<string, number[]>();
  private complete = false;
  private blocks = 0;
  private inFlight: IndexChange | undefined;
  /** The mark of the apply in flight (0: none): the lists it touches carry it and read as unknown. */
  private writing = 0;
  private marks = 0;

  constructor(private readonly capacity: number = INDEXED_BLOCKS) {}

  /** The store holds no block (new, or just emptied): every series is known, with no block. */
  resetEmpty(): void {
    this.forgetAll();
    this.complete = true;
  }

  /** Knows nothing any more (the store is being emptied outside applies). */
  forgetAll(): void {
    this.lists.clear();
    this.blocks = 0;
    this.complete = false;
    this.writing = 0;
    this.inFlight = undefined;
  }

  /**
   * Loads the keys of a whole scan of the store's block keys, in key order. Series read entirely are listed;
   * past the capacity the rest stays unknown. Call it before any apply (at open), or it may miss writes.
   */
  async load(keys: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
    this.forgetAll();
    let last: string | undefined;
    let list: number[] = [];
    for await (const key of keys) {
      if (!isBlockKey(key)) continue;
      const series = seriesKeyOf(key);
      if (series !== last) {
        // Keys come in series order: every series before this one was read whole.
        if (last !== undefined) this.lists.set(last, oldestFirst(list));
        if (this.blocks >= this.capacity) return;
        last = series;
        list = [];
      }
      list.push(readU32(key, 17), readU32(key, 21), versionOf(key));
      this.blocks++;
    }
    if (last !== undefined) this.lists.set(last, oldestFirst(list));
    this.complete = true;
  }

  /**
   * The block keys of `series` (a list for `blockKeyAt`, blockCount of them), [] for a series known to have
   * none, or undefined when unknown (a scan must read it).
   */
  lookup(series: string): readonly number[] | undefined {
    const list = this.lists.get(series);
    if (list === undefined) return this.complete ? EMPTY : undefined;
    return this.writing !== 0 && list[0] === this.writing ? undefined : list;
  }

  /**
   * An apply is about to write `ops`: the listed series whose block keys they add or remove are unknown until
   * `committed(change)`. Returns the change to commit; only one apply is in flight at a time (EmbeddedDatabase
   * serialises them), a new `begin` replaces a change that was never committed (its write failed).
   */
  begin(ops: readonly KvOp[]): IndexChange {
    const change: IndexChange = { series: [], lists: [], keys: [], puts: [] };
    const mark = ++this.marks;
    for (const op of ops) {
      if (!isBlockKey(op.key)) continue;
      const series = seriesKeyOf(op.key);
      const list = this.lists.get(series);
      if (list !== undefined) list[0] = mark;
      else if (!this.complete || op.value === undefined) continue;
      change.series.push(series);
      change.lists.push(list);
      change.keys.push(op.key);
      change.puts.push(op.value !== undefined);
    }
    this.writing = mark;
    this.inFlight = change;
    return change;
  }

  /** The write of `change` is committed: its series are listed as they now are. */
  committed(change: IndexChange): void {
    if (this.inFlight !== change) return;
    for (let i = 0; i < change.series.length; i++) {
      const key = change.keys[i];
      const list = change.lists[i] ?? this.created(change.series[i]);
      if (change.puts[i]) this.insert(list, key);
      else this.remove(list, key);
    }
    this.writing = 0;
    this.inFlight = undefined;
    this.evict();
  }

  /** The write of `change` failed: nothing of it is committed, so the index is right as it is. */
  abandoned(change: IndexChange): void {
    if (this.inFlight !== change) return;
    this.writing = 0;
    this.inFlight = undefined;
  }

  /** Drops a series' list (a read found it out of step with the engine: it is read by scanning from now on). */
  drop(series: string): void {
    const list = this.lists.get(series);
    if (list !== undefined) {
      this.blocks -= blockCount(list);
      this.lists.delete(series);
    }
    this.complete = false;
  }

  /** Number of block keys held (for tests and figures). */
  get size(): number {
    return this.blocks;
  }

  /** The list of a series first written by the change being committed (the index was complete at `begin`). */
  private created(series: string): number[] {
    let list = this.lists.get(series);
    if (list === undefined) this.lists.set(series, (list = [0]));
    return list;
  }

  private insert(list: number[], key: Uint8Array): void {
    const hi = readU32(key, 17);
    const lo = readU32(key, 21);
    const version = versionOf(key);
    const at = positionOf(list, hi, lo, version);
    if (at < list.length && list[at] === hi && list[at + 1] === lo && list[at + 2] === version) return;
    if (at === list.length) list.push(hi, lo, version);
    else list.splice(at, 0, hi, lo, version);
    this.blocks++;
  }

  private remove(list: number[], key: Uint8Array): void {
    const hi = readU32(key, 17);
    const lo = readU32(key, 21);
    const version = versionOf(key);
    const at = positionOf(list, hi, lo, version);
    if (at < list.length && list[at] === hi && list[at + 1] === lo && list[at + 2] === version) {
      list.splice(at, KEY_FIELDS);
      this.blocks--;
    }
  }

  /** Past the capacity, the series listed longest are dropped (Map order: no reordering per apply). */
  private evict(): void {
    if (this.blocks <= this.capacity) return;
    for (const [series, list] of this.lists) {
      if (this.blocks <= this.capacity) break;
      this.blocks -= blockCount(list);
      this.lists.delete(series);
    }
    this.complete = false;
  }
}

/** What `begin` recorded of one apply's block ops (the series' lists as they were, undefined for new series). */
export interface IndexChange {
  readonly series: string[];
  readonly lists: (number[] | undefined)[];
  readonly keys: Uint8Array[];
  readonly puts: boolean[];
}

const EMPTY: readonly number[] = [0];

/** The index's key of a series: its 16 id bytes as latin1 (one char per byte). */
export function seriesKey(idBytes: Uint8Array): string {
  return String.fromCharCode(...idBytes);
}

/** Number of blocks in a lookup's list. */
export function blockCount(list: readonly number[]): number {
  return (list.length - HEAD) / KEY_FIELDS;
}

/**
 * Writes the key of block `i` of a lookup's list, NEWEST FIRST (0 is the series' newest block, the first a scan
 * would meet), of the series with `idBytes`, into `out`.
 */
export function blockKeyAt(idBytes: Uint8Array, list: readonly number[], i: number, out: Uint8Array = new Uint8Array(BLOCK_KEY_LENGTH)): Uint8Array {
  const at = list.length - (i + 1) * KEY_FIELDS;
  out[0] = BLOCK_PREFIX;
  out.set(idBytes, 1);
  writeU32(out, 17, list[at]);
  writeU32(out, 21, list[at + 1]);
  const version = list[at + 2];
  writeU32(out, 25, Math.floor(version / 2 ** 32));
  writeU32(out, 29, version >>> 0);
  return out;
}

function isBlockKey(key: Uint8Array): boolean {
  return key.length === BLOCK_KEY_LENGTH && key[0] === BLOCK_PREFIX;
}

function seriesKeyOf(key: Uint8Array): string {
  return String.fromCharCode(key[1], key[2], key[3], key[4], key[5], key[6], key[7], key[8], key[9], key[10], key[11], key[12], key[13], key[14], key[15], key[16]);
}

/** First position of a block whose key is not above (hi, lo, version): lists are in descending key order. */
function positionOf(list: readonly number[], hi: number, lo: number, version: number): number {
  const n = list.length;
  // The usual new block is the series' newest: the lowest key, at the end.
  if (n === HEAD || keyAbove(list, n - KEY_FIELDS, hi, lo, version)) return n;
  let a = 0;
  let b = blockCount(list);
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (keyAbove(list, HEAD + mid * KEY_FIELDS, hi, lo, version)) a = mid + 1;
    else b = mid;
  }
  return HEAD + a * KEY_FIELDS;
}

/** Whether the key at `at` sorts after (hi, lo, version). */
function keyAbove(list: readonly number[], at: number, hi: number, lo: number, version: number): boolean {
  return list[at] > hi || (list[at] === hi && (list[at + 1] > lo || (list[at + 1] === lo && list[at + 2] > version)));
}

/** The list of blocks read in key order (newest first, no mark): a mark, then the blocks in the reverse order. */
function oldestFirst(list: readonly number[]): number[] {
  const out = new Array<number>(HEAD + list.length);
  out[0] = 0;
  for (let at = 0; at < list.length; at += KEY_FIELDS) {
    const to = HEAD + list.length - at - KEY_FIELDS;
    out[to] = list[at];
    out[to + 1] = list[at + 1];
    out[to + 2] = list[at + 2];
  }
  return out;
}

function versionOf(key: Uint8Array): number {
  return readU32(key, 25) * 2 ** 32 + readU32(key, 29);
}

function readU32(key: Uint8Array, at: number): number {
  return ((key[at] << 24) | (key[at + 1] << 16) | (key[at + 2] << 8) | key[at + 3]) >>> 0;
}

function writeU32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
}
