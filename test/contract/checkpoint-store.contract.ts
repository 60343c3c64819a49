/**
 * Contract of CheckpointStore (domain/ports/checkpoint-store.ts), including the atomic commit of a
 * checkpoint with a DatapointStore or SeriesRegistry write of the same store.
 *
 * Usage, from `test/contract/<adapter>.spec.ts`:
 *   checkpointStoreContract(() => openMyStore(freshTempDir()));
 * where the factory has the type StoreFactory of ./store-under-test.ts:
 *   () => Promise<{ datapoints, registry, checkpoints, reopen?: () => Promise<same>, close(): Promise<void> }>
 * It is called before each test and must return an EMPTY store; `close` is called after each test;
 * `reopen` (persistent adapters) closes the instance and opens the same database again. This signature
 * is stable: the other contract files take the same factory.
 */
import { BEGINNING, type Checkpoint } from '../../domain/ports/checkpoint.js';
import { seriesIdOf, type Series } from '../../domain/series/series.js';
import { long } from '../../domain/datapoints/value.js';
import { useStore, type StoreFactory } from './store-under-test.js';

const cp = (entries: [number, number][]): Checkpoint => new Map(entries);
const S = seriesIdOf(3n, 4n);
const series: Series = { id: S, className: 'c', labels: new Map([['a', 'b']]), attributes: new Map() };

export function checkpointStoreContract(factory: StoreFactory): void {
  describe('CheckpointStore contract', () => {
    const h = useStore(factory);
    const load = (projection: string) => h.store.checkpoints.load(projection);

    it('loads nothing for a projection that never committed', async () => {
      expect(await load('store')).toBeUndefined();
    });

    it('loads what was stored, with numeric partitions', async () => {
      await h.store.checkpoints.store({ projection: 'store', checkpoint: cp([[0, 12], [3, 40]]) });
      const got = await load('store');
      expect(got).toBeInstanceOf(Map);
      expect([...(got ?? [])].sort((a, b) => a[0] - b[0])).toEqual([[0, 12], [3, 40]]);
    });

    it('tells BEGINNING (committed, nothing read) from never committed', async () => {
      await h.store.checkpoints.store({ projection: 'plasma', checkpoint: BEGINNING });
      expect(await load('plasma')).toEqual(new Map());
    });

    it('replaces the previous checkpoint rather than merging into it', async () => {
      await h.store.checkpoints.store({ projection: 'store', checkpoint: cp([[0, 5], [1, 3]]) });
      await h.store.checkpoints.store({ projection: 'store', checkpoint: cp([[0, 7]]) });
      expect(await load('store')).toEqual(cp([[0, 7]]));
    });

    it('keeps projections apart, whatever their names', async () => {
      const names = ['store', 'store2', 'stor', 'directory', '__proto__', 'constructor', 'a/b:c', 'prøjection ✓', 'x'.repeat(200)];
      for (const [i, projection] of names.entries()) await h.store.checkpoints.store({ projection, checkpoint: cp([[i, i * 10]]) });
      for (const [i, projection] of names.entries()) expect(await load(projection)).toEqual(cp([[i, i * 10]]));
      expect(await load('sto')).toBeUndefined();
    });

    it('stores large offsets and many partitions', async () => {
      const many = cp(Array.from({ length: 256 }, (_, i): [number, number] => [i, Number.MAX_SAFE_INTEGER - i]));
      await h.store.checkpoints.store({ projection: 'store', checkpoint: many });
      expect(await load('store')).toEqual(many);
    });

    it('is not changed by mutating the Map that was stored', async () => {
      const m = new Map([[0, 1]]);
      await h.store.checkpoints.store({ projection: 'store', checkpoint: m });
      m.set(0, 99);
      expect(await load('store')).toEqual(cp([[0, 1]]));
    });

    it('forgets a checkpoint on reset, only for that projection', async () => {
      await h.store.checkpoints.store({ projection: 'store', checkpoint: cp([[0, 5]]) });
      await h.store.checkpoints.store({ projection: 'directory', checkpoint: cp([[0, 6]]) });
      await h.store.checkpoints.reset('store');
      await h.store.checkpoints.reset('never-committed');
      expect(await load('store')).toBeUndefined();
      expect(await load('directory')).toEqual(cp([[0, 6]]));
      await h.store.checkpoints.store({ projection: 'store', checkpoint: cp([[0, 1]]) });
      expect(await load('store')).toEqual(cp([[0, 1]]));
    });

    it('commits a checkpoint together with a datapoint write', async () => {
      await h.store.datapoints.apply([{ type: 'put', series: S, version: 9, points: [{ ts: 1n, value: long(1n) }] }], {
        projection: 'store',
        checkpoint: cp([[0, 10]]),
      });
      expect(await load('store')).toEqual(cp([[0, 10]]));
      expect(await h.store.datapoints.fetch(S, { start: 0n, end: 2n })).toEqual([{ ts: 1n, value: long(1n) }]);
    });

    it('commits a checkpoint together with a registry write', async () => {
      await h.store.registry.apply([{ type: 'upsert', series }], { projection: 'directory', checkpoint: cp([[1, 4]]) });
      expect(await load('directory')).toEqual(cp([[1, 4]]));
      expect((await h.store.registry.get(S))?.className).toBe('c');
    });

    it('commits a checkpoint with an empty write', async () => {
      await h.store.datapoints.apply([], { projection: 'store', checkpoint: cp([[0, 3]]) });
      await h.store.registry.apply([], { projection: 'directory', checkpoint: cp([[0, 4]]) });
      expect(await load('store')).toEqual(cp([[0, 3]]));
      expect(await load('directory')).toEqual(cp([[0, 4]]));
    });

    it('keeps checkpoints when the read models are truncated', async () => {
      await h.store.datapoints.apply([], { projection: 'store', checkpoint: cp([[0, 3]]) });
      await h.store.registry.apply([], { projection: 'directory', checkpoint: cp([[0, 4]]) });
      await h.store.datapoints.truncate();
      await h.store.registry.truncate();
      expect(await load('store')).toEqual(cp([[0, 3]]));
      expect(await load('directory')).toEqual(cp([[0, 4]]));
    });

    it('keeps committed checkpoints and their writes across a restart', async () => {
      await h.store.datapoints.apply([{ type: 'put', series: S, version: 1, points: [{ ts: 5n, value: long(5n) }] }], {
        projection: 'store',
        checkpoint: cp([[0, 2], [1, 7]]),
      });
      await h.store.registry.apply([{ type: 'upsert', series }], { projection: 'directory', checkpoint: cp([[0, 1]]) });
      await h.store.checkpoints.store({ projection: 'other', checkpoint: cp([[2, 2]]) });
      await h.store.checkpoints.store({ projection: 'gone', checkpoint: cp([[2, 2]]) });
      await h.store.checkpoints.reset('gone');
      await h.restart();
      expect(await load('store')).toEqual(cp([[0, 2], [1, 7]]));
      expect(await load('directory')).toEqual(cp([[0, 1]]));
      expect(await load('other')).toEqual(cp([[2, 2]]));
      expect(await load('gone')).toBeUndefined();
      expect(await h.store.datapoints.fetch(S, { start: 5n, end: 5n })).toEqual([{ ts: 5n, value: long(5n) }]);
    });
  });
}
