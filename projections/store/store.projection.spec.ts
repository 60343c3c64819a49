import { MAX_TS, MIN_TS, type Datapoint } from '../../domain/datapoints/datapoint.js';
import { long } from '../../domain/datapoints/value.js';
import { encodeChunk } from '../../domain/datapoints/chunk-codec.js';
import { storedFromChunk, type DataEvent } from '../../domain/events/data.events.js';
import type { LogRecord } from '../../domain/ports/log-source.js';
import { seriesIdBytes, seriesIdOf, type SeriesId } from '../../domain/series/series.js';
import { openInMemoryStore, type InMemoryStore } from '../../src/infrastructure/store/memory/in-memory-store.js';
import { MemoryDatabase } from '../../src/infrastructure/store/memory/memory-database.js';
import { InMemoryLog } from '../../src/infrastructure/log/memory-log.js';
import { ProjectionRunner } from '../runner.js';
import { SeededRandom } from '../seeded-random.js';
import { ProjectionTestDriver } from '../test-driver.js';
import { dataWrites, StoreProjection } from './store.projection.js';

const S: SeriesId[] = Array.from({ length: 6 }, (_, i) => seriesIdOf(BigInt(i + 1), BigInt(i * 1000 + 7)));
const point = (ts: number, v: number): Datapoint => ({ ts: BigInt(ts), value: long(BigInt(v)) });
const put = (series: SeriesId, ...points: [number, number][]): DataEvent => ({ type: 'DatapointsStored', series, points: points.map(([t, v]) => point(t, v)) });
const del = (series: SeriesId, start: bigint, end: bigint): DataEvent => ({ type: 'DatapointsDeleted', series, start, end });

/** Random writes over a few timestamps (so that they overwrite each other) and a few deletes. */
function history(seed: number, perSeries = 40): DataEvent[] {
  const random = new SeededRandom(seed);
  let value = 0;
  const events: DataEvent[] = [];
  for (const series of S) {
    for (let i = 0; i < perSeries; i++) {
      if (random.next() < 0.1) {
        const a = random.int(0, 30);
        events.push(random.next() < 0.3 ? del(series, MIN_TS, MAX_TS) : del(series, BigInt(a), BigInt(a + random.int(0, 10))));
      } else {
        events.push(put(series, ...Array.from({ length: random.int(1, 4) }, (): [number, number] => [random.int(0, 30), ++value])));
      }
    }
  }
  return events;
}

/** What the store must hold: each series' events applied in its own order. */
function model(events: readonly DataEvent[]): Map<SeriesId, [number, number][]> {
  const state = new Map<SeriesId, Map<number, number>>(S.map((s) => [s, new Map()]));
  for (const e of events) {
    const points = state.get(e.series)!;
    if (e.type === 'DatapointsStored') for (const p of e.points) points.set(Number(p.ts), Number(p.value.type === 'LONG' ? p.value.value : -1));
    else for (const ts of [...points.keys()]) if (BigInt(ts) >= e.start && BigInt(ts) <= e.end) points.delete(ts);
  }
  return new Map([...state].map(([s, pts]) => [s, [...pts].sort((a, b) => b[0] - a[0])]));
}

async function contents(store: InMemoryStore): Promise<Map<SeriesId, [number, number][]>> {
  const out = new Map<SeriesId, [number, number][]>();
  for (const s of S) {
    const points = await store.datapoints.fetch(s, { start: MIN_TS, end: MAX_TS });
    out.set(s, points.map((p) => [Number(p.ts), Number(p.value.type === 'LONG' ? p.value.value : -1)]));
  }
  return out;
}

async function start(seed: number, db = new MemoryDatabase()) {
  const driver = await ProjectionTestDriver.start(() => {
    const store = openInMemoryStore(db);
    return new StoreProjection({ store: store.datapoints, checkpoints: store.checkpoints });
  }, { seed, maxBatch: 12 });
  return { driver, store: openInMemoryStore(db), db };
}

describe('StoreProjection', () => {
  it.each([1, 2, 3, 4])('ends with each series as its own events say, whatever the interleaving (seed %i)', async (seed) => {
    const events = history(seed);
    const { driver, store } = await start(seed);
    await driver.pipe(...events);
    expect(await contents(store)).toEqual(model(events));
    expect(await store.checkpoints.load('store')).toEqual(driver.end);
  });

  it.each([5, 6])('is idempotent when records are delivered again (seed %i)', async (seed) => {
    const events = history(seed);
    const { driver, store } = await start(seed);
    driver.append(...events);
    await driver.deliver(100);
    const middle = driver.position;
    await driver.deliver();
    const once = await contents(store);
    driver.rewind(middle);
    await driver.deliver();
    expect(await contents(store)).toEqual(once);
    driver.rewind(new Map());
    await driver.deliver();
    expect(await contents(store)).toEqual(model(events));
  });

  it('resumes from its committed checkpoint after a restart', async () => {
    const events = history(7);
    const { driver, store } = await start(7);
    driver.append(...events);
    await driver.deliver(90);
    const committed = driver.position;
    expect(await driver.restart()).toEqual(committed);
    await driver.deliver();
    expect(await contents(store)).toEqual(model(events));
  });

  it('never lets a re-delivered older write overwrite a newer point of the same timestamp', async () => {
    const store = openInMemoryStore();
    const projection = new StoreProjection({ store: store.datapoints, checkpoints: store.checkpoints });
    const rec = (offset: number, event: DataEvent): LogRecord<'data'> => ({ topic: 'data', partition: 0, offset, key: new Uint8Array(16), event, appendedAt: 0 });
    await projection.handle([rec(10, put(S[0], [1, 100]))], { projection: 'store', checkpoint: new Map([[0, 11]]) });
    await projection.handle([rec(3, put(S[0], [1, 30], [2, 31]))], { projection: 'store', checkpoint: new Map([[0, 11]]) });
    expect((await contents(store)).get(S[0])).toEqual([[2, 31], [1, 100]]);
  });

  it('deletes a range, then stores again in the deleted range', async () => {
    const { driver, store } = await start(8);
    await driver.pipe(put(S[0], [1, 10], [2, 20], [3, 30]), del(S[0], 2n, 3n), put(S[0], [3, 31]), put(S[1], [2, 99]));
    expect((await contents(store)).get(S[0])).toEqual([[3, 31], [1, 10]]);
    expect((await contents(store)).get(S[1])).toEqual([[2, 99]]);
  });

  it('forgets every point and its checkpoint on truncate', async () => {
    const { driver, store } = await start(9);
    await driver.pipe(...history(9, 5));
    await driver.projection.truncate();
    expect([...(await contents(store)).values()].flat()).toEqual([]);
    expect(await store.checkpoints.load('store')).toBeUndefined();
  });
});

