import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_TS, MIN_TS } from '../../../../domain/datapoints/datapoint.js';
import { long } from '../../../../domain/datapoints/value.js';
import type { DatapointWrite } from '../../../../domain/ports/datapoint-store.js';
import { seriesIdOf, type SeriesId } from '../../../../domain/series/series.js';
import { EmbeddedDatabase } from './embedded-database.js';
import { EmbeddedDatapointStore } from './embedded-datapoint-store.js';
import { SHORT_RUN, SHORT_RUN_POINTS } from './head-tracker.js';
import { collect, type KvEngine } from './kv-engine.js';
import { openLevelEngine } from './level-engine.js';
import { BLOCK_PREFIX } from './store-keys.js';

const SERIES = 600;
const POINTS = 20;
/** Blocks of POINTS points fill a run at SHORT_RUN (head-tracker.ts). */
const RUN = SHORT_RUN;
const series: SeriesId[] = Array.from({ length: SERIES }, (_, i) => seriesIdOf(7n, BigInt(i + 1)));

/** Apply `n` of a time-major load: every series gets POINTS points, at a version of its own. */
function apply(n: number): DatapointWrite[] {
  return series.map((id, s) => ({
    type: 'put',
    series: id,
    version: n * SERIES + s,
    points: Array.from({ length: POINTS }, (_, k) => ({ ts: BigInt(n * POINTS + k), value: long(BigInt(n * POINTS + k)) })),
  }));
}

describe('planDatapointWrites merge budget', () => {
  it('loads blocks that fill short runs', () => expect(RUN * POINTS).toBeGreaterThanOrEqual(SHORT_RUN_POINTS));

  let dir: string;
  let engine: KvEngine;
  let db: EmbeddedDatabase;
  let store: EmbeddedDatapointStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'write-planner-'));
    engine = await openLevelEngine(dir);
    db = await EmbeddedDatabase.open(engine, dir);
    // No background tidy-up during the test (it would merge what the budget deferred).
    store = new EmbeddedDatapointStore(db, true, 3_600_000);
  });
  afterEach(async () => {
    await store.stopBackground();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Block keys per series, from a scan of every block. */
  const blocksPerSeries = async (): Promise<number[]> => {
    const counts = new Map<string, number>();
    for (const [key] of await collect(engine.scan(Uint8Array.of(BLOCK_PREFIX), Uint8Array.of(BLOCK_PREFIX + 1)))) {
      const s = Buffer.from(key.subarray(1, 17)).toString('hex');
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    return [...counts.values()];
  };

  it('spreads the merges series reach in the same apply over the following applies, losing no point', async () => {
    for (let n = 0; n < RUN - 1; n++) await store.apply(apply(n));
    expect(await blocksPerSeries()).toEqual(Array<number>(SERIES).fill(RUN - 1));
    // Every series' run fills in this apply: only part of them merge now.
    await store.apply(apply(RUN - 1));
    const after = await blocksPerSeries();
    const merged = after.filter((n) => n === 1).length;
    expect(merged).toBeGreaterThan(0);
    expect(merged).toBeLessThan(SERIES);
    expect(after.filter((n) => n !== 1).every((n) => n === RUN)).toBe(true);
    // The deferred ones merge over the next applies, their longer runs whole.
    for (let n = RUN; n < RUN + 4; n++) await store.apply(apply(n));
    expect(Math.max(...(await blocksPerSeries()))).toBeLessThanOrEqual(5);
    for (const id of [series[0], series[SERIES - 1]]) {
      const points = await store.fetch(id, { start: MIN_TS, end: MAX_TS });
      expect(points.map((p) => Number(p.ts))).toEqual(Array.from({ length: (RUN + 4) * POINTS }, (_, i) => (RUN + 4) * POINTS - 1 - i));
    }
  });
});
