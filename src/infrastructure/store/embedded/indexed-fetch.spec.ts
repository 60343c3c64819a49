import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_TS, MIN_TS } from '../../../../domain/datapoints/datapoint.js';
import { long } from '../../../../domain/datapoints/value.js';
import type { DatapointWrite } from '../../../../domain/ports/datapoint-store.js';
import { seriesIdOf, type SeriesId } from '../../../../domain/series/series.js';
import { EmbeddedDatabase } from './embedded-database.js';
import { EmbeddedDatapointStore } from './embedded-datapoint-store.js';
import type { KvEngine, KvOp } from './kv-engine.js';
import { openLevelEngine } from './level-engine.js';

const S = seriesIdOf(0xabcn, 0xdefn);
const T = seriesIdOf(0xabcn, 0x123n);
const ALL = { start: MIN_TS, end: MAX_TS };
const put = (series: SeriesId, stamps: number[], version: number): DatapointWrite => ({
  type: 'put',
  series,
  version,
  points: stamps.map((t) => ({ ts: BigInt(t), value: long(BigInt(t)) })),
});
const del = (series: SeriesId, start: number, end: number): DatapointWrite => ({ type: 'delete', series, start: BigInt(start), end: BigInt(end) });

/** LevelDB, counting scans, whose writes can be held AFTER they are committed (before the apply hears of it). */
class HeldEngine {
  scans = 0;
  private hold: { committed: () => void; release: Promise<void> } | undefined;

  constructor(readonly inner: KvEngine) {}

  engine(): KvEngine {
    const inner = this.inner;
    return {
      name: inner.name,
      get: (key) => inner.get(key),
      getMany: (keys) => inner.getMany(keys),
      getSync: (key) => inner.getSync?.(key),
      keys: (start, end) => inner.keys(start, end),
      scan: (start, end) => {
        this.scans++;
        return inner.scan(start, end);
      },
      write: async (ops: readonly KvOp[]) => {
        await inner.write(ops);
        const hold = this.hold;
        this.hold = undefined;
        if (hold) {
          hold.committed();
          await hold.release;
        }
      },
      clear: (start, end) => inner.clear?.(start, end) ?? Promise.resolve(),
      flush: () => inner.flush(),
      close: () => inner.close(),
    };
  }

  /** Holds the next write once committed: resolves `committed` then, and lets it finish on `release()`. */
  holdNext(): { committed: Promise<void>; release: () => void } {
    let committed!: () => void;
    let release!: () => void;
    const committedP = new Promise<void>((r) => (committed = r));
    const releaseP = new Promise<void>((r) => (release = r));
    this.hold = { committed, release: releaseP };
    return { committed: committedP, release };
  }
}

describe('EmbeddedDatapointStore reads by known block keys (block index)', () => {
  let dir: string;
  let db: EmbeddedDatabase;
  let held: HeldEngine;

  const open = async () => {
    held = new HeldEngine(await openLevelEngine(dir));
    db = await EmbeddedDatabase.open(held.engine(), dir);
    const store = new EmbeddedDatapointStore(db);
    await store.loadIndex();
    return store;
  };
  const stamps = async (store: EmbeddedDatapointStore, series: SeriesId = S) => (await store.fetch(series, ALL)).map((p) => Number(p.ts));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-indexed-fetch-'));
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a series it wrote without scanning, and knows an unwritten one is empty', async () => {
    const store = await open();
    await store.apply([put(S, [1, 2], 1), put(S, [3], 2)]);
    await store.apply([put(S, [4], 3)]);
    held.scans = 0;
    expect(await stamps(store)).toEqual([4, 3, 2, 1]);
    expect(await stamps(store, T)).toEqual([]);
    expect(held.scans).toBe(0);
  });

  it('lists what a reopened store holds', async () => {
    let store = await open();
    await store.apply([put(S, [1, 2], 1)]);
    await store.apply([put(S, [5], 2), put(T, [7], 3)]);
    await db.close();
    store = await open();
    held.scans = 0;
    expect(await stamps(store)).toEqual([5, 2, 1]);
    expect(await stamps(store, T)).toEqual([7]);
    expect(held.scans).toBe(0);
  });

  it.each([
    ['a put', [put(S, [3], 2)], [3, 2, 1]],
    ['a delete rewriting the stored block', [del(S, 1, 1)], [2]],
    ['a delete removing the stored block', [del(S, 0, 9)], []],
  ])('between the commit of %s and its end, reads the series by scanning what is committed, then by key again', async (_what, writes, after) => {
    const store = await open();
    await store.apply([put(S, [1, 2], 1), put(T, [9], 1)]);
    const hold = held.holdNext();
    const applying = store.apply(writes);
    await hold.committed;
    held.scans = 0;
    expect(await stamps(store)).toEqual(after);
    expect(held.scans).toBe(1);
    expect(await stamps(store, T)).toEqual([9]);
    expect(held.scans).toBe(1);
    hold.release();
    await applying;
    held.scans = 0;
    expect(await stamps(store)).toEqual(after);
    expect(held.scans).toBe(0);
  });

  it('reads by key again after truncate, every series empty until written', async () => {
    const store = await open();
    await store.apply([put(S, [1, 2], 1)]);
    await store.truncate();
    await store.apply([put(T, [3], 2)]);
    held.scans = 0;
    expect(await stamps(store)).toEqual([]);
    expect(await stamps(store, T)).toEqual([3]);
    expect(held.scans).toBe(0);
  });
});
