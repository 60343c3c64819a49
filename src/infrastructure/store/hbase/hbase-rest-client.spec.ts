import { HBaseRestFake } from '../../../../test/harness/hbase-rest-fake.js';
import type { CellRead, CellWrite } from './hbase-cellset.js';
import { HBaseStoreError } from './hbase-error.js';
import { HBaseRestClient } from './hbase-rest-client.js';
import { createStoreTable } from './hbase-table-admin.js';

let gateway: HBaseRestFake;
let client: HBaseRestClient;
let table: string;
let n = 0;
/** A URL where nothing listens (a gateway that was stopped). */
let deadUrl: string;

beforeAll(async () => {
  gateway = await HBaseRestFake.start();
  const dead = await HBaseRestFake.start();
  deadUrl = dead.url;
  await dead.stop();
});
afterAll(async () => {
  await gateway.stop();
});
beforeEach(async () => {
  client = new HBaseRestClient({ url: gateway.url });
  table = `client${++n}`;
  await createStoreTable(client, table);
  gateway.requests.length = 0;
});
afterEach(() => gateway.clearFailures());

const cell = (row: string, value: Uint8Array | string, timestamp = 1000, column = 'v:'): CellWrite => ({ row, column, timestamp, value: typeof value === 'string' ? Buffer.from(value) : value });
const text = (cells: readonly CellRead[]) => cells.map((c) => `${c.row}=${Buffer.from(c.value).toString()}`);
const count = (method: string, path: RegExp) => gateway.requests.filter((r) => r.method === method && path.test(r.path)).length;

async function collect<T>(it: AsyncIterable<T>, max = Infinity): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) if (out.push(x) >= max) break;
  return out;
}

async function failure(p: Promise<unknown>): Promise<HBaseStoreError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HBaseStoreError);
  return err as HBaseStoreError;
}

describe('HBaseRestClient against a REST gateway', () => {
  it('writes rows with a multi-row put and reads them back byte for byte, with their timestamps', async () => {
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    await client.put(table, [cell('Da', every, 5), cell('Mb', 'x', 7, 'm:')]);

    expect(await client.getRow(table, 'Da')).toEqual([{ row: 'Da', column: 'v:', timestamp: 5, value: every }]);
    expect(await client.getRow(table, 'Mb')).toMatchObject([{ column: 'm:', timestamp: 7 }]);
    expect(await client.getRow(table, 'Dzz')).toEqual([]);
  });

  it('cuts a large put into requests of bounded size', async () => {
    const small = new HBaseRestClient({ url: gateway.url, putBatchBytes: 2000 });
    const cells = Array.from({ length: 40 }, (_, i) => cell(`D${String(i).padStart(3, '0')}`, 'y'.repeat(100)));

    await small.put(table, cells);

    expect(count('PUT', /\/fakerow$/)).toBeGreaterThan(2);
    expect(await collect(client.scan(table, { startRow: 'D', endRow: 'E', column: 'v:', batch: 1000 }))).toHaveLength(40);
  });

  it('reads many rows with multigets of at most 60 rows, leaving absent rows out', async () => {
    const rows = Array.from({ length: 130 }, (_, i) => `D${String(i).padStart(3, '0')}`);
    await client.put(table, rows.filter((_, i) => i % 2 === 0).map((r) => cell(r, r)));

    const found = await client.multiGet(table, rows);

    expect(count('GET', /\/multiget$/)).toBe(3);
    expect([...found.keys()].sort()).toEqual(rows.filter((_, i) => i % 2 === 0));
    expect(text(found.get('D004') ?? [])).toEqual(['D004=D004']);
    expect(await client.multiGet(table, ['Dnone', 'Dnada'])).toEqual(new Map());
  });

  it('scans [startRow, endRow) of one column in batches, then closes the scanner', async () => {
    await client.put(table, ['C1', 'D1', 'D2', 'D3', 'D4', 'D5', 'E1'].map((r) => cell(r, r)));
    await client.put(table, [cell('D3', 'meta', 1000, 'm:')]);

    const got = await collect(client.scan(table, { startRow: 'D1', endRow: 'D5', column: 'v:', batch: 2 }));

    expect(text(got)).toEqual(['D1=D1', 'D2=D2', 'D3=D3', 'D4=D4']);
    expect(count('GET', /\/scanner\/\w+$/)).toBe(3);
    expect(gateway.openScanners).toBe(0);
  });

  it('closes the scanner when the caller stops early, and returns keys only when asked', async () => {
    await client.put(table, ['D1', 'D2', 'D3'].map((r) => cell(r, 'value')));

    expect(text(await collect(client.scan(table, { startRow: 'D', endRow: 'E', column: 'v:', batch: 1 }), 1))).toEqual(['D1=value']);
    expect(gateway.openScanners).toBe(0);
    expect(text(await collect(client.scan(table, { startRow: 'D', endRow: 'E', column: 'v:', batch: 10, keysOnly: true })))).toEqual(['D1=', 'D2=', 'D3=']);
  });

  it('deletes rows up to a timestamp: a later write stamped at or below it stays hidden, one above it shows', async () => {
    await client.put(table, [cell('D1', 'old', 10), cell('D2', 'old', 10)]);
    await client.deleteRows(table, ['D1', 'D2'], 'v', 20);
    await client.put(table, [cell('D1', 'same-ms', 20), cell('D2', 'later', 21)]);

    expect(await client.getRow(table, 'D1')).toEqual([]);
    expect(text(await client.getRow(table, 'D2'))).toEqual(['D2=later']);
  });

  it('keeps the cell with the highest timestamp, and the later write at equal timestamps', async () => {
    await client.put(table, [cell('D1', 'new', 30)]);
    await client.put(table, [cell('D1', 'older', 29)]);
    await client.put(table, [cell('D2', 'first', 30)]);
    await client.put(table, [cell('D2', 'second', 30)]);

    expect(text(await client.multiGet(table, ['D1', 'D2']).then((m) => [...m.values()].flat()))).toEqual(['D1=new', 'D2=second']);
  });

  it.each<[string, () => Promise<unknown>, { retriable: boolean; status?: number; message: RegExp }]>([
    ['a missing table', () => client.put('nope', [cell('D1', 'x')]), { retriable: false, status: 404, message: /HTTP 404.*continuum hbase create-table/ }],
    ['a missing family', () => client.put(table, [cell('D1', 'x', 1, 'z:')]), { retriable: false, status: 404, message: /HTTP 404/ }],
    ['an unreachable gateway', () => new HBaseRestClient({ url: deadUrl }).getRow(table, 'D1'), { retriable: true, message: /ECONNREFUSED/ }],
  ])('reports %s', async (_name, call, want) => {
    const e = await failure(call());
    expect({ retriable: e.retriable, status: e.status }).toEqual({ retriable: want.retriable, status: want.status });
    expect(e.message).toMatch(want.message);
  });

  it('reports HBase unavailable (503) as retriable, whatever the call', async () => {
    gateway.failWhen({ status: 503 });

    for (const call of [() => client.put(table, [cell('D1', 'x')]), () => client.multiGet(table, ['D1']), () => collect(client.scan(table, { startRow: 'D', endRow: 'E', column: 'v:', batch: 5 }))]) {
      const e = await failure(call());
      expect({ retriable: e.retriable, status: e.status }).toEqual({ retriable: true, status: 503 });
    }
  });
});
