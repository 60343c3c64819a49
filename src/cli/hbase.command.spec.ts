import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HBaseRestFake } from '../../test/harness/hbase-rest-fake.js';
import { hbaseCreateTableCommand } from './hbase.command.js';

let gateway: HBaseRestFake;
let dataDir: string;

beforeAll(async () => {
  gateway = await HBaseRestFake.start();
});
afterAll(async () => {
  await gateway.stop();
});
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'continuum-hbase-cli-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('continuum hbase create-table', () => {
  it('creates the configured tables, then says they exist', async () => {
    writeFileSync(join(dataDir, 'continuum.conf'), `hbase.rest.url = ${gateway.url}\nstore.hbase.data.table = cdata\ndirectory.hbase.metadata.table = cmeta\n`);

    expect(await hbaseCreateTableCommand({ dataDir })).toEqual([`created table cdata (families m, v) at ${gateway.url}`, `created table cmeta (families m, v) at ${gateway.url}`]);
    expect(await hbaseCreateTableCommand({ dataDir, table: 'cdata' })).toEqual([`table cdata already exists at ${gateway.url} (families m, v)`]);
  });

  it('takes the gateway and the table from the command line, continuum by default', async () => {
    expect(await hbaseCreateTableCommand({ dataDir, rest: gateway.url, compression: 'lz4' })).toEqual([`created table continuum (families m, v) at ${gateway.url}`]);
    expect(gateway.table('continuum')?.schema['ColumnSchema']).toContainEqual(expect.objectContaining({ name: 'v', COMPRESSION: 'LZ4' }));
  });

  it.each<[string, object, RegExp]>([
    ['no gateway', {}, /--rest/],
    ['an unknown compression', { rest: 'http://127.0.0.1:1', compression: 'brotli' }, /--compression must be one of NONE, LZ4/],
  ])('refuses %s', async (_name, options, message) => {
    await expect(hbaseCreateTableCommand({ dataDir, ...options })).rejects.toThrow(message);
  });
});
