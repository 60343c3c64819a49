import { HBaseCheckpointStore } from './hbase-checkpoint-store.js';
import { HBaseDatabase } from './hbase-database.js';
import { HBaseDatapointStore } from './hbase-datapoint-store.js';
import { HBaseStoreError } from './hbase-error.js';
import { HBaseRestClient, type HBaseRestClientOptions } from './hbase-rest-client.js';
import { DEFAULT_SCAN_BATCH } from './hbase-rows.js';
import { HBaseSeriesRegistry } from './hbase-series-registry.js';
import { createStoreTable, missingFamilies, type CreateTableResult } from './hbase-table-admin.js';

export interface HBaseStoreOptions extends HBaseRestClientOptions {
  /** Table of blocks and checkpoints (config `store.hbase.data.table`). @default 'continuum' */
  readonly dataTable?: string;
  /** Table of the series registry (config `directory.hbase.metadata.table`). @default dataTable */
  readonly metadataTable?: string;
  /** Merge the small blocks of applies that carry few points per series (embedded/head-tracker.ts). @default true */
  readonly mergeSmallBlocks?: boolean;
  /** Rows per scanner round trip. @default 64 */
  readonly scanBatch?: number;
}

/** The three read-model adapters over one HBase cluster, reached through its REST gateway. */
export interface HBaseStore {
  readonly datapoints: HBaseDatapointStore;
  readonly registry: HBaseSeriesRegistry;
  readonly checkpoints: HBaseCheckpointStore;
  /** Waits for writes in flight, then refuses new calls. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens the HBase store adapters (issue 4, point 7): checks that the tables exist with families m and v
 * (HBaseStoreError naming `continuum hbase create-table` otherwise; retriable when the gateway cannot be
 * reached). The REST gateway is used because `hbase-rpc-client` only speaks HBase 0.98/1.x.
 * Unlike the embedded store, writes are not atomic: see HBaseDatapointStore.
 */
export async function openHBaseStore(options: HBaseStoreOptions): Promise<HBaseStore> {
  const client = new HBaseRestClient(options);
  const dataTable = options.dataTable ?? 'continuum';
  const metadataTable = options.metadataTable ?? dataTable;
  for (const table of new Set([dataTable, metadataTable])) {
    const schema = await client.tableSchema(table);
    if (schema === undefined) throw new HBaseStoreError(`cannot open the store: table ${table} does not exist at ${client.url} (run \`continuum hbase create-table\`)`, { retriable: false });
    const missing = missingFamilies(schema);
    if (missing.length > 0) throw new HBaseStoreError(`cannot open the store: table ${table} at ${client.url} has no family ${missing.join(', ')}`, { retriable: false });
  }
  const db = new HBaseDatabase(client, dataTable, metadataTable, options.scanBatch ?? DEFAULT_SCAN_BATCH);
  return {
    datapoints: new HBaseDatapointStore(db, options.mergeSmallBlocks ?? true),
    registry: new HBaseSeriesRegistry(db),
    checkpoints: new HBaseCheckpointStore(db),
    close: () => db.close(),
  };
}

/** `continuum hbase create-table`: creates each distinct table with families m and v (see createStoreTable). */
export async function createHBaseTables(options: HBaseRestClientOptions & { readonly tables: readonly string[]; readonly compression?: 'NONE' | 'LZ4' }): Promise<CreateTableResult[]> {
  const client = new HBaseRestClient(options);
  const out: CreateTableResult[] = [];
  for (const table of new Set(options.tables)) out.push(await createStoreTable(client, table, { compression: options.compression }));
  return out;
}
