import { ValidationError } from '../../../../domain/errors.js';
import type { CheckpointCommit } from '../../../../domain/ports/checkpoint-store.js';
import type { RegistryWrite, SeriesRegistry } from '../../../../domain/ports/series-registry.js';
import { seriesIdFromBytes, type Series, type SeriesId } from '../../../../domain/series/series.js';
import type { KvOp } from '../embedded/kv-engine.js';
import { decodeSeriesRow, encodeSeriesRow } from '../embedded/registry-codec.js';
import { prefixRange, REGISTRY_PREFIX, registryKey } from '../embedded/store-keys.js';
import { checkCommit } from '../memory/write-checks.js';
import type { HBaseDatabase } from './hbase-database.js';
import { HBaseStoreError } from './hbase-error.js';
import { rowKeyOf } from './hbase-row-keys.js';

/**
 * SeriesRegistry on HBase: one row per series, `M || series id` (reference §3.3's metadata row, hex
 * after the prefix: hbase-row-keys.ts), family m, empty qualifier; the value is the embedded store's
 * registry row (embedded/registry-codec.ts: JSON of class, labels, attributes, lastActivity), not Warp 10's
 * AES-wrapped Thrift, so a Warp 10 directory cannot read these rows.
 *
 * NOT ATOMIC: `apply` writes the upserts, then the removals, then the checkpoint row of `commit`; each row
 * is written whole (an upsert stores the series as the projection computed it), so re-applying after a
 * failure converges (the directory projection is idempotent). `all()` streams the rows in key order.
 */
export class HBaseSeriesRegistry implements SeriesRegistry {
  constructor(private readonly db: HBaseDatabase) {}

  async apply(writes: readonly RegistryWrite[], commit?: CheckpointCommit): Promise<void> {
    for (const w of writes) {
      if (w.type === 'upsert' && !(w.series.labels instanceof Map && w.series.attributes instanceof Map)) {
        throw new ValidationError(`cannot register series ${w.series.id}: labels and attributes must be Maps`);
      }
    }
    checkCommit(commit);
    this.db.assertOpen();
    // The last write of a series wins: one op per row, so the order of puts and deletes does not matter.
    const ops = new Map<SeriesId, KvOp>();
    for (const w of writes) {
      const id = w.type === 'upsert' ? w.series.id : w.id;
      ops.delete(id);
      ops.set(id, { key: registryKey(id), value: w.type === 'upsert' ? encodeSeriesRow(w.series) : undefined });
    }
    await this.db.run(async () => {
      if (ops.size > 0) await this.db.series.write([...ops.values()]);
      if (commit !== undefined) await this.db.writeCheckpoint(commit);
    });
  }

  async get(id: SeriesId): Promise<Series | undefined> {
    this.db.assertOpen();
    const key = registryKey(id);
    const value = await this.db.series.get(key);
    return value === undefined ? undefined : this.decode(key, value);
  }

  async *all(): AsyncIterable<Series> {
    this.db.assertOpen();
    const { start, end } = prefixRange(REGISTRY_PREFIX);
    for await (const [key, value] of this.db.series.scan(start, end)) yield this.decode(key, value);
  }

  async truncate(): Promise<void> {
    this.db.assertOpen();
    const { start, end } = prefixRange(REGISTRY_PREFIX);
    await this.db.run(async () => {
      const ops: KvOp[] = [];
      for await (const key of this.db.series.keys(start, end)) ops.push({ key, value: undefined });
      await this.db.series.write(ops);
    });
  }

  private decode(key: Uint8Array, value: Uint8Array): Series {
    try {
      if (key.length !== 17) throw new TypeError('the row key is not M followed by a 16-byte series id');
      return decodeSeriesRow(seriesIdFromBytes(key.subarray(1)), value);
    } catch (err) {
      throw new HBaseStoreError(`cannot read series row ${rowKeyOf(key)} in HBase ${this.db.client.url} table ${this.db.metadataTable}: ${(err as Error).message}`, { retriable: false, cause: err });
    }
  }
}
