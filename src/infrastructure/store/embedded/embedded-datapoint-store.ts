import type { Datapoint } from '../../../../domain/datapoints/datapoint.js';
import type { PointColumns } from '../../../../domain/datapoints/point-columns.js';
import type { CheckpointCommit } from '../../../../domain/ports/checkpoint-store.js';
import type { DatapointStore, DatapointWrite, FetchRange } from '../../../../domain/ports/datapoint-store.js';
import type { SeriesId } from '../../../../domain/series/series.js';
import { checkCommit, checkDatapointWrites, checkRange } from '../memory/write-checks.js';
import { BlockFormatError } from './block-codec.js';
import { BlockIndex, blockCount, blockKeyAt, type IndexChange, seriesKey } from './block-index.js';
import { EmbeddedStoreError, type EmbeddedDatabase, type PlannedWrite, type WriteContext } from './embedded-database.js';
import { FetchScan, type ScanSpace } from './fetch-scan.js';
import { HeadTracker } from './head-tracker.js';
import { IDLE_TIDY_MS, IdleTidy } from './idle-tidy.js';
import { isSyncIterable, type KvOp } from './kv-engine.js';
import { SeriesVersions } from './series-versions.js';
import { BLOCK_KEY_LENGTH, BLOCK_PREFIX, blockKeyMaxTs, blockKeyVersion, prefixRange, seriesBlockRange, seriesKeyBytes } from './store-keys.js';
import { planTidy } from './tidy-planner.js';
import { planDatapointWrites } from './write-planner.js';

/** How many block removals go into one engine write when truncating. */
const TRUNCATE_BATCH = 10_000;
/** How many series one write of a tidy-up merges (each reads its small blocks back: ~10 a series). */
const TIDY_BATCH = 2_000;
/** About how many points one step of the background tidy-up rewrites (~10–30 ms of work: an apply waits at most that). */
const TIDY_STEP_POINTS = 20_000;
/** The key a read by known key is built in (reads by key are synchronous: one buffer serves them all). */
const keyScratch = Buffer.allocUnsafe(BLOCK_KEY_LENGTH);

/**
 * DatapointStore over the embedded database. Points are stored in BLOCKS (block-codec.ts), one key per
 * block, keyed by series then newest timestamp descending (store-keys.ts), so that:
 * - `apply` writes the puts of one series as ONE block (merged with the block already under the same
 *   key, so a re-applied put is harmless), rewrites the blocks a delete touches, and commits all of it
 *   with the checkpoint in one atomic engine write;
 * - `fetch` is one forward scan of the series' keys from its newest block, decoding only the blocks
 *   that can hold points of the answer and stopping as soon as no later block can change it.
 * Small blocks (from applies with few points per series) are merged as they accumulate
 * (head-tracker.ts), so bytes per point stay low whatever the apply size (see ENGINE.md).
 * On engines with synchronous reads by key (LevelDB's getSync), the block keys of each series are also kept
 * in memory (block-index.ts, bounded): a fetch of a listed series reads its blocks by key, without an iterator.
 */
export class EmbeddedDatapointStore implements DatapointStore {
  private readonly tracker: HeadTracker;
  private readonly versions = new SeriesVersions();
  private readonly index: BlockIndex | undefined;
  /** Merges the small blocks tracked while neither applies nor fetches come (idle-tidy.ts). */
  private readonly background: IdleTidy;

  /**
   * @param mergeSmallBlocks false keeps every apply's block as written (for measurements).
   * @param idleTidyMs pause of applies and fetches after which the small blocks tracked are merged in the background.
   */
  constructor(
    private readonly db: EmbeddedDatabase,
    mergeSmallBlocks = true,
    idleTidyMs = IDLE_TIDY_MS,
  ) {
    this.tracker = new HeadTracker(mergeSmallBlocks);
    this.index = db.engine.getSync ? new BlockIndex() : undefined;
    this.background = new IdleTidy(
      () => this.tidyStep(),
      (err) => process.emitWarning(`embedded store in ${db.dir}: background tidy-up failed (retried when next idle): ${(err as Error).message}`),
      idleTidyMs,
    );
  }

