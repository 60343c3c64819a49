import type { KvEntry, KvEngine, KvOp } from '../embedded/kv-engine.js';
import type { CellRead } from './hbase-cellset.js';
import { rowKeyOf, storeKeyOf } from './hbase-row-keys.js';
import type { HBaseRestClient } from './hbase-rest-client.js';
import type { HybridClock } from './hybrid-clock.js';

/** Rows per scanner round trip unless told otherwise. */
export const DEFAULT_SCAN_BATCH = 64;

/**
 * The rows of one column family of one HBase table, seen as the ordered key-value engine of the embedded
 * store (kv-engine.ts), so that the embedded store's block planner, delete planner and fetch scan run
 * unchanged on HBase. Keys are the embedded store's byte keys, stored under their printable row keys
 * (hbase-row-keys.ts), one cell per row in column `<family>:` (empty qualifier, as Warp 10's rows).
 *
 * DEVIATION from KvEngine: `write` is NOT atomic — HBase mutates rows one by one. It is ORDERED so that
 * a failure part-way leaves only states the planner's output tolerates: every put first (new and merged
 * blocks), then every delete (the blocks they replace). A crash between the two leaves duplicate points
 * (a fetch merges overlapping blocks) or points a delete had removed still present; callers (the
 * datapoint store) store their checkpoint only after `write` returned, so the log is replayed from the
 * previous checkpoint and re-applying the same records converges to the same rows (idempotency,
 * STYLE.md "One projection, two logs" point 4). Every mutation carries a timestamp from `clock`, puts
 * before deletes, so that a row deleted and written again is visible (hybrid-clock.ts).
 */
export class HBaseRows implements KvEngine {
  readonly name = 'hbase';
  private readonly column: string;

  constructor(
    private readonly client: HBaseRestClient,
    readonly table: string,
    readonly family: string,
    private readonly clock: HybridClock,
    private readonly scanBatch = DEFAULT_SCAN_BATCH,
  ) {
    this.column = `${family}:`;
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.valueOf(await this.client.getRow(this.table, rowKeyOf(key)));
  }

  async getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    if (keys.length === 0) return [];
    const rows = keys.map(rowKeyOf);
    const found = await this.client.multiGet(this.table, [...new Set(rows)]);
    return rows.map((row) => this.valueOf(found.get(row) ?? []));
  }

  async *scan(start: Uint8Array, end: Uint8Array): AsyncIterable<KvEntry> {
    for await (const cell of this.client.scan(this.table, { startRow: rowKeyOf(start), endRow: rowKeyOf(end), column: this.column, batch: this.scanBatch })) {
      if (cell.column === this.column) yield [storeKeyOf(cell.row), cell.value];
    }
  }

  async *keys(start: Uint8Array, end: Uint8Array): AsyncIterable<Uint8Array> {
    const scan = { startRow: rowKeyOf(start), endRow: rowKeyOf(end), column: this.column, batch: this.scanBatch * 16, keysOnly: true };
    for await (const cell of this.client.scan(this.table, scan)) yield storeKeyOf(cell.row);
  }

  /** Puts, then deletes (see the class comment): not atomic, ordered. */
  async write(ops: readonly KvOp[]): Promise<void> {
    const puts = ops.filter((op) => op.value !== undefined);
    if (puts.length > 0) {
      const timestamp = this.clock.next();
      await this.client.put(
        this.table,
        puts.map((op) => ({ row: rowKeyOf(op.key), column: this.column, value: op.value as Uint8Array, timestamp })),
      );
    }
    const deletes = ops.filter((op) => op.value === undefined).map((op) => rowKeyOf(op.key));
    if (deletes.length > 0) await this.client.deleteRows(this.table, deletes, this.family, this.clock.next());
  }

  /** HBase persists each acknowledged mutation in its write-ahead log: nothing to flush. */
  async flush(): Promise<void> {}

  /** The REST client holds no connection of its own (fetch's pool): nothing to close. */
  async close(): Promise<void> {}

  private valueOf(cells: readonly CellRead[]): Uint8Array | undefined {
    return cells.find((c) => c.column === this.column)?.value;
  }
}
