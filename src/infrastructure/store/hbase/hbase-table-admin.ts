import { DATA_FAMILY, METADATA_FAMILY } from './hbase-database.js';
import { HBaseStoreError } from './hbase-error.js';
import type { HBaseRestClient, TableSchemaJson } from './hbase-rest-client.js';

/** Column family settings of Warp 10's etc/continuum.hbase, except compression (see createStoreTable). */
const FAMILY_SETTINGS = {
  DATA_BLOCK_ENCODING: 'FAST_DIFF',
  BLOOMFILTER: 'NONE',
  REPLICATION_SCOPE: '0',
  VERSIONS: '1',
  MIN_VERSIONS: '0',
  TTL: '2147483647',
  KEEP_DELETED_CELLS: 'false',
  BLOCKSIZE: '65536',
  IN_MEMORY: 'false',
  BLOCKCACHE: 'true',
} as const;

export interface CreateTableOptions {
  /**
   * Compression of family v. Warp 10 uses LZ4, which needs the native codec on every region server;
   * blocks are already delta-encoded, so the default is NONE. @default 'NONE'
   */
  readonly compression?: 'NONE' | 'LZ4' | 'SNAPPY' | 'GZ' | 'ZSTD';
}

/** What createStoreTable did. */
export interface CreateTableResult {
  readonly table: string;
  readonly created: boolean;
}

/** The descriptor of a store table: families m and v (as `create 'continuum', {NAME => 'm', …}, {NAME => 'v', …}`). */
export function storeTableSchema(table: string, options: CreateTableOptions = {}): TableSchemaJson {
  return {
    name: table,
    MAX_FILESIZE: '10737418240',
    ColumnSchema: [
      { name: METADATA_FAMILY, ...FAMILY_SETTINGS, COMPRESSION: 'NONE' },
      { name: DATA_FAMILY, ...FAMILY_SETTINGS, COMPRESSION: options.compression ?? 'NONE' },
    ],
  };
}

/** The store families a table lacks (empty: it can hold the store). */
export function missingFamilies(schema: TableSchemaJson): string[] {
  const have = new Set((schema.ColumnSchema ?? []).map((f) => f.name));
  return [METADATA_FAMILY, DATA_FAMILY].filter((f) => !have.has(f));
}

/**
 * What Warp 10's etc/continuum.hbase does, through the REST gateway: creates `table` with families m
 * and v. A table that already has both is left as it is (created: false); one that lacks a family is an
 * error, not altered, because altering disables a table that may be serving.
 */
export async function createStoreTable(client: HBaseRestClient, table: string, options: CreateTableOptions = {}): Promise<CreateTableResult> {
  const existing = await client.tableSchema(table);
  if (existing !== undefined) {
    const missing = missingFamilies(existing);
    if (missing.length > 0) {
      throw new HBaseStoreError(`cannot use table ${table} at ${client.url}: it exists without famil${missing.length > 1 ? 'ies' : 'y'} ${missing.join(', ')}; add them with the HBase shell (alter '${table}', …)`, { retriable: false });
    }
    return { table, created: false };
  }
  await client.createTable(storeTableSchema(table, options));
  return { table, created: true };
}