  /** Lists the block keys stored (up to the index's capacity): call it once, at open, before any apply. */
  async loadIndex(): Promise<void> {
    const { start, end } = prefixRange(BLOCK_PREFIX);
    await this.index?.load(this.db.engine.keys(start, end));
  }

  async apply(writes: readonly DatapointWrite[], commit?: CheckpointCommit): Promise<void> {
    checkDatapointWrites(writes);
    checkCommit(commit);
    this.db.assertOpen();
    this.background.touch();
    await this.applyIndexed((ctx) => wrapDecode(() => planDatapointWrites(this.db.engine, writes, ctx, this.tracker, this.versions), this.db.dir), commit);
  }

  async fetch(series: SeriesId, range: FetchRange): Promise<Datapoint[]> {
    return (await this.fetchColumns(series, range)).toDatapoints();
  }

  /**
   * `fetch` in columns, without an object per point (what egress prints from). With `space`, the scan works in
   * it and the answer may be its columns: valid until the space is used again (fetch-scan.ts, ScanSpace).
   */
  async fetchColumns(series: SeriesId, range: FetchRange, space?: ScanSpace): Promise<PointColumns> {
    checkRange(range);
    this.db.assertOpen();
    this.background.touch();
    const idBytes = seriesKeyBytes(series);
    const index = this.index;
    if (index !== undefined) {
      const key = seriesKey(idBytes);
      const known = index.lookup(key);
      const read = known && this.readKnown(idBytes, known, range, series, space);
      if (read) return read;
      if (known) index.drop(key);
    }
    const { start, end } = seriesBlockRange(idBytes);
    const scan = new FetchScan(range, space);
    const entries = this.db.engine.scan(start, end);
    try {
      if (isSyncIterable(entries)) {
        for (const [key, value] of entries) {
          const maxTs = blockKeyMaxTs(key);
          if (!scan.wants(maxTs)) break;
          scan.offer(maxTs, blockKeyVersion(key), value);
        }
      } else {
        for await (const [key, value] of entries) {
          const maxTs = blockKeyMaxTs(key);
          if (!scan.wants(maxTs)) break;
          scan.offer(maxTs, blockKeyVersion(key), value);
        }
      }
    } catch (err) {
      throw asStoreError(err, `cannot fetch ${series} from the embedded store in ${this.db.dir}`);
    }
    return scan.columns();
  }

  /**
   * The fetch of a series whose block keys the index lists: each block it needs read by key, on this thread.
   * Undefined if a listed block is missing (never expected: the caller then scans and drops the list).
   */
  private readKnown(idBytes: Uint8Array, list: readonly number[], range: FetchRange, series: SeriesId, space?: ScanSpace): PointColumns | undefined {
    const getSync = this.db.engine.getSync as (key: Uint8Array) => Uint8Array | undefined;
    const scan = new FetchScan(range, space);
    try {
      for (let i = 0; i < blockCount(list); i++) {
        const key = blockKeyAt(idBytes, list, i, keyScratch);
        const maxTs = blockKeyMaxTs(key);
        if (!scan.wants(maxTs)) break;
        const value = getSync.call(this.db.engine, key);
        if (value === undefined) return undefined;
        scan.offer(maxTs, blockKeyVersion(key), value);
      }
    } catch (err) {
      throw asStoreError(err, `cannot fetch ${series} from the embedded store in ${this.db.dir}`);
    }
    return scan.columns();
  }

