import { long } from '../domain/datapoints/value.js';
import type { DataEvent } from '../domain/events/data.events.js';
import type { Checkpoint } from '../domain/ports/checkpoint.js';
import type { CheckpointCommit } from '../domain/ports/checkpoint-store.js';
import type { LogRecord } from '../domain/ports/log-source.js';
import { seriesIdOf, type SeriesId } from '../domain/series/series.js';
import type { ProjectionDefinition } from './projection.js';
import { ProjectionTestDriver } from './test-driver.js';

/** A projection that remembers what it was handed and commits in memory. */
function recorder(shared: { seen: LogRecord<'data'>[][]; committed?: Checkpoint }): () => ProjectionDefinition<'data'> {
  return () => ({
    name: 'recorder',
    topic: 'data',
    startFrom: 'checkpoint',
    poison: 'fail',
    load: async () => shared.committed,
    handle: async (records: readonly LogRecord<'data'>[], commit: CheckpointCommit) => {
      shared.seen.push([...records]);
      shared.committed = commit.checkpoint;
    },
    truncate: async () => undefined,
  });
}

const series: SeriesId[] = [1n, 2n, 3n, 4n, 5n].map((n) => seriesIdOf(n, n * 7n));
const stored = (s: SeriesId, ts: number): DataEvent => ({ type: 'DatapointsStored', series: s, points: [{ ts: BigInt(ts), value: long(BigInt(ts)) }] });
/** 5 series x 20 events, written series after series. */
const events = series.flatMap((s) => Array.from({ length: 20 }, (_, i) => stored(s, i)));
const tsOf = (e: DataEvent) => (e.type === 'DatapointsStored' ? Number(e.points[0].ts) : -1);
const label = (r: LogRecord<'data'>) => `${r.event.series}@${tsOf(r.event)}`;

describe('ProjectionTestDriver', () => {
  it('delivers every event once, keeping the order of each series', async () => {
    const shared = { seen: [] as LogRecord<'data'>[][] };
    const driver = await ProjectionTestDriver.start(recorder(shared), { seed: 7 });
    await driver.pipe(...events);
    const delivered = shared.seen.flat();
    expect(delivered.map(label).sort()).toEqual(events.map((e) => `${e.series}@${tsOf(e)}`).sort());
    for (const s of series) {
      const ts = delivered.filter((r) => r.event.series === s).map((r) => tsOf(r.event));
      expect(ts).toEqual(Array.from({ length: 20 }, (_, i) => i));
    }
  });

  it('interleaves series and varies batch sizes', async () => {
    const shared = { seen: [] as LogRecord<'data'>[][] };
    const driver = await ProjectionTestDriver.start(recorder(shared), { seed: 7, maxBatch: 10 });
    await driver.pipe(...events);
    const written = events.map((e) => e.series);
    expect(driver.records.map((r) => r.event.series)).not.toEqual(written);
    expect(shared.seen.flat().map((r) => r.event.series)).not.toEqual(written);
    expect(new Set(shared.seen.map((b) => b.length)).size).toBeGreaterThan(1);
    expect(Math.max(...shared.seen.map((b) => b.length))).toBeLessThanOrEqual(10);
  });

  it('replays the same schedule for the same seed, another for another seed', async () => {
    const run = async (seed: number) => {
      const shared = { seen: [] as LogRecord<'data'>[][] };
      const driver = await ProjectionTestDriver.start(recorder(shared), { seed });
      await driver.pipe(...events);
      return shared.seen.map((b) => b.map(label).join(',')).join('|');
    };
    expect(await run(3)).toBe(await run(3));
    expect(await run(3)).not.toBe(await run(4));
  });

  it('hands each batch the checkpoint after it, with consecutive offsets per partition', async () => {
    const commits: Checkpoint[] = [];
    const shared = { seen: [] as LogRecord<'data'>[][] };
    const inner = recorder(shared);
    const driver = await ProjectionTestDriver.start(() => {
      const p = inner();
      return { ...p, handle: async (r, c) => (commits.push(c.checkpoint), p.handle(r, c)) };
    });
    await driver.pipe(...events);
    expect(commits.at(-1)).toEqual(driver.end);
    const next = new Map<number, number>();
    for (const r of shared.seen.flat()) {
      expect(r.offset).toBe(next.get(r.partition) ?? 0);
      next.set(r.partition, r.offset + 1);
    }
  });

  it('re-delivers after rewind and resumes from the loaded checkpoint after restart', async () => {
    const shared = { seen: [] as LogRecord<'data'>[][] } as { seen: LogRecord<'data'>[][]; committed?: Checkpoint };
    const driver = await ProjectionTestDriver.start(recorder(shared), { seed: 2 });
    driver.append(...events.slice(0, 30));
    await driver.deliver(10);
    const afterTen = driver.position;
    await driver.deliver();
    driver.rewind(afterTen);
    expect(await driver.deliver()).toBe(20);
    shared.committed = afterTen;
    expect(await driver.restart()).toBe(afterTen);
    expect(await driver.deliver()).toBe(20);
  });
});
