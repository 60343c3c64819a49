/**
 * Contract of DatapointStore (domain/ports/datapoint-store.ts): every adapter must pass it.
 *
 * Usage, from `test/contract/<adapter>.spec.ts`:
 *   datapointStoreContract(() => openMyStore(freshTempDir()));
 * where the factory has the type StoreFactory of ./store-under-test.ts:
 *   () => Promise<{ datapoints, registry, checkpoints, reopen?: () => Promise<same>, close(): Promise<void> }>
 * It is called before each test and must return an EMPTY store; `close` is called after each test;
 * `reopen` (persistent adapters) closes the instance and opens the same database again. This signature
 * is stable: the other contract files take the same factory.
 */
import { MAX_TS, MIN_TS, type Datapoint } from '../../domain/datapoints/datapoint.js';
import { binary, bool, decimal, double, long, string, type Value } from '../../domain/datapoints/value.js';
import type { DatapointWrite, FetchRange } from '../../domain/ports/datapoint-store.js';
import { seriesIdOf, type SeriesId } from '../../domain/series/series.js';
import { DatapointModel, seededRandom } from './datapoint-model.js';
import { TRICKY_IDS, useStore, type StoreFactory } from './store-under-test.js';

const S = seriesIdOf(0x1234n, 0x5678n);
const ALL: FetchRange = { start: MIN_TS, end: MAX_TS };
const p = (ts: bigint, value: Value = long(ts)): Datapoint => ({ ts, value });
const put = (points: Datapoint[], version = 1, series: SeriesId = S): DatapointWrite => ({ type: 'put', series, version, points });
const del = (start: bigint, end: bigint, series: SeriesId = S): DatapointWrite => ({ type: 'delete', series, start, end });
const stamps = (points: Datapoint[]): bigint[] => points.map((x) => x.ts);
const range = (from: number, to: number): bigint[] => Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i));

