import type { Datapoint } from '../../../../domain/datapoints/datapoint.js';
import type { PointColumns } from '../../../../domain/datapoints/point-columns.js';
import type { CheckpointCommit } from '../../../../domain/ports/checkpoint-store.js';
import type { DatapointStore, DatapointWrite, FetchRange } from '../../../../domain/ports/datapoint-store.js';
import type { SeriesId } from '../../../../domain/series/series.js';
import { BlockFormatError } from '../embedded/block-codec.js';
import { FetchScan } from '../embedded/fetch-scan.js';
import { HeadTracker } from '../embedded/head-tracker.js';
import { BLOCK_PREFIX, blockKeyMaxTs, blockKeyVersion, prefixRange, seriesBlockRange, seriesKeyBytes } from '../embedded/store-keys.js';
import { planDatapointWrites } from '../embedded/write-planner.js';
import { checkCommit, checkDatapointWrites, checkRange } from '../memory/write-checks.js';
import type { HBaseDatabase } from './hbase-database.js';
import { HBaseStoreError } from './hbase-error.js';

/** Rows deleted per request round when truncating (they go in parallel, see HBaseRestClient). */
const TRUNCATE_BATCH = 1000;

/**
 * DatapointStore on HBase, with the embedded store's layout and planner: points are stored in BLOCKS
 * (embedded/block-codec.ts), one row per block, `D || series || ~newest ts || version` (hex, see
 * hbase-row-keys.ts), so one series is one contiguous key range, newest block first; `fetch` is one
 * scanner over it that stops as soon as no later block can change the answer (embedded/fetch-scan.ts).
 * Small blocks are merged as they accumulate (embedded/head-tracker.ts) unless `mergeSmallBlocks` is off.
 *
 * NOT ATOMIC (HBase writes rows one by one): `apply` writes the new and rewritten blocks, then deletes
 * the blocks they replace, and only then the checkpoint row of `commit` (hbase-rows.ts). After a failure
 * the checkpoint is the previous one, the runner re-applies from it, and the result is the same as one
 * clean apply because every write is idempotent: a put lands on a key named by its newest point's
 * timestamp and log offset and is merged with whatever that key holds (the planner always reads the keys
 * it writes: no version watermark, which a non-atomic store could not keep exact), and a delete removes
 * whatever it covers. A failed apply may leave, until it is re-applied, duplicates (invisible: a fetch
 * merges overlapping blocks) or points its deletes should have removed (visible).
 *
 * Applies MUST come from one process per series at a time (the Kafka consumer group gives each store
 * instance its own partitions, and a series lives in one partition).
 */
export class HBaseDatapointStore implements DatapointStore {
  private readonly tracker: HeadTracker;

  constructor(
    private readonly db: HBaseDatabase,
    mergeSmallBlocks = true,
  ) {
    this.tracker = new HeadTracker(mergeSmallBlocks);
  }

  async apply(writes: readonly DatapointWrite[], commit?: CheckpointCommit): Promise<void> {
    checkDatapointWrites(writes);
    checkCommit(commit);
    this.db.assertOpen();
    await this.db.run(async () => {
      if (writes.length > 0) {
        // maxVersion = MAX: the planner reads every key it writes (see the class comment).
        const planned = await this.decoding(() => planDatapointWrites(this.db.blocks, writes, { seq: this.db.clock.next(), maxVersion: Number.MAX_SAFE_INTEGER }, this.tracker));
        // On failure the tracker keeps the blocks it knew: re-applying then merges them again (and the
        // merged block already written under the same key), which removes what the failed write left.
        await this.db.blocks.write(planned.ops);
        planned.afterCommit?.();
      }
      if (commit !== undefined) await this.db.writeCheckpoint(commit);
    });
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
    await this.decoding(async () => {
      for await (const [key, value] of this.db.blocks.scan(start, end)) {
        const maxTs = blockKeyMaxTs(key);
        if (!scan.wants(maxTs)) break;
        scan.offer(maxTs, blockKeyVersion(key), value);
      }
    });
    return scan.columns();
  }

  /** Removes every block row, TRUNCATE_BATCH at a time (checkpoints and series rows stay). */
  async truncate(): Promise<void> {
    this.db.assertOpen();
    const { start, end } = prefixRange(BLOCK_PREFIX);
    await this.db.run(async () => {
      this.tracker.clear();
      let batch: Uint8Array[] = [];
      for await (const key of this.db.blocks.keys(start, end)) {
        batch.push(key);
        if (batch.length >= TRUNCATE_BATCH) {
          await this.db.blocks.write(batch.map((k) => ({ key: k, value: undefined })));
          batch = [];
        }
      }
      await this.db.blocks.write(batch.map((k) => ({ key: k, value: undefined })));
    });
  }

  /** A stored block this code cannot decode: corrupt or from a newer format, never retriable. */
  private async decoding<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (err) {
      if (err instanceof BlockFormatError) throw new HBaseStoreError(`cannot read a block in ${this.db.where}: ${err.message}`, { retriable: false, cause: err });
      throw err;
    }
  }
}
