import { HBaseRestFake } from '../../../../test/harness/hbase-rest-fake.js';
import { HBaseStoreError } from './hbase-error.js';
import { HBaseRestClient } from './hbase-rest-client.js';
import { createHBaseTables } from './hbase-store.js';
import { createStoreTable, storeTableSchema } from './hbase-table-admin.js';

let gateway: HBaseRestFake;
let client: HBaseRestClient;

beforeAll(async () => {
  gateway = await HBaseRestFake.start();
  client = new HBaseRestClient({ url: gateway.url });
});
afterAll(async () => {
  await gateway.stop();
});

describe('createStoreTable (what etc/continuum.hbase does)', () => {
  it('creates the table with families m and v, one version each, as Warp 10 does', async () => {
    expect(await createStoreTable(client, 'continuum', { compression: 'LZ4' })).toEqual({ table: 'continuum', created: true });

    const schema = await client.tableSchema('continuum');
    expect(schema?.ColumnSchema.map((f) => [f.name, f['VERSIONS'], f['DATA_BLOCK_ENCODING'], f['COMPRESSION'], f['TTL']])).toEqual([
      ['m', '1', 'FAST_DIFF', 'NONE', '2147483647'],
      ['v', '1', 'FAST_DIFF', 'LZ4', '2147483647'],
    ]);
  });

  it('leaves a table that already has both families as it is', async () => {
    await createStoreTable(client, 'twice');
    const requests = gateway.requests.length;

    expect(await createStoreTable(client, 'twice')).toEqual({ table: 'twice', created: false });
    expect(gateway.requests.slice(requests).map((r) => r.method)).toEqual(['GET']);
  });

  it('refuses, without altering it, a table that lacks a family', async () => {
    await client.createTable({ name: 'partial', ColumnSchema: [{ name: 'v' }] });

    const err = await createStoreTable(client, 'partial').catch((e: unknown) => e);

    expect(err).toBeInstanceOf(HBaseStoreError);
    expect((err as Error).message).toMatch(/exists without family m/);
    expect((await client.tableSchema('partial'))?.ColumnSchema.map((f) => f.name)).toEqual(['v']);
  });

  it('creates each distinct table once', async () => {
    expect(await createHBaseTables({ url: gateway.url, tables: ['data1', 'meta1', 'data1'] })).toEqual([
      { table: 'data1', created: true },
      { table: 'meta1', created: true },
    ]);
    expect(storeTableSchema('x').ColumnSchema.map((f) => f['COMPRESSION'])).toEqual(['NONE', 'NONE']);
  });
});