export function datapointStoreContract(factory: StoreFactory): void {
  describe('DatapointStore contract', () => {
    const h = useStore(factory);
    const apply = (...writes: DatapointWrite[]) => h.store.datapoints.apply(writes);
    const fetch = (r: FetchRange = ALL, series: SeriesId = S) => h.store.datapoints.fetch(series, r);

    it('returns the stored points newest first', async () => {
      await apply(put([p(2n), p(1n), p(3n)]));
      expect(await fetch()).toEqual([p(3n), p(2n), p(1n)]);
    });

    it('returns nothing for a series never written', async () => {
      await apply(put([p(1n)]));
      expect(await fetch(ALL, seriesIdOf(9n, 9n))).toEqual([]);
    });

    it('keeps the point of the higher version for one timestamp, whatever the apply order', async () => {
      await apply(put([p(1n, long(20n)), p(2n, long(20n))], 20));
      await apply(put([p(1n, long(10n)), p(3n, long(10n))], 10));
      await apply(put([p(2n, long(30n))], 30));
      expect(await fetch()).toEqual([p(3n, long(10n)), p(2n, long(30n)), p(1n, long(20n))]);
    });

    it('keeps the later point of one put for a repeated timestamp', async () => {
      await apply(put([p(5n, string('first')), p(6n), p(5n, string('second'))], 4));
      expect(await fetch()).toEqual([p(6n), p(5n, string('second'))]);
    });

    it('lets an equal version written later in the same apply win', async () => {
      await apply(put([p(5n, long(1n))], 4), put([p(5n, long(2n))], 4));
      expect(await fetch()).toEqual([p(5n, long(2n))]);
    });

    it('is unchanged by re-applying the same writes', async () => {
      const writes = [put(range(1, 50).map((t) => p(t)), 1), del(10n, 19n), put([p(15n, bool(true)), p(60n)], 2)];
      await h.store.datapoints.apply(writes);
      const once = await fetch();
      await h.store.datapoints.apply(writes);
      await h.store.datapoints.apply(writes.slice(2));
      expect(await fetch()).toEqual(once);
      expect(once).toHaveLength(42);
    });

    it('deletes an inclusive range and keeps its neighbours', async () => {
      await apply(put(range(1, 10).map((t) => p(t))));
      await apply(del(3n, 5n));
      expect(stamps(await fetch())).toEqual([10n, 9n, 8n, 7n, 6n, 2n, 1n]);
    });

    it('applies writes in order: a delete then a put keeps the put, a put then a delete removes it', async () => {
      await apply(del(MIN_TS, MAX_TS), put([p(1n)], 1), put([p(2n)], 1), del(2n, 2n));
      expect(await fetch()).toEqual([p(1n)]);
    });

    it('stores again at a timestamp after it was deleted, deletes everything with MIN..MAX, ignores deletes of unknown series', async () => {
      await apply(put([p(1n), p(2n)], 5));
      await apply(del(1n, 1n), del(1n, 2n, seriesIdOf(7n, 7n)));
      await apply(put([p(1n, bool(false))], 6));
      expect(await fetch()).toEqual([p(2n), p(1n, bool(false))]);
      await apply(del(MIN_TS, MAX_TS));
      expect(await fetch()).toEqual([]);
    });

    it('includes both bounds of a range', async () => {
      await apply(put(range(1, 10).map((t) => p(t))));
      expect(stamps(await fetch({ start: 3n, end: 6n }))).toEqual([6n, 5n, 4n, 3n]);
      expect(stamps(await fetch({ start: 4n, end: 4n }))).toEqual([4n]);
      expect(await fetch({ start: 11n, end: 20n })).toEqual([]);
    });

    it.each<[string, FetchRange, bigint[]]>([
      ['the newest N of the range with count', { start: 3n, end: 8n, count: 2 }, [8n, 7n]],
      ['nothing with count 0', { start: 3n, end: 8n, count: 0 }, []],
      ['the whole range when count exceeds it', { start: 3n, end: 8n, count: 100 }, [8n, 7n, 6n, 5n, 4n, 3n]],
      ['the newest points before start with pre', { start: 5n, end: 6n, pre: 2 }, [6n, 5n, 4n, 3n]],
      ['the oldest points after end with post', { start: 5n, end: 6n, post: 2 }, [8n, 7n, 6n, 5n]],
      ['what exists when pre and post exceed it', { start: 5n, end: 6n, pre: 100, post: 100 }, range(1, 10).reverse()],
      ['pre and post around an empty range', { start: 100n, end: 200n, pre: 1 }, [10n]],
      ['post before the first point', { start: -5n, end: 0n, post: 3 }, [3n, 2n, 1n]],
      ['count, pre and post together', { start: 3n, end: 8n, count: 1, pre: 1, post: 1 }, [9n, 8n, 2n]],
    ])('returns %s', async (_name, r, want) => {
      await apply(put(range(1, 10).map((t) => p(t))));
      expect(stamps(await fetch(r))).toEqual(want);
    });

    it('handles negative timestamps and the extreme bounds', async () => {
      const ts = [MIN_TS, MIN_TS + 1n, -1_000_000n, -1n, 0n, 1n, MAX_TS - 1n, MAX_TS];
      await apply(put(ts.map((t) => p(t))));
      expect(stamps(await fetch())).toEqual([...ts].reverse());
      expect(stamps(await fetch({ start: MIN_TS, end: -1n }))).toEqual([-1n, -1_000_000n, MIN_TS + 1n, MIN_TS]);
      expect(stamps(await fetch({ start: MAX_TS, end: MAX_TS }))).toEqual([MAX_TS]);
      expect(stamps(await fetch({ start: MIN_TS, end: MIN_TS, post: 1 }))).toEqual([MIN_TS + 1n, MIN_TS]);
      expect(stamps(await fetch({ start: MAX_TS, end: MAX_TS, pre: 1 }))).toEqual([MAX_TS, MAX_TS - 1n]);
      await apply(del(MIN_TS, MIN_TS), del(MAX_TS, MAX_TS));
      expect(stamps(await fetch())).toEqual(ts.slice(1, -1).reverse());
    });

    it('round-trips every value type, geo and elevation exactly', async () => {
      const values: Value[] = [
        long(0n), long(-(2n ** 63n)), long(2n ** 63n - 1n), double(0), double(-0), double(NaN), double(Infinity), double(-Infinity),
        double(0.1), double(Number.MIN_VALUE), decimal(150n, 2), decimal(15n, 1), decimal(-7n, 0), decimal(123n, 9), bool(true), bool(false),
        string(''), string('héllo ✓ 日本語 🎉'), string('x'.repeat(10_000)), binary(new Uint8Array(0)), binary(Uint8Array.of(0, 255, 128, 1)),
        binary(Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) & 0xff)),
      ];
      const points = values.map((value, i): Datapoint => {
        const ts = BigInt(i);
        if (i % 4 === 1) return { ts, geo: BigInt(i) * 0x0101010101n - (2n ** 62n), value };
        if (i % 4 === 2) return { ts, elev: BigInt(-i * 1000), value };
        if (i % 4 === 3) return { ts, geo: -1n, elev: 2n ** 63n - 1n, value };
        return { ts, value };
      });
      await apply(put(points));
      const got = (await fetch()).reverse();
      expect(got).toHaveLength(points.length);
      got.forEach((g, i) => {
        const want = points[i];
        expect(g.ts).toBe(want.ts);
        expect(g.geo).toBe(want.geo);
        expect(g.elev).toBe(want.elev);
        expect(g.value.type).toBe(want.value.type);
        const got = (g.value as { value: unknown }).value;
        if (want.value.type === 'BINARY') {
          expect(got).toBeInstanceOf(Uint8Array);
          expect(Buffer.compare(got as Uint8Array, want.value.value)).toBe(0);
        } else if (want.value.type === 'DOUBLE') {
          expect(Object.is(got, want.value.value)).toBe(true);
        } else {
          expect(g.value).toEqual(want.value);
        }
      });
    });

    it('keeps series apart, including ids that share prefixes', async () => {
      const ids = [...TRICKY_IDS, ...Array.from({ length: 40 }, (_, i) => seriesIdOf(BigInt(i % 5), BigInt(i)))];
      const unique = [...new Set(ids)];
      await h.store.datapoints.apply(unique.map((id, i) => put([p(BigInt(i)), p(1000n + BigInt(i), string(id))], 1, id)));
      await apply(del(MIN_TS, MAX_TS, unique[0]));
      expect(await fetch(ALL, unique[0])).toEqual([]);
      for (let i = 1; i < unique.length; i++) {
        expect(await fetch(ALL, unique[i])).toEqual([p(1000n + BigInt(i), string(unique[i])), p(BigInt(i))]);
      }
    });

    it('removes every datapoint on truncate and stays usable', async () => {
      await apply(put([p(1n)], 1), put([p(2n)], 1, TRICKY_IDS[0]));
      await h.store.datapoints.truncate();
      expect(await fetch()).toEqual([]);
      expect(await fetch(ALL, TRICKY_IDS[0])).toEqual([]);
      await apply(put([p(3n)], 1));
      expect(await fetch()).toEqual([p(3n)]);
    });

    it('keeps what was applied across a restart', async () => {
      await apply(put(range(1, 100).map((t) => p(t, decimal(t, 2))), 3), del(40n, 49n));
      const before = await fetch();
      await h.restart();
      expect(await fetch()).toEqual(before);
      expect(before).toHaveLength(90);
    });

    it('answers like the reference model after random puts and deletes', async () => {
      const rand = seededRandom(20240601);
      const model = new DatapointModel();
      const ids = TRICKY_IDS.slice(0, 3);
      const ts = () => BigInt(Math.floor(rand() * 400) - 100);
      const versions = Array.from({ length: 400 }, (_, i) => i).sort(() => rand() - 0.5);
      for (let step = 0; step < 60; step++) {
        const writes: DatapointWrite[] = [];
        for (let k = Math.floor(rand() * 4); k >= 0; k--) {
          const id = ids[Math.floor(rand() * ids.length)];
          if (rand() < 0.8) {
            const points = Array.from({ length: 1 + Math.floor(rand() * 60) }, () => p(ts(), long(BigInt(step))));
            writes.push(put(points, versions.pop() ?? 0, id));
          } else {
            const a = ts();
            writes.push(del(a, a + BigInt(Math.floor(rand() * 40)), id));
          }
        }
        await h.store.datapoints.apply(writes);
        model.apply(writes);
        if (step === 30) await h.restart();
      }
      for (let q = 0; q < 60; q++) {
        const id = ids[q % ids.length];
        const a = ts();
        const r: FetchRange = { start: a, end: a + BigInt(Math.floor(rand() * 200)), count: rand() < 0.5 ? Math.floor(rand() * 30) : undefined, pre: Math.floor(rand() * 3), post: Math.floor(rand() * 3) };
        expect({ r, got: stamps(await fetch(r, id)) }).toEqual({ r, got: stamps(model.fetch(id, r)) });
        expect(await fetch(r, id)).toEqual(model.fetch(id, r));
      }
    });
  });
}
