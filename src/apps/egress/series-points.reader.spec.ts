import { MAX_TS, MIN_TS, type Datapoint } from '../../../domain/datapoints/datapoint.js';
import { long } from '../../../domain/datapoints/value.js';
import type { DatapointStore, FetchRange } from '../../../domain/ports/datapoint-store.js';
import { seriesIdFromHex } from '../../../domain/series/series.js';
import { openInMemoryStore } from '../../infrastructure/store/memory/in-memory-store.js';
import { type PointPlan, readSeriesPoints } from './series-points.reader.js';

const ID = seriesIdFromHex('0123456789abcdef0123456789abcdef');
const EMPTY = seriesIdFromHex('ffffffffffffffffffffffffffffffff');
const all: PointPlan = { start: MIN_TS, end: MAX_TS, skip: 0, step: 1, timestep: 1n, sample: 1, pre: 0, post: 0 };

/** A store holding points at ts 10, 20, …, 100 (value = ts), counting its fetches. */
async function storeOf10(): Promise<{ store: DatapointStore; calls: FetchRange[] }> {
  const inner = openInMemoryStore().datapoints;
  const points: Datapoint[] = [];
  for (let ts = 10n; ts <= 100n; ts += 10n) points.push({ ts, value: long(ts) });
  await inner.apply([{ type: 'put', series: ID, version: 1, points }]);
  const calls: FetchRange[] = [];
  const store: DatapointStore = {
    apply: (w, c) => inner.apply(w, c),
    truncate: () => inner.truncate(),
    fetch: (series, range) => {
      calls.push(range);
      return inner.fetch(series, range);
    },
  };
  return { store, calls };
}

async function read(plan: Partial<PointPlan>, pageSize = 1000, random?: () => number): Promise<{ ts: number[]; chunks: number[]; calls: number }> {
  const { store, calls } = await storeOf10();
  const ts: number[] = [];
  const chunks: number[] = [];
  for await (const chunk of readSeriesPoints(store, ID, { ...all, ...plan }, pageSize, random)) {
    chunks.push(chunk.length);
    for (const p of chunk.toDatapoints()) ts.push(Number(p.ts));
  }
  return { ts, chunks, calls: calls.length };
}

describe('readSeriesPoints (reference §7.1 parameters, Warp 10 MultiScanGTSDecoderIterator order)', () => {
  it.each<[string, Partial<PointPlan>, number[]]>([
    ['everything, newest first', {}, [100, 90, 80, 70, 60, 50, 40, 30, 20, 10]],
    ['an inclusive range', { start: 30n, end: 60n }, [60, 50, 40, 30]],
    ['the count newest of the range', { start: 30n, end: 80n, count: 2 }, [80, 70]],
    ['count 0: nothing but boundaries', { start: 30n, end: 80n, count: 0, pre: 1, post: 1 }, [90, 20]],
    ['skip drops the newest first', { skip: 3 }, [70, 60, 50, 40, 30, 20, 10]],
    ['skip then count', { skip: 2, count: 3 }, [80, 70, 60]],
    ['step keeps one out of step', { step: 3 }, [100, 70, 40, 10]],
    ['timestep keeps points at least that far apart', { timestep: 25n }, [100, 70, 40, 10]],
    ['timestep of exactly the spacing keeps all', { timestep: 10n }, [100, 90, 80, 70, 60, 50, 40, 30, 20, 10]],
    ['skip, then timestep, then step, then count', { skip: 1, timestep: 20n, step: 2, count: 2 }, [90, 50]],
    ['post boundary: the oldest points after end, first', { start: 30n, end: 50n, post: 2 }, [70, 60, 50, 40, 30]],
    ['pre boundary: the newest points before start, last', { start: 30n, end: 50n, pre: 2 }, [50, 40, 30, 20, 10]],
    ['boundaries are not skipped, stepped nor counted', { start: 30n, end: 80n, skip: 1, step: 2, count: 2, pre: 1, post: 1 }, [90, 70, 50, 20]],
    ['a range without points still gets its boundaries', { start: 51n, end: 59n, pre: 1, post: 1 }, [60, 50]],
    ['a token window outside the range reads nothing', { start: 60n, end: 50n, pre: 1, post: 1 }, []],
    ['timestep overflowing a long stops after the current point', { timestep: 2n ** 63n - 1n }, [100]],
  ])('reads %s', async (_, plan, expected) => {
    expect((await read(plan)).ts).toEqual(expected);
  });

  it.each<[string, Partial<PointPlan>]>([
    ['everything', {}],
    ['a range with boundaries', { start: 25n, end: 85n, pre: 2, post: 2 }],
    ['count and skip', { count: 4, skip: 3, pre: 1 }],
    ['step and timestep', { step: 2, timestep: 15n, post: 1, pre: 5 }],
    ['count larger than the data', { count: 50 }],
  ])('gives the same points whatever the page size: %s', async (_, plan) => {
    const whole = await read(plan, 1000);
    for (const pageSize of [1, 2, 3, 7]) expect((await read(plan, pageSize)).ts).toEqual(whole.ts);
  });

  it('reads a series in pages of at most pageSize points, never yielding an empty chunk', async () => {
    const { chunks, calls } = await read({ step: 2 }, 3);
    expect(chunks.every((n) => n > 0)).toBe(true);
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(5);
    expect(calls).toBe(4); // 3 + 3 + 3 + 1 points
  });

  it('asks the store for count + skip points in one call when no filter needs more', async () => {
    const { store, calls } = await storeOf10();
    const out: Datapoint[] = [];
    for await (const chunk of readSeriesPoints(store, ID, { ...all, count: 2, skip: 1, pre: 1, post: 1, start: 30n, end: 80n }, 1000)) out.push(...chunk.toDatapoints());
    expect(calls).toEqual([{ start: 30n, end: 80n, count: 3, pre: 1, post: 1 }]);
    expect(out.map((p) => p.ts)).toEqual([90n, 70n, 60n, 20n]);
  });

  it('samples with the given random source: keeps a point when random() <= sample', async () => {
    const draws = [0.1, 0.9, 0.5, 0.51, 0.2, 0.7, 0.3, 0.8, 0.4, 0.6];
    let i = 0;
    const { ts } = await read({ sample: 0.5 }, 1000, () => draws[i++]);
    expect(ts).toEqual([100, 80, 60, 40, 20]);
  });

  it('reads nothing from a series without points', async () => {
    const { store } = await storeOf10();
    const chunks: Datapoint[][] = [];
    for await (const c of readSeriesPoints(store, EMPTY, { ...all, pre: 3, post: 3 }, 10)) chunks.push(c.toDatapoints());
    expect(chunks).toEqual([]);
  });
});
