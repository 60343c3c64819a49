import { loadConfig } from '../config/config.loader.js';
import { createHBaseTables } from './wiring.js';

export interface HBaseCreateTableOptions {
  /** REST gateway URL; else `hbase.rest.url` from the configuration. */
  readonly rest?: string;
  /** Table to create; else `store.hbase.data.table` and `directory.hbase.metadata.table`. */
  readonly table?: string;
  /** Compression of family v (Warp 10 uses LZ4, which needs native codecs on the region servers). */
  readonly compression?: string;
  readonly dataDir?: string;
  readonly config?: string;
}

const COMPRESSIONS = ['NONE', 'LZ4'] as const;

/**
 * `continuum hbase create-table`: what Warp 10's etc/continuum.hbase does, through the HBase REST gateway —
 * creates the store table(s) with column families m (series, checkpoints) and v (datapoint blocks).
 * A table that already has both families is left alone. Returns the lines to print.
 */
export async function hbaseCreateTableCommand(options: HBaseCreateTableOptions): Promise<string[]> {
  const { config } = loadConfig({ dataDir: options.dataDir, configFile: options.config });
  const url = options.rest ?? config.get('hbase.rest.url');
  if (url === undefined || url === '') throw new Error('no HBase REST gateway: give --rest <url> or set hbase.rest.url');
  const compression = (options.compression ?? 'NONE').toUpperCase();
  if (!(COMPRESSIONS as readonly string[]).includes(compression)) throw new Error(`--compression must be one of ${COMPRESSIONS.join(', ')}, got '${options.compression}'`);
  const tables = options.table !== undefined ? [options.table] : [config.get('store.hbase.data.table'), config.get('directory.hbase.metadata.table')];
  const results = await createHBaseTables({ url, tables, compression: compression as (typeof COMPRESSIONS)[number] });
  return results.map((r) => (r.created ? `created table ${r.table} (families m, v) at ${url}` : `table ${r.table} already exists at ${url} (families m, v)`));
}
