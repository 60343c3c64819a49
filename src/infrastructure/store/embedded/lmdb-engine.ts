import { open, type Database, type RootDatabase } from 'lmdb';
import type { KvEngine, KvEntry, KvOp } from './kv-engine.js';

/** Tuning of the LMDB environment; the defaults are what ENGINE.md measured. */
export interface LmdbEngineOptions {
  /** Page size in bytes for a NEW environment (LMDB's default is the OS page, 4096). */
  readonly pageSize?: number;
}

/**
 * KvEngine over one LMDB environment (lmdb-js). Reads are synchronous and come from the memory map (a
 * fetch is a cursor walk without a microtask per block); writes go through `batch`, which lmdb-js commits
 * as ONE transaction on its write thread, so `write` is atomic. Commits are visible (and survive a
 * process crash: the pages are in the OS) when the promise resolves; with lmdb-js's default
 * overlappingSync the fsync follows shortly after (`flush` waits for it). An OS crash can therefore lose
 * the last commits, but never half of one, and never a checkpoint without its data.
 * LMDB lets several processes share an environment: the exclusive hold is store-lock.ts's job.
 */
export function openLmdbEngine(dir: string, options: LmdbEngineOptions = {}): KvEngine {
  const db: RootDatabase<Uint8Array, Uint8Array> = open<Uint8Array, Uint8Array>({
    path: dir,
    keyEncoding: 'binary',
    encoding: 'binary',
    pageSize: options.pageSize,
    noMemInit: true,
  });
  return new LmdbEngine(db);
}

class LmdbEngine implements KvEngine {
  readonly name = 'lmdb';

  constructor(private readonly db: RootDatabase<Uint8Array, Uint8Array> & Database<Uint8Array, Uint8Array>) {}

  get(key: Uint8Array): Uint8Array | undefined {
    return this.db.get(key);
  }

  getMany(keys: readonly Uint8Array[]): (Uint8Array | undefined)[] {
    return keys.map((k) => this.db.get(k));
  }

  scan(start: Uint8Array, end: Uint8Array): Iterable<KvEntry> {
    return this.db.getRange({ start, end }).map(({ key, value }): KvEntry => [key, value]);
  }

  keys(start: Uint8Array, end: Uint8Array): Iterable<Uint8Array> {
    return this.db.getKeys({ start, end });
  }

  async write(ops: readonly KvOp[]): Promise<void> {
    if (ops.length === 0) return;
    const db = this.db;
    await db.batch(() => {
      for (const op of ops) {
        if (op.value) void db.put(op.key, op.value);
        else void db.remove(op.key);
      }
    });
  }

  async flush(): Promise<void> {
    await this.db.flushed;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
