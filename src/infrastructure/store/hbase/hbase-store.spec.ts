import { MAX_TS, MIN_TS, type Datapoint } from '../../../../domain/datapoints/datapoint.js';
import { long, string } from '../../../../domain/datapoints/value.js';
import type { DatapointWrite, FetchRange } from '../../../../domain/ports/datapoint-store.js';
import { seriesIdOf, type Series } from '../../../../domain/series/series.js';
import { DatapointModel, seededRandom } from '../../../../test/contract/datapoint-model.js';
import { HBaseRestFake } from '../../../../test/harness/hbase-rest-fake.js';
import { HBaseStoreError } from './hbase-error.js';
import { HBaseRestClient } from './hbase-rest-client.js';
import { openHBaseStore, type HBaseStore } from './hbase-store.js';
import { createStoreTable } from './hbase-table-admin.js';

const ALL: FetchRange = { start: MIN_TS, end: MAX_TS };
const S = [seriesIdOf(1n, 1n), seriesIdOf(1n, 2n), seriesIdOf(-5n, 7n)];
const p = (ts: number, v = ts): Datapoint => ({ ts: BigInt(ts), value: long(BigInt(v)) });
const put = (series: number, version: number, ...ts: number[]): DatapointWrite => ({ type: 'put', series: S[series], version, points: ts.map((t) => p(t, version)) });
const del = (series: number, start: number, end: number): DatapointWrite => ({ type: 'delete', series: S[series], start: BigInt(start), end: BigInt(end) });
/** HBase unavailable for row deletes (scanners still close). */
const ROW_DELETES_FAIL = { method: 'DELETE', path: /^\/[^/]+\/[CDM][0-9a-f]/, status: 503 };
const commit = (next: number) => ({ projection: 'store', checkpoint: new Map([[0, next]]) });

let gateway: HBaseRestFake;
let table: string;
let n = 0;
const open: HBaseStore[] = [];

beforeAll(async () => {
  gateway = await HBaseRestFake.start();
});
afterAll(async () => {
  await gateway.stop();
});
beforeEach(async () => {
  table = `store${++n}`;
  await createStoreTable(new HBaseRestClient({ url: gateway.url }), table);
});
afterEach(async () => {
  gateway.clearFailures();
  for (const s of open.splice(0)) await s.close();
});

/** The block rows of this test's table. */
function blockRows(): string[] {
  return (gateway.table(table)?.keys() ?? []).map((k) => k.toString('latin1')).filter((k) => k.startsWith('D'));
}

/** Opens the store on this test's table (a restart when called again: in-memory hints are lost). */
async function start(): Promise<HBaseStore> {
  const store = await openHBaseStore({ url: gateway.url, dataTable: table, scanBatch: 4 });
  open.push(store);
  return store;
}

async function rejection(p: Promise<unknown>): Promise<HBaseStoreError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HBaseStoreError);
  return err as HBaseStoreError;
}

