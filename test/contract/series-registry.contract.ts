/**
 * Contract of SeriesRegistry (domain/ports/series-registry.ts): every adapter must pass it.
 *
 * Usage, from `test/contract/<adapter>.spec.ts`:
 *   seriesRegistryContract(() => openMyStore(freshTempDir()));
 * where the factory has the type StoreFactory of ./store-under-test.ts:
 *   () => Promise<{ datapoints, registry, checkpoints, reopen?: () => Promise<same>, close(): Promise<void> }>
 * It is called before each test and must return an EMPTY store; `close` is called after each test;
 * `reopen` (persistent adapters) closes the instance and opens the same database again. This signature
 * is stable: the other contract files take the same factory.
 */
import { long } from '../../domain/datapoints/value.js';
import type { RegistryWrite } from '../../domain/ports/series-registry.js';
import { seriesIdOf, type Series, type SeriesId } from '../../domain/series/series.js';
import { TRICKY_IDS, useStore, type StoreFactory } from './store-under-test.js';

const series = (id: SeriesId, className: string, labels: [string, string][] = [], attributes: [string, string][] = [], lastActivity?: number): Series =>
  lastActivity === undefined
    ? { id, className, labels: new Map(labels), attributes: new Map(attributes) }
    : { id, className, labels: new Map(labels), attributes: new Map(attributes), lastActivity };
const upsert = (s: Series): RegistryWrite => ({ type: 'upsert', series: s });
const remove = (id: SeriesId): RegistryWrite => ({ type: 'remove', id });

const A = series(seriesIdOf(1n, 2n), 'temperature', [['room', 'kitchen'], ['.app', 'home']], [['unit', '°C']]);
const B = series(seriesIdOf(1n, 3n), 'temperature', [['room', 'hall']], [], 1_700_000_000_123);

/** Compares series field by field, insisting that labels and attributes come back as Maps. */
function expectSameSeries(got: Series | undefined, want: Series): void {
  expect(got).toBeDefined();
  expect(got?.labels).toBeInstanceOf(Map);
  expect(got?.attributes).toBeInstanceOf(Map);
  expect(got).toEqual(want);
}

async function collect(it: AsyncIterable<Series>): Promise<Series[]> {
  const out: Series[] = [];
  for await (const s of it) out.push(s);
  return out;
}

export function seriesRegistryContract(factory: StoreFactory): void {
  describe('SeriesRegistry contract', () => {
    const h = useStore(factory);
    const apply = (...writes: RegistryWrite[]) => h.store.registry.apply(writes);
    const all = async () => (await collect(h.store.registry.all())).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));

    it('returns a registered series with its labels and attributes as Maps', async () => {
      await apply(upsert(A), upsert(B));
      expectSameSeries(await h.store.registry.get(A.id), A);
      expectSameSeries(await h.store.registry.get(B.id), B);
    });

    it('returns nothing for an unknown id, and an empty registry lists nothing', async () => {
      expect(await h.store.registry.get(seriesIdOf(9n, 9n))).toBeUndefined();
      expect(await all()).toEqual([]);
    });

    it('replaces the whole series on upsert (no merge of labels or attributes)', async () => {
      await apply(upsert(A));
      const replaced = series(A.id, 'temperature', [['room', 'kitchen']], [['owner', 'me']], 42);
      await apply(upsert(replaced));
      expectSameSeries(await h.store.registry.get(A.id), replaced);
      await apply(upsert(A));
      const got = await h.store.registry.get(A.id);
      expectSameSeries(got, A);
      expect(got?.lastActivity).toBeUndefined();
    });

    it('forgets a removed series and ignores removing an unknown one', async () => {
      await apply(upsert(A), upsert(B));
      await apply(remove(A.id), remove(seriesIdOf(5n, 5n)));
      expect(await h.store.registry.get(A.id)).toBeUndefined();
      expect(await all()).toEqual([B]);
    });

    it('applies writes in order within one apply', async () => {
      await apply(upsert(A), remove(A.id), remove(B.id), upsert(B));
      expect(await all()).toEqual([B]);
    });

    it('lists every series exactly once', async () => {
      const many = Array.from({ length: 300 }, (_, i) => series(seriesIdOf(BigInt(i % 7), BigInt(i)), `class.${i}`, [['i', String(i)]]));
      const ids = [...TRICKY_IDS].filter((id) => !many.some((s) => s.id === id));
      const tricky = ids.map((id, i) => series(id, `tricky${i}`));
      await h.store.registry.apply([...many, ...tricky].map(upsert));
      const got = await all();
      expect(got).toHaveLength(many.length + tricky.length);
      expect(got).toEqual([...many, ...tricky].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)));
    });

    it('keeps tricky class names, label and attribute names and values exactly', async () => {
      const tricky: [string, string][] = [
        ['__proto__', 'x'], ['constructor', ''], ['', ''], ['toString', 'hasOwnProperty'], ['ünïcødé 日本', '🎉'],
        ['a=b,c', '{d}'], ['%20', '%'], ['with\nnewline', 'tab\there'], ['\u0000', '\uffff'],
      ];
      const weird = [
        series(seriesIdOf(10n, 1n), '__proto__', tricky, tricky),
        series(seriesIdOf(10n, 2n), 'constructor', [], tricky),
        series(seriesIdOf(10n, 3n), '', tricky, []),
        series(seriesIdOf(10n, 4n), 'clåss.名前~{}=,', [['__proto__', '__proto__']], [['constructor', 'constructor']]),
      ];
      await h.store.registry.apply(weird.map(upsert));
      for (const s of weird) expectSameSeries(await h.store.registry.get(s.id), s);
      expect(await all()).toEqual(weird);
    });

    it('is not changed by mutating the Maps that were written', async () => {
      const labels = new Map([['a', '1']]);
      const attributes = new Map([['b', '2']]);
      await apply(upsert({ id: A.id, className: 'c', labels, attributes }));
      labels.set('a', 'changed');
      attributes.clear();
      expectSameSeries(await h.store.registry.get(A.id), series(A.id, 'c', [['a', '1']], [['b', '2']]));
    });

    it('removes every series on truncate and stays usable', async () => {
      await apply(upsert(A), upsert(B));
      await h.store.registry.truncate();
      expect(await h.store.registry.get(A.id)).toBeUndefined();
      expect(await all()).toEqual([]);
      await apply(upsert(B));
      expect(await all()).toEqual([B]);
    });

    it('keeps the registry and the datapoints apart when either is truncated', async () => {
      const point = { ts: 1n, value: long(1n) };
      await h.store.datapoints.apply([{ type: 'put', series: A.id, version: 1, points: [point] }]);
      await apply(upsert(A));
      await h.store.datapoints.truncate();
      expectSameSeries(await h.store.registry.get(A.id), A);
      await h.store.datapoints.apply([{ type: 'put', series: A.id, version: 2, points: [point] }]);
      await h.store.registry.truncate();
      expect(await h.store.datapoints.fetch(A.id, { start: 1n, end: 1n })).toEqual([point]);
    });

    it('keeps what was applied across a restart', async () => {
      await apply(upsert(A), upsert(B), upsert(series(seriesIdOf(8n, 8n), 'gone')));
      await apply(remove(seriesIdOf(8n, 8n)));
      await h.restart();
      expectSameSeries(await h.store.registry.get(A.id), A);
      expect(await all()).toEqual([A, B].sort((x, y) => (x.id < y.id ? -1 : 1)));
    });
  });
}
