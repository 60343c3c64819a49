import type { Checkpoint } from '../../../../domain/ports/checkpoint.js';
import type { CheckpointCommit } from '../../../../domain/ports/checkpoint-store.js';
import { checkpointKey } from '../embedded/store-keys.js';
import { checkpointCells, checkpointFromCells } from './hbase-checkpoint-row.js';
import { HBaseStoreError } from './hbase-error.js';
import { rowKeyOf } from './hbase-row-keys.js';
import type { HBaseRestClient } from './hbase-rest-client.js';
import { DEFAULT_SCAN_BATCH, HBaseRows } from './hbase-rows.js';
import { HybridClock } from './hybrid-clock.js';

/** Column families of the store table, as Warp 10's etc/continuum.hbase creates them. */
export const METADATA_FAMILY = 'm';
export const DATA_FAMILY = 'v';


/**
 * What the three HBase adapters share: the REST client, the tables, the clock stamping every mutation,
 * and one queue that runs every write (apply, checkpoint store, reset, truncate) after the previous one,
 * as the block planner requires (it plans against the rows as they are) and so that a checkpoint never
 * overtakes the writes it describes. Reads are not queued: they see committed rows, and during a write
 * possibly part of it (writes are not atomic, see hbase-rows.ts).
 *
 * Rows: `D…` blocks (family v) and `C…` checkpoints (family m) in the data table, `M…` series (family m)
 * in the metadata table (the same table by default).
 */
export class HBaseDatabase {
  readonly clock = new HybridClock();
  /** Blocks: D rows, family v, of the data table. */
  readonly blocks: HBaseRows;
  /** Series registry: M rows, family m, of the metadata table. */
  readonly series: HBaseRows;
  /** Checkpoints: C rows, family m, of the data table. */
  readonly checkpoints: HBaseRows;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    readonly client: HBaseRestClient,
    readonly dataTable: string,
    readonly metadataTable: string,
    scanBatch = DEFAULT_SCAN_BATCH,
  ) {
    this.blocks = new HBaseRows(client, dataTable, DATA_FAMILY, this.clock, scanBatch);
    this.series = new HBaseRows(client, metadataTable, METADATA_FAMILY, this.clock, scanBatch);
    this.checkpoints = new HBaseRows(client, dataTable, METADATA_FAMILY, this.clock, scanBatch);
  }

  /** Where messages say the store is. */
  get where(): string {
    return `HBase ${this.client.url} table ${this.dataTable}`;
  }

  /** Runs `write` after every earlier one (a failed write does not stop later ones). */
  run<T>(write: () => Promise<T>): Promise<T> {
    const next = this.queue.then(() => {
      this.assertOpen();
      return write();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Fails fast once closed. */
  assertOpen(): void {
    if (this.closed) throw new HBaseStoreError(`cannot use the store in ${this.where}: it is closed`, { retriable: false });
  }

  /**
   * Writes a checkpoint (a column per partition, only the partitions the commit advanced: see
   * hbase-checkpoint-row.ts): call it only once the writes it describes have returned.
   */
  async writeCheckpoint(commit: CheckpointCommit): Promise<void> {
    const row = rowKeyOf(checkpointKey(commit.projection));
    const timestamp = this.clock.next();
    await this.client.put(this.dataTable, checkpointCells(row, METADATA_FAMILY, commit, timestamp));
    if (commit.partitions === undefined) await this.client.deleteRows(this.dataTable, [row], METADATA_FAMILY, timestamp - 1);
  }

  async readCheckpoint(projection: string): Promise<Checkpoint | undefined> {
    const cells = await this.client.getRow(this.dataTable, rowKeyOf(checkpointKey(projection)));
    try {
      return checkpointFromCells(cells, METADATA_FAMILY);
    } catch (err) {
      throw new HBaseStoreError(`cannot read the checkpoint of ${projection} (row ${rowKeyOf(checkpointKey(projection))}) in ${this.where}: ${(err as Error).message}`, { retriable: false, cause: err });
    }
  }

  /** Waits for the writes in flight, then refuses new calls. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
  }
}
