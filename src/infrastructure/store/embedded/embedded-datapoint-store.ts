import type { Datapoint } from '../../../../domain/datapoints/datapoint.js';
import type { PointColumns } from '../../../../domain/datapoints/point-columns.js';
import type { CheckpointCommit } from '../../../../domain/ports/checkpoint-store.js';
import type { DatapointStore, DatapointWrite, FetchRange } from '../../../../domain/ports/datapoint-store.js';
import type { SeriesId } from '../../../../domain/series/series.js';
import { checkCommit, checkDatapointWrites, checkRange } from '../memory/write-checks.js';
import { BlockFormatError } from './block-codec.js';
import { EmbeddedStoreError, type EmbeddedDatabase } from './embedded-database.js';
import { FetchScan } from './fetch-scan.js';
import { HeadTracker } from './head-tracker.js';
import { isSyncIterable, type KvOp } from './kv-engine.js';
import { SeriesVersions } from './series-versions.js';
import { BLOCK_PREFIX, blockKeyMaxTs, blockKeyVersion, prefixRange, seriesBlockRange, seriesKeyBytes } from './store-keys.js';
import { planTidy } from './tidy-planner.js';
import { planDatapointWrites } from './write-planner.js';

/** How many block removals go into one engine write when truncating. */
const TRUNCATE_BATCH = 10_000;
/** How many series one write of a tidy-up merges (each reads its small blocks back: ~10 a series). */
const TIDY_BATCH = 2_000;

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
 */
export class EmbeddedDatapointStore implements DatapointStore {
  private readonly tracker: HeadTracker;
  private readonly versions = new SeriesVersions();

  /** @param mergeSmallBlocks false keeps every apply's block as written (for measurements). */
  constructor(
    private readonly db: EmbeddedDatabase,
    mergeSmallBlocks = true,
  ) {
    this.tracker = new HeadTracker(mergeSmallBlocks);
  }

  async apply(writes: readonly DatapointWrite[], commit?: CheckpointCommit): Promise<void> {
    checkDatapointWrites(writes);
    checkCommit(commit);
    this.db.assertOpen();
    await this.db.apply((ctx) => wrapDecode(() => planDatapointWrites(this.db.engine, writes, ctx, this.tracker, this.versions), this.db.dir), commit);
  }

  async fetch(series: SeriesId, range: FetchRange): Promise<Datapoint[]> {
    return (await this.fetchColumns(series, range)).toDatapoints();
  }

  /** `fetch` in columns, without an object per point (what egress prints from). */
  async fetchColumns(series: SeriesId, range: FetchRange): Promise<PointColumns> {
    checkRange(range);
    this.db.assertOpen();
    const { start, end } = seriesBlockRange(seriesKeyBytes(series));
    const scan = new FetchScan(range);
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
      await this.db.apply(() => wrapDecode(() => planTidy(this.db.engine, this.tracker, chunk), this.db.dir));
    }
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
      if (engine.clear) {
        await engine.clear(start, end);
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
