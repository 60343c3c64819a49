/** One write of an atomic batch: `value` undefined removes the key. */
export interface KvOp {
  readonly key: Uint8Array;
  readonly value: Uint8Array | undefined;
}

export type KvEntry = readonly [key: Uint8Array, value: Uint8Array];

/**
 * The ordered key-value engine under the embedded store: the narrow surface the adapters need, so the
 * same block layout and adapter code run on LMDB and on LevelDB (bench/store-engines.ts measures both;
 * ENGINE.md records which one `openEmbeddedStore` uses and why).
 *
 * Implementers MUST:
 * - order keys by unsigned bytes (memcmp), as both engines do natively;
 * - make `write` atomic and ordered: all ops of one call become visible together or not at all, after
 *   every earlier `write` of this engine; the returned promise resolves once they are committed (visible
 *   to later reads, and on disk after a process crash);
 * - return values that the caller may keep (never a buffer the engine reuses).
 * Engines whose reads are synchronous (LMDB) return plain values and sync iterables, so hot loops do
 * not pay a microtask per entry; callers handle both shapes (see `isSyncIterable`).
 */
export interface KvEngine {
  /** A short engine name for messages and figures ("lmdb", "leveldb"). */
  readonly name: string;
  get(key: Uint8Array): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  getMany(keys: readonly Uint8Array[]): (Uint8Array | undefined)[] | Promise<(Uint8Array | undefined)[]>;
  /**
   * Optional: a read that stays on the calling thread, for engines whose `get` is asynchronous (LevelDB's is a
   * thread-pool round trip, ~0.1 ms on a busy machine, where reading a cached block takes a few µs). A fetch
   * whose block keys are known (block-index.ts) reads them with it.
   */
  getSync?(key: Uint8Array): Uint8Array | undefined;
  /** Entries with start <= key < end, in key order; breaking out of the loop MUST release the cursor. */
  scan(start: Uint8Array, end: Uint8Array): Iterable<KvEntry> | AsyncIterable<KvEntry>;
  /** Keys only, same order and contract as scan (cheaper where the engine can skip values). */
  keys(start: Uint8Array, end: Uint8Array): Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
  write(ops: readonly KvOp[]): Promise<void>;
  /**
   * Optional: removes every key with start <= key < end inside the engine, in batches (NOT atomic: a
   * crash may leave part of the range), without handing each key to JavaScript. Callers fall back to
   * scanning `keys` and writing removals.
   */
  clear?(start: Uint8Array, end: Uint8Array): Promise<void>;
  /**
   * Optional, called before close: moves what the engine holds in memory and in its newest files into
   * its compacted form, dropping what rewrites left behind, with work bounded whatever the size of the
   * store (LevelDB: everything while the store is small, else the files holding `key`, a key every write
   * touches). A closed store then takes its steady size on disk and reopens without replaying a log.
   */
  settle?(key: Uint8Array): Promise<void>;
  /** Forces what was written to stable storage and lets the engine reclaim space (used by the bench). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function isSyncIterable<T>(it: Iterable<T> | AsyncIterable<T>): it is Iterable<T> {
  return typeof (it as Iterable<T>)[Symbol.iterator] === 'function';
}

/** Collects a scan into an array (for small ranges: the blocks a delete touches, registry rows). */
export async function collect<T>(it: Iterable<T> | AsyncIterable<T>): Promise<T[]> {
  if (isSyncIterable(it)) return [...it];
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
