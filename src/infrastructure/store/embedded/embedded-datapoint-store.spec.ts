import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_TS, MIN_TS, type Datapoint } from '../../../../domain/datapoints/datapoint.js';
import { long } from '../../../../domain/datapoints/value.js';
import type { DatapointWrite } from '../../../../domain/ports/datapoint-store.js';
import { seriesIdOf } from '../../../../domain/series/series.js';
import { DatapointModel, seededRandom } from '../../../../test/contract/datapoint-model.js';
import { EmbeddedDatabase, EmbeddedStoreError } from './embedded-database.js';
import { EmbeddedDatapointStore } from './embedded-datapoint-store.js';
import { collect, type KvEngine } from './kv-engine.js';
import { openLevelEngine } from './level-engine.js';
import { blockKey, blockKeyMaxTs, seriesBlockRange, seriesKeyBytes } from './store-keys.js';

const S = seriesIdOf(0xabcn, 0xdefn);
const ALL = { start: MIN_TS, end: MAX_TS };
const p = (ts: number, v = ts): Datapoint => ({ ts: BigInt(ts), value: long(BigInt(v)) });
const put = (stamps: number[], version: number, value?: number): DatapointWrite => ({
  type: 'put',
  series: S,
  version,
  points: stamps.map((t) => p(t, value ?? t)),
});
const del = (start: number, end: number): DatapointWrite => ({ type: 'delete', series: S, start: BigInt(start), end: BigInt(end) });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('EmbeddedDatapointStore (block layout)', () => {
  let dir: string;
  let engine: KvEngine;
  let db: EmbeddedDatabase;

  const open = async (merge = true, idleTidyMs?: number) => {
    engine = await openLevelEngine(dir);
    db = await EmbeddedDatabase.open(engine, dir);
    return new EmbeddedDatapointStore(db, merge, idleTidyMs);
  };
  const blocks = async () => {
    const { start, end } = seriesBlockRange(seriesKeyBytes(S));
    return (await collect(engine.scan(start, end))).map(([key, value]) => ({ maxTs: Number(blockKeyMaxTs(key)), key: Buffer.from(key).toString('hex'), value }));
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-embedded-unit-'));
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the puts of one series in one apply as one block', async () => {
    const store = await open();
    await store.apply([put([1, 2], 1), put([3], 2), put([4, 5], 3)]);
    expect((await blocks()).map((b) => b.maxTs)).toEqual([5]);
  });

  it('lands a re-applied put on the same key, with the same bytes', async () => {
    const store = await open();
    await store.apply([put(range(1, 50), 7)]);
    const once = await blocks();
    await store.apply([put(range(1, 50), 7)]);
    const twice = await blocks();
    expect(twice.map((b) => b.key)).toEqual(once.map((b) => b.key));
    expect(twice.map((b) => b.value.length)).toEqual(once.map((b) => b.value.length));
  });

  it('reads no key for blocks of versions above every stored one, and still merges re-applies after a reopen', async () => {
    let store = await open(false);
    const read: number[] = [];
    const getMany = engine.getMany.bind(engine);
    engine.getMany = (keys) => {
      read.push(keys.length);
      return getMany(keys);
    };
    await store.apply([put([1, 2], 1)]);
    await store.apply([put([3, 4], 2), { ...put([9], 3), series: seriesIdOf(5n, 5n) }]);
    expect(read).toEqual([]);
    const before = await blocks();
    await db.close();
    store = await open(false);
    // Same key (newest ts 4, version 2) as a stored block: without reading it, ts 3 would be lost.
    await store.apply([put([4], 2, 40)]);
    expect((await blocks()).map((b) => b.key)).toEqual(before.map((b) => b.key));
    expect((await store.fetch(S, ALL)).map((x) => [Number(x.ts), Number((x.value as { value: bigint }).value)])).toEqual([[4, 40], [3, 3], [2, 2], [1, 1]]);
  });

  it('reads no key for a series whose versions grow, even below other series (log partitions), nor after a truncate', async () => {
    const read: number[] = [];
    const counting = async () => {
      const opened = await open(false);
      const getMany = engine.getMany.bind(engine);
      engine.getMany = (keys) => {
        read.push(keys.length);
        return getMany(keys);
      };
      return opened;
    };
    let store = await counting();
    const T = seriesIdOf(5n, 5n);
    await store.apply([put([1], 100)]);
    await store.apply([{ ...put([1], 40), series: T }, put([2], 101)]);
    await store.apply([{ ...put([2], 41), series: T }]);
    expect(read).toEqual([]);
    // A re-applied put, and after a reopen a version below the stored watermark, are read.
    await store.apply([{ ...put([2], 41), series: T }]);
    await db.close();
    store = await counting();
    await store.apply([{ ...put([3], 42), series: T }]);
    expect(read).toEqual([1, 1]);
    await store.truncate();
    await store.apply([{ ...put([3], 42), series: T }, put([3], 102)]);
    expect(read).toEqual([1, 1]);
    expect((await store.fetch(T, ALL)).map((x) => Number(x.ts))).toEqual([3]);
  });

  it('still merges a re-applied put into a block a delete renamed to a version above its key version', async () => {
    const store = await open(false);
    // One block keyed by ts 10 (version 5) that also holds ts 8 at version 9.
    await store.apply([put([10, 6], 5), put([8], 9)]);
    await store.apply([del(10, 10)]);
    await store.apply([put([8], 9)]);
    expect((await store.fetch(S, ALL)).map((x) => Number(x.ts))).toEqual([8, 6]);
  });

  it('removes the blocks a delete covers, rewrites the one it cuts and leaves the others', async () => {
    const store = await open(false);
    await store.apply([put(range(1, 10), 1)]);
    await store.apply([put(range(11, 20), 2)]);
    await store.apply([put(range(21, 30), 3)]);
    const before = await blocks();
    await store.apply([del(11, 25)]);
    const after = await blocks();
    expect(after.map((b) => b.maxTs)).toEqual([30, 10]);
    expect(after[1]).toEqual(before[2]);
    expect((await store.fetch(S, ALL)).map((x) => Number(x.ts))).toEqual([...range(1, 10), ...range(26, 30)].reverse());
  });

  it('renames a block whose newest points are deleted', async () => {
    const store = await open(false);
    await store.apply([put(range(1, 10), 4)]);
    await store.apply([del(8, 100)]);
    expect((await blocks()).map((b) => [b.maxTs, b.key])).toEqual([[7, Buffer.from(blockKey(seriesKeyBytes(S), 7n, 4)).toString('hex')]]);
  });

  it('merges the small blocks of many small applies and answers like the reference model', async () => {
    const store = await open();
    const model = new DatapointModel();
    const rand = seededRandom(99);
    for (let i = 0; i < 300; i++) {
      // Mostly appends in time order, sometimes late or overlapping points with a lower version.
      const base = rand() < 0.9 ? i * 5 : Math.floor(rand() * i * 5);
      const version = rand() < 0.9 ? i * 10 : Math.floor(rand() * i * 10);
      const w = put(range(base, base + 4), version, i);
      await store.apply([w]);
      model.apply([w]);
    }
    expect((await blocks()).length).toBeLessThan(40);
    expect(await store.fetch(S, ALL)).toEqual(model.fetch(S, ALL));
    for (const r of [{ start: 100n, end: 900n }, { start: 0n, end: 2000n, count: 7, pre: 3, post: 2 }]) {
      expect(await store.fetch(S, r)).toEqual(model.fetch(S, r));
    }
  });

  it('keeps many small applies small on disk: far fewer keys than applies', async () => {
    const store = await open();
    for (let i = 0; i < 256; i++) await store.apply([put(range(i * 10, i * 10 + 9), i)]);
    const got = await blocks();
    expect(got.length).toBeLessThanOrEqual(16);
    expect(got.reduce((n, b) => n + b.value.length, 0) / 2560).toBeLessThan(2.5);
  });

  it('settles on close: nothing left in the write-ahead log, merged-away blocks dropped, data intact on reopen', async () => {
    let store = await open();
    for (let i = 0; i < 256; i++) await store.apply([put(range(i * 10, i * 10 + 9), i)]);
    const expected = await store.fetch(S, ALL);
    const files = () => readdirSync(dir).map((name) => ({ name, size: statSync(join(dir, name)).size }));
    const bytes = (list: { name: string; size: number }[]) => list.filter((f) => /\.(log|ldb)$/.test(f.name)).reduce((n, f) => n + f.size, 0);
    const before = bytes(files());
    await db.close();
    const after = files();
    expect(after.filter((f) => f.name.endsWith('.log')).map((f) => f.size)).toEqual([0]);
    // The 256 applies' blocks, the merges and their removals were logged; what stays is the live blocks.
    expect(bytes(after)).toBeLessThan(before / 3);
    store = await open();
    expect(await store.fetch(S, ALL)).toEqual(expected);
  });

  it('tidies the small blocks it still tracks into one block per series, within its budget', async () => {
    const store = await open();
    const T = seriesIdOf(5n, 5n);
    // Puts of 5 points: 10 blocks hold too few points for a short run (head-tracker.ts), so none merge on apply.
    for (let i = 0; i < 10; i++) await store.apply([put(range(i * 10, i * 10 + 4), i), { ...put([i], 100 + i), series: T }]);
    const before = [await store.fetch(S, ALL), await store.fetch(T, ALL)];
    expect((await blocks()).length).toBe(10);
    await store.tidy(0);
    expect((await blocks()).length).toBe(10);
    await store.tidy(60_000);
    expect((await blocks()).length).toBe(1);
    expect([await store.fetch(S, ALL), await store.fetch(T, ALL)]).toEqual(before);
    const { start, end } = seriesBlockRange(seriesKeyBytes(T));
    expect(await collect(engine.scan(start, end))).toHaveLength(1);
  });

  it('tidies the small blocks it tracks in the background once applies and fetches pause, reads unchanged', async () => {
    const store = await open(true, 20);
    const T = seriesIdOf(5n, 5n);
    for (let i = 0; i < 10; i++) await store.apply([put(range(i * 10, i * 10 + 4), i), { ...put([i], 100 + i), series: T }]);
    const before = [await store.fetch(S, ALL), await store.fetch(T, ALL)];
    for (let i = 0; i < 200 && (await blocks()).length > 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await blocks()).length).toBe(1);
    expect([await store.fetch(S, ALL), await store.fetch(T, ALL)]).toEqual(before);
    await store.stopBackground();
  });

  it('reports a corrupt block as a non-retriable EmbeddedStoreError', async () => {
    const store = await open();
    await store.apply([put([1, 2, 3], 1)]);
    const [{ key }] = await blocks();
    await engine.write([{ key: Buffer.from(key, 'hex'), value: Uint8Array.of(42, 0, 0) }]);
    const err = await store.fetch(S, ALL).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddedStoreError);
    expect(err).toMatchObject({ retriable: false });
    // Re-applying the same put reads the block under its key to merge with it.
    await expect(store.apply([put([1, 2, 3], 1)])).rejects.toMatchObject({ retriable: false });
  });
});
