import { ClassicLevel } from 'classic-level';
import type { KvEngine, KvEntry, KvOp } from './kv-engine.js';

/**
 * Entries and bytes one native read of a scan brings back. Each read is a round trip through libuv's thread
 * pool (~0.1 ms, more on a loaded machine), which costs far more than LevelDB's own work on a few blocks:
 * a fetch of one series should take one read. classic-level's own `for await` starts with a read of ONE
 * entry (then 1000), so a series of a few blocks cost two round trips; 64 KiB keeps a scan that stops
 * after its first blocks from copying much more than it uses.
 */
const SCAN_BATCH_ENTRIES = 1000;
const SCAN_BATCH_BYTES = 64 * 1024;

/** Below this size on disk, settle compacts the whole store (see LevelEngine.settle). */
export const SETTLE_FULL_BYTES = 64 * 1024 * 1024;

/**
 * LevelDB's memtable (its default is 4 MiB). The store rewrites its newest blocks as they grow (small-block merges),
 * so a load moves many times its final size through the memtable: with 4 MiB the blocks a load just wrote sit in
 * several fresh level-0 files, and the first read of each series probes them all (a data block read and decompressed
 * per file per block key). 32 MiB keeps a W1 load's recent blocks in memory: its first 50 one-series reads p50
 * 2.02/2.45/1.62 -> 1.39/1.86/1.29 ms, first 50 100-series reads 16.7/16.7/16.6 -> 16.2/15.8/14.3 ms (alternated
 * loads); W2 peak RSS unchanged (795/789 MiB), W1 ingest within noise. Costs up to two memtables of memory and a
 * longer log replay when a store is opened after a crash.
 */
const WRITE_BUFFER_BYTES = 32 * 1024 * 1024;

/**
 * KvEngine over LevelDB (classic-level). Everything is asynchronous (a native call per read); writes are
 * one `batch`, which LevelDB applies atomically through its write-ahead log (no fsync: a process crash
 * keeps it, an OS crash may lose the last batches but never half of one). Keys and values are shared
 * prefix-compressed and Snappy-compressed in its SSTables, so space is small once compacted.
 * LevelDB holds its own LOCK file: a second open of the directory fails.
 */
export async function openLevelEngine(dir: string): Promise<KvEngine> {
  const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view', writeBufferSize: WRITE_BUFFER_BYTES });
  await db.open();
  return new LevelEngine(db);
}

class LevelEngine implements KvEngine {
  readonly name = 'leveldb';

  constructor(private readonly db: ClassicLevel<Uint8Array, Uint8Array>) {}

  get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.db.get(key);
  }

  getSync(key: Uint8Array): Uint8Array | undefined {
    return this.db.getSync(key);
  }

  getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    return keys.length === 0 ? Promise.resolve([]) : this.db.getMany([...keys]);
  }

  async *scan(start: Uint8Array, end: Uint8Array): AsyncIterable<KvEntry> {
    const it = this.db.iterator({ gte: start, lt: end, highWaterMarkBytes: SCAN_BATCH_BYTES });
    try {
      for (;;) {
        const batch = await it.nextv(SCAN_BATCH_ENTRIES);
        if (batch.length === 0) return;
        yield* batch;
      }
    } finally {
      await it.close();
    }
  }

  keys(start: Uint8Array, end: Uint8Array): AsyncIterable<Uint8Array> {
    return this.db.keys({ gte: start, lt: end });
  }

  /** A chained batch: each op goes to native code as it is added (an array batch copies and checks every op object first). */
  async write(ops: readonly KvOp[]): Promise<void> {
    if (ops.length === 0) return;
    const batch = this.db.batch();
    try {
      for (const op of ops) {
        if (op.value) batch.put(op.key, op.value);
        else batch.del(op.key);
      }
    } catch (err) {
      await batch.close();
      throw err;
    }
    await batch.write();
  }

  /** LevelDB's own range delete: iterates and deletes in native code, in batches. */
  async clear(start: Uint8Array, end: Uint8Array): Promise<void> {
    await this.db.clear({ gte: start, lt: end });
  }

  async flush(): Promise<void> {
    await this.db.compactRange(Uint8Array.of(0), new Uint8Array(64).fill(0xff));
  }

  /**
   * While the store is small (at most SETTLE_FULL_BYTES on disk: about a second of work), a full
   * compaction; else a compaction of the range of `key`: LevelDB then writes its memtable out, merges
   * every level-0 file (they overlap) with the level-1 files they cover, and below level 1 only the
   * files holding that key. Either way bounded work, which drops what merges and rewrites left behind
   * (merged-away small blocks) where it matters: in a small store, the files written last are most of it.
   */
  async settle(key: Uint8Array): Promise<void> {
    const all = { start: Uint8Array.of(0), end: new Uint8Array(64).fill(0xff) };
    if ((await this.db.approximateSize(all.start, all.end)) > SETTLE_FULL_BYTES) {
      const end = new Uint8Array(key.length + 1);
      end.set(key);
      await this.db.compactRange(key, end);
      return;
    }
    await this.db.compactRange(all.start, all.end);
    // A store that fit in one memtable is now ONE file, on the deepest level, and LevelDB's compactions
    // merge a level into the next, never a level into itself, so that file keeps every overwritten and
    // removed entry. Writing `key` again (same value) puts a small file above it: the next compaction
    // of the range takes both.
    const value = await this.db.get(key);
    if (value === undefined) return;
    await this.db.put(key, value);
    await this.db.compactRange(all.start, all.end);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
