import { ValidationError } from '../../../../domain/errors.js';
import type { CheckpointCommit } from '../../../../domain/ports/checkpoint-store.js';
import type { RegistryWrite, SeriesRegistry } from '../../../../domain/ports/series-registry.js';
import { seriesIdFromBytes, type Series, type SeriesId } from '../../../../domain/series/series.js';
import { checkCommit } from '../memory/write-checks.js';
import { EmbeddedStoreError, type EmbeddedDatabase } from './embedded-database.js';
import { isSyncIterable, type KvEntry, type KvOp } from './kv-engine.js';
import { decodeSeriesRow, encodeSeriesRow } from './registry-codec.js';
import { prefixRange, REGISTRY_PREFIX, registryKey } from './store-keys.js';

/**
 * SeriesRegistry over the embedded database: one 'M' row per series (registry-codec.ts). `apply` writes
 * its rows and the checkpoint commit in one atomic engine write. `all` streams the rows in key order.
 */
export class EmbeddedSeriesRegistry implements SeriesRegistry {
  constructor(private readonly db: EmbeddedDatabase) {}

  async apply(writes: readonly RegistryWrite[], commit?: CheckpointCommit): Promise<void> {
    for (const w of writes) {
      if (w.type === 'upsert' && !(w.series.labels instanceof Map && w.series.attributes instanceof Map)) {
        throw new ValidationError(`cannot register series ${w.series.id}: labels and attributes must be Maps`);
      }
    }
    checkCommit(commit);
    this.db.assertOpen();
    const ops: KvOp[] = writes.map((w) =>
      w.type === 'upsert' ? { key: registryKey(w.series.id), value: encodeSeriesRow(w.series) } : { key: registryKey(w.id), value: undefined },
    );
    await this.db.apply(() => ops, commit);
  }

  async get(id: SeriesId): Promise<Series | undefined> {
    this.db.assertOpen();
    const value = await this.db.engine.get(registryKey(id));
    return value === undefined ? undefined : this.decode(id, value);
  }

  async *all(): AsyncIterable<Series> {
    this.db.assertOpen();
    const { start, end } = prefixRange(REGISTRY_PREFIX);
    const rows = this.db.engine.scan(start, end);
    if (isSyncIterable(rows)) {
      for (const row of rows) yield this.decodeEntry(row);
    } else {
      for await (const row of rows) yield this.decodeEntry(row);
    }
  }

  async truncate(): Promise<void> {
    this.db.assertOpen();
    const { start, end } = prefixRange(REGISTRY_PREFIX);
    const engine = this.db.engine;
    await this.db.apply(async () => {
      const ops: KvOp[] = [];
      const keys = engine.keys(start, end);
      if (isSyncIterable(keys)) for (const key of keys) ops.push({ key, value: undefined });
      else for await (const key of keys) ops.push({ key, value: undefined });
      return ops;
    });
  }

  private decodeEntry([key, value]: KvEntry): Series {
    return this.decode(seriesIdFromBytes(key.subarray(1)), value);
  }

  private decode(id: SeriesId, value: Uint8Array): Series {
    try {
      return decodeSeriesRow(id, value);
    } catch (err) {
      throw new EmbeddedStoreError(`cannot read series ${id} from the embedded store in ${this.db.dir}: ${(err as Error).message}`, { retriable: false, cause: err });
    }
  }
}
