import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedCheckpointStore } from './embedded-checkpoint-store.js';
import { EmbeddedDatabase, EmbeddedStoreError } from './embedded-database.js';
import { EmbeddedDatapointStore } from './embedded-datapoint-store.js';
import { EmbeddedSeriesRegistry } from './embedded-series-registry.js';
import type { KvEngine } from './kv-engine.js';
import { openLevelEngine } from './level-engine.js';
import { acquireStoreLock } from './store-lock.js';

export type EmbeddedEngineName = 'lmdb' | 'leveldb';

/** The engine openEmbeddedStore uses unless told otherwise: chosen by measurement, see ENGINE.md. */
export const DEFAULT_ENGINE: EmbeddedEngineName = 'leveldb';

export interface EmbeddedStoreOptions {
  /** @default DEFAULT_ENGINE. The other engine exists for the bench and for comparison; a directory keeps the engine it was created with. */
  readonly engine?: EmbeddedEngineName;
  /** @default true. Merge the small blocks of applies that carry few points per series (head-tracker.ts); off only to measure. */
  readonly mergeSmallBlocks?: boolean;
}

/** The three read-model adapters over one opened embedded database. */
export interface EmbeddedStore {
  readonly dir: string;
  readonly engine: EmbeddedEngineName;
  readonly datapoints: EmbeddedDatapointStore;
  readonly registry: EmbeddedSeriesRegistry;
  readonly checkpoints: EmbeddedCheckpointStore;
  /**
   * Puts what is committed on stable storage and lets the engine reclaim space (LevelDB compacts).
   * Not needed for correctness (applies are atomic with their checkpoint); used to measure size on disk.
   */
  flush(): Promise<void>;
  /**
   * Waits for writes in flight, merges the small blocks still tracked (a few seconds at most), lets the
   * engine settle, closes the database and releases the directory. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the embedded store in `dir`, held exclusively by this process until
 * `close` (a second open, here or in another process, fails with a message naming the directory).
 * Datapoints, registry rows and checkpoints share one database, so `datapoints.apply(writes, commit)`
 * and `registry.apply(writes, commit)` commit the checkpoint atomically with their writes, and
 * everything committed is there after a reopen.
 */
export async function openEmbeddedStore(dir: string, options: EmbeddedStoreOptions = {}): Promise<EmbeddedStore> {
  const engineName = options.engine ?? DEFAULT_ENGINE;
  const lock = acquireStoreLock(dir);
  const found = engineOf(dir);
  if (found !== undefined && found !== engineName) {
    lock.release();
    throw new EmbeddedStoreError(`cannot open the embedded store in ${dir} with ${engineName}: it was created with ${found}`, { retriable: false });
  }
  let engine: KvEngine | undefined;
  try {
    // LMDB is loaded only when asked for: the default engine does not pull its native addon in.
    engine = engineName === 'lmdb' ? (await import('./lmdb-engine.js')).openLmdbEngine(dir) : await openLevelEngine(dir);
    const db = await EmbeddedDatabase.open(engine, dir);
    const datapoints = new EmbeddedDatapointStore(db, options.mergeSmallBlocks ?? true);
    await datapoints.loadIndex();
    let closing: Promise<void> | undefined;
    return {
      dir,
      engine: engineName,
      datapoints,
      registry: new EmbeddedSeriesRegistry(db),
      checkpoints: new EmbeddedCheckpointStore(db),
      flush: () => db.flush(),
      close: () => (closing ??= tidyThenClose(datapoints, db).finally(() => lock.release())),
    };
  } catch (err) {
    await engine?.close().catch(() => undefined);
    lock.release();
    if (err instanceof EmbeddedStoreError) throw err;
    throw new EmbeddedStoreError(`cannot open the embedded store in ${dir} (${engineName}): ${(err as Error).message}`, { retriable: false, cause: err });
  }
}

/** How long closing may spend merging the small blocks still tracked (EmbeddedDatapointStore.tidy). */
export const CLOSE_TIDY_BUDGET_MS = 5_000;

/**
 * Closing: the small blocks still tracked are merged (within CLOSE_TIDY_BUDGET_MS; a failure there does
 * not keep the store from closing), then the database settles and closes (EmbeddedDatabase.close).
 */
async function tidyThenClose(datapoints: EmbeddedDatapointStore, db: EmbeddedDatabase): Promise<void> {
  try {
    await datapoints.stopBackground();
    await datapoints.tidy(CLOSE_TIDY_BUDGET_MS);
  } finally {
    await db.close();
  }
}

/** The engine whose files are in `dir`, if any (LMDB's data.mdb, LevelDB's CURRENT). */
function engineOf(dir: string): EmbeddedEngineName | undefined {
  if (existsSync(join(dir, 'data.mdb'))) return 'lmdb';
  if (existsSync(join(dir, 'CURRENT'))) return 'leveldb';
  return undefined;
}