  /** One apply through the database, with the block index told what it writes before and after (block-index.ts). */
  private async applyIndexed(plan: (ctx: WriteContext) => Promise<PlannedWrite>, commit?: CheckpointCommit): Promise<void> {
    const index = this.index;
    if (index === undefined) return this.db.apply(plan, commit);
    let change: IndexChange | undefined;
    try {
      await this.db.apply(async (ctx) => {
        const planned = await plan(ctx);
        const begun = index.begin(planned.ops);
        change = begun;
        const after = planned.afterCommit;
        return {
          ...planned,
          afterCommit: () => {
            after?.();
            index.committed(begun);
          },
        };
      }, commit);
    } catch (err) {
      if (change) index.abandoned(change);
      throw err;
    }
  }

  /**
   * Merges the small blocks this process still tracks, series by series, into one block each, in writes
   * of TIDY_BATCH series (each after the applies queued before it), until done or `budgetMs` has passed:
   * the store calls it before closing (tidy-planner.ts says why). Safe to stop at any point.
   */
  async tidy(budgetMs: number): Promise<void> {
    this.db.assertOpen();
    const deadline = Date.now() + budgetMs;
    const todo = this.tracker.mergeable();
    for (let i = 0; i < todo.length && Date.now() < deadline; i += TIDY_BATCH) {
      const chunk = todo.slice(i, i + TIDY_BATCH);
      await this.applyIndexed(() => wrapDecode(() => planTidy(this.db.engine, this.tracker, chunk), this.db.dir));
    }
  }

  /**
   * One step of the background tidy-up (IdleTidy): the small blocks of the series tracked longest, about
   * TIDY_STEP_POINTS points, merged in one write after the applies queued before it. False when none is left.
   */
  private async tidyStep(): Promise<boolean> {
    const series = this.tracker.mergeable(TIDY_STEP_POINTS);
    if (series.length === 0) return false;
    await this.applyIndexed(() => wrapDecode(() => planTidy(this.db.engine, this.tracker, series), this.db.dir));
    return true;
  }

  /** Ends the background tidy-up (the store is closing): resolves once its step in flight is done. */
  stopBackground(): Promise<void> {
    return this.background.stop();
  }

  /**
   * Removes every block (replay calls this before rebuilding): inside the engine where it can (LevelDB's
   * range delete), else in engine writes of bounded size. The last write resets the version watermark:
   * with no block left, the rebuild need not read any key it writes.
   */
  async truncate(): Promise<void> {
    this.db.assertOpen();
    const { start, end } = prefixRange(BLOCK_PREFIX);
    const engine = this.db.engine;
    this.tracker.clear();
    await this.db.apply(async () => {
      // Unknown while blocks go (the index is only kept on engines that have clear).
      this.index?.forgetAll();
      if (engine.clear) {
        await engine.clear(start, end);
        this.index?.resetEmpty();
        return { ops: [], maxVersion: -1 };
      }
      for (;;) {
        const removals = (await take(engine.keys(start, end), TRUNCATE_BATCH)).map((key): KvOp => ({ key, value: undefined }));
        if (removals.length < TRUNCATE_BATCH) return { ops: removals, maxVersion: -1 };
        await engine.write(removals);
      }
    });
  }
}

/** The first `n` items of a scan (leaving the loop early releases the cursor). */
async function take<T>(it: Iterable<T> | AsyncIterable<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  if (n <= 0) return out;
  if (isSyncIterable(it)) {
    for (const x of it) if (out.push(x) >= n) break;
  } else {
    for await (const x of it) if (out.push(x) >= n) break;
  }
  return out;
}

async function wrapDecode<T>(f: () => Promise<T>, dir: string): Promise<T> {
  try {
    return await f();
  } catch (err) {
    throw asStoreError(err, `cannot apply writes to the embedded store in ${dir}`);
  }
}

/** Decoding failures mean corrupt or foreign data: not retriable. Domain and programming errors pass through. */
function asStoreError(err: unknown, context: string): unknown {
  if (err instanceof BlockFormatError) return new EmbeddedStoreError(`${context}: ${err.message}`, { retriable: false, cause: err });
  return err;
}