describe('HBase store: a write that fails part-way', () => {
  it('keeps the previous checkpoint when the deletes fail after the new blocks were written, and converges when re-applied', async () => {
    const store = await start();
    await store.datapoints.apply([put(0, 1, ...Array.from({ length: 10 }, (_, i) => i + 1))], commit(1));
    gateway.failWhen(ROW_DELETES_FAIL);

    // Deleting the newest points moves the block to a new key (its newest point changes): put, then delete.
    const e = await rejection(store.datapoints.apply([del(0, 9, 10)], commit(2)));

    expect(e.retriable).toBe(true);
    expect(await store.checkpoints.load('store')).toEqual(new Map([[0, 1]]));
    // The documented intermediate state: the rewritten block is there, the old one too, so 9 and 10 still show.
    expect((await store.datapoints.fetch(S[0], ALL)).map((x) => Number(x.ts))).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(blockRows()).toHaveLength(2);

    gateway.clearFailures();
    await store.datapoints.apply([del(0, 9, 10)], commit(2));

    expect((await store.datapoints.fetch(S[0], ALL)).map((x) => Number(x.ts))).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(blockRows()).toHaveLength(1);
    expect(await store.checkpoints.load('store')).toEqual(new Map([[0, 2]]));
  });

  it('shows every point once while a merge of small blocks is half done', async () => {
    const store = await start();
    for (let v = 1; v <= 15; v++) await store.datapoints.apply([put(0, v, v)]);
    gateway.failWhen(ROW_DELETES_FAIL);

    await rejection(store.datapoints.apply([put(0, 16, 16)], commit(16)));

    // The merged block (16 points) was written, the 15 blocks it replaces were not deleted.
    expect(blockRows()).toHaveLength(16);
    expect((await store.datapoints.fetch(S[0], ALL)).map((x) => Number(x.ts))).toEqual(Array.from({ length: 16 }, (_, i) => 16 - i));
    expect(await store.checkpoints.load('store')).toBeUndefined();

    gateway.clearFailures();
    await store.datapoints.apply([put(0, 16, 16)], commit(16));

    expect(blockRows()).toHaveLength(1);
    expect((await store.datapoints.fetch(S[0], ALL)).map((x) => Number(x.ts))).toEqual(Array.from({ length: 16 }, (_, i) => 16 - i));
  });

  it('converges to the reference model through random failures, restarts and re-applies from the checkpoint', async () => {
    const rand = seededRandom(4711);
    const batches: DatapointWrite[][] = [];
    let offset = 0;
    for (let b = 0; b < 120; b++) {
      const writes: DatapointWrite[] = [];
      for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
        const s = Math.floor(rand() * S.length);
        if (rand() < 0.15) {
          const a = Math.floor(rand() * 300);
          writes.push(del(s, a, a + Math.floor(rand() * 40)));
        } else {
          writes.push(put(s, ++offset, ...Array.from({ length: 1 + Math.floor(rand() * 5) }, () => Math.floor(rand() * 300))));
        }
      }
      batches.push(writes);
    }
    const model = new DatapointModel();
    for (const writes of batches) model.apply(writes);

    let store = await start();
    let failures = 0;
    for (;;) {
      const next = (await store.checkpoints.load('store'))?.get(0) ?? 0;
      if (next === batches.length) break;
      // Any request may fail but a scanner's DELETE (a gateway keeps such a scanner: see the last check).
      if (rand() < 0.3) gateway.failWhen({ method: ['PUT', 'DELETE', 'GET'][Math.floor(rand() * 3)], path: /^\/[^/]+\/(?!scanner\/)/, after: Math.floor(rand() * 4), times: 1 });
      try {
        await store.datapoints.apply(batches[next], commit(next + 1));
      } catch (err) {
        expect(err).toBeInstanceOf(HBaseStoreError);
        failures++;
        gateway.clearFailures();
        if (rand() < 0.5) store = await start();
      }
      gateway.clearFailures();
    }

    expect(failures).toBeGreaterThan(10);
    expect(gateway.requests.some((r) => r.method === 'DELETE' && r.status === 200)).toBe(true);
    for (const id of S) expect(await store.datapoints.fetch(id, ALL)).toEqual(model.fetch(id, ALL));
    for (let q = 0; q < 40; q++) {
      const a = BigInt(Math.floor(rand() * 300));
      const r: FetchRange = { start: a, end: a + BigInt(Math.floor(rand() * 100)), count: rand() < 0.5 ? Math.floor(rand() * 10) : undefined, pre: Math.floor(rand() * 3), post: Math.floor(rand() * 3) };
      const id = S[q % S.length];
      expect({ r, got: await store.datapoints.fetch(id, r) }).toEqual({ r, got: model.fetch(id, r) });
    }
    expect(gateway.openScanners).toBe(0);
  }, 60_000);

  it('leaves the registry and its checkpoint consistent when a removal fails, and converges when re-applied', async () => {
    const store = await start();
    const a: Series = { id: S[0], className: 'a', labels: new Map([['k', 'v']]), attributes: new Map() };
    const b: Series = { id: S[1], className: 'b', labels: new Map(), attributes: new Map([['x', 'y']]) };
    await store.registry.apply([{ type: 'upsert', series: a }, { type: 'upsert', series: b }], { projection: 'directory', checkpoint: new Map([[0, 2]]) });
    const renamed = { ...a, attributes: new Map([['unit', 'K']]) };
    const writes = [{ type: 'upsert', series: renamed } as const, { type: 'remove', id: S[1] } as const];
    gateway.failWhen(ROW_DELETES_FAIL);

    await rejection(store.registry.apply(writes, { projection: 'directory', checkpoint: new Map([[0, 4]]) }));
    expect(await store.checkpoints.load('directory')).toEqual(new Map([[0, 2]]));

    gateway.clearFailures();
    await store.registry.apply(writes, { projection: 'directory', checkpoint: new Map([[0, 4]]) });
    const all: Series[] = [];
    for await (const s of store.registry.all()) all.push(s);

    expect(all).toEqual([renamed]);
    expect(await store.checkpoints.load('directory')).toEqual(new Map([[0, 4]]));
  });

  it('rejects calls once closed, and closing twice is harmless', async () => {
    const store = await start();
    await store.datapoints.apply([put(0, 1, 1)]);
    await store.close();
    await store.close();

    const e = await rejection(store.datapoints.fetch(S[0], ALL));
    expect(e).toMatchObject({ retriable: false, message: expect.stringMatching(/closed/) });
  });
});

describe('openHBaseStore', () => {
  it('refuses a table that does not exist, naming the command that creates it', async () => {
    const e = await rejection(openHBaseStore({ url: gateway.url, dataTable: 'missing' }));
    expect(e).toMatchObject({ retriable: false, message: expect.stringMatching(/table missing does not exist.*continuum hbase create-table/) });
  });

  it('refuses a table without the store families, and a gateway that cannot be reached is retriable', async () => {
    await fetch(`${gateway.url}/bare/schema`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bare', ColumnSchema: [{ name: 'm' }] }) });

    expect(await rejection(openHBaseStore({ url: gateway.url, dataTable: 'bare' }))).toMatchObject({ retriable: false, message: expect.stringMatching(/has no family v/) });
    expect(await rejection(openHBaseStore({ url: 'http://127.0.0.1:1', dataTable: 'x' }))).toMatchObject({ retriable: true });
  });

  it('stores values of every size in one row each', async () => {
    const store = await start();
    const big = { ts: 5n, value: string('x'.repeat(300_000)) };
    await store.datapoints.apply([{ type: 'put', series: S[2], version: 3, points: [big] }]);

    expect(await store.datapoints.fetch(S[2], ALL)).toEqual([big]);
    expect(gateway.table(table)?.keys().map((k) => k.toString('latin1'))).toEqual([`D${S[2]}7ffffffffffffffa0000000000000003`]);
  });
});