describe('StoreProjection under the runner', () => {
  it('replays a log into the store, then resumes after a restart with only the new records', async () => {
    const log = new InMemoryLog({ partitions: { data: 3, metadata: 1 } });
    const events = history(11);
    const half = events.length / 2;
    for (let i = 0; i < half; i += 10) await log.append(events.slice(i, i + 10).map((e) => ({ topic: 'data' as const, key: seriesIdBytes(e.series), event: e })));
    const db = new MemoryDatabase();
    const store = openInMemoryStore(db);
    const projection = () => new StoreProjection({ store: store.datapoints, checkpoints: store.checkpoints });
    const first = await new ProjectionRunner(projection(), log.source('data'), { maxBatch: 16 }).runToEnd();
    expect(first.records).toBe(half);
    await log.append(events.slice(half).map((e) => ({ topic: 'data' as const, key: seriesIdBytes(e.series), event: e })));
    const second = await new ProjectionRunner(projection(), log.source('data'), { maxBatch: 16 }).runToEnd();
    expect(second.records).toBe(events.length - half);
    expect(await contents(store)).toEqual(model(events));
  });
});

describe('dataWrites', () => {
  const rec = (offset: number, event: DataEvent, partition = 0): LogRecord<'data'> => ({ topic: 'data', partition, offset, key: new Uint8Array(16), event, appendedAt: 0 });

  it('merges consecutive puts of a series into one, with the version of the last', () => {
    const a = put(S[0], [1, 1]);
    const writes = dataWrites([rec(4, a), rec(5, put(S[1], [1, 2])), rec(6, put(S[0], [1, 3], [2, 4]))]);
    expect(writes.map((w) => (w.type === 'put' ? { type: w.type, series: w.series, version: w.version, points: w.points } : w))).toEqual([
      { type: 'put', series: S[0], version: 6, points: [point(1, 1), point(1, 3), point(2, 4)] },
      { type: 'put', series: S[1], version: 5, points: [point(1, 2)] },
    ]);
    expect(a.type === 'DatapointsStored' && a.points).toHaveLength(1);
  });

  it('carries the chunks of events read from a log, in order, and builds the points only when asked', () => {
    const chunked = (series: SeriesId, ...points: [number, number][]): DataEvent => {
      const chunk = encodeChunk(points.map(([t, v]) => point(t, v)));
      return storedFromChunk(series, chunk, points.length);
    };
    const first = chunked(S[0], [1, 1]);
    const second = chunked(S[0], [2, 2], [3, 3]);
    const [merged] = dataWrites([rec(1, first), rec(2, second)]);
    expect(merged.type === 'put' && merged.chunks).toEqual([(first as { chunk: Uint8Array }).chunk, (second as { chunk: Uint8Array }).chunk]);
    expect(merged.type === 'put' && merged.points).toEqual([point(1, 1), point(2, 2), point(3, 3)]);
    const [mixed] = dataWrites([rec(1, chunked(S[0], [1, 1])), rec(2, put(S[0], [2, 2]))]);
    expect(mixed.type === 'put' && mixed.chunks).toBeUndefined();
    expect(mixed.type === 'put' && mixed.points).toEqual([point(1, 1), point(2, 2)]);
    expect(dataWrites([rec(1, chunked(S[0]))])).toEqual([]);
  });

  it('does not merge across a delete of the series, and keeps record order', () => {
    const writes = dataWrites([rec(1, put(S[0], [1, 1])), rec(2, del(S[0], 0n, 5n)), rec(3, put(S[0], [1, 2]))]);
    expect(writes.map((w) => (w.type === 'put' ? `put@${w.version}` : 'delete'))).toEqual(['put@1', 'delete', 'put@3']);
  });

  it('skips empty puts and rejects unknown events as poison', () => {
    expect(dataWrites([rec(1, put(S[0]))])).toEqual([]);
    expect(() => dataWrites([rec(1, { type: 'DatapointsArchived', series: S[0] } as never)])).toThrow(/unknown event type 'DatapointsArchived'/);
  });
});
