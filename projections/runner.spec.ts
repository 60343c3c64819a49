import type { LogRecord, LogSource } from '../domain/ports/log-source.js';
import { InMemoryLog } from '../src/infrastructure/log/memory-log.js';
import { ProjectionRunner, type RunnerOptions } from './runner.js';
import { FakeProjection, gate, outgoing, stored, type FakeDatabase } from './runner.fixture.js';

const fast: RunnerOptions = { maxWaitMs: 1, retry: { initialMs: 1, maxMs: 2 } };

/** Spreads series evenly over partitions (series n has labelsId n*31, so its last key byte is that). */
const spread = (key: Uint8Array, n: number) => key[15] % n;

function setup(partitions = 1) {
  const log = new InMemoryLog({ partitions: { data: partitions, metadata: 1 }, partitioner: spread });
  const db: FakeDatabase = { applied: [] };
  return { log, db, source: log.source('data') };
}

/** Appends `n` one-point records of series 1..series, in separate appends; returns the data position. */
async function appendMany(log: InMemoryLog, n: number, series = 4, from = 0) {
  let position = new Map<number, number>();
  for (let i = from; i < from + n; i++) {
    const p = await log.append([outgoing(stored((i % series) + 1, i))]);
    position = new Map([...position, ...(p.data ?? [])]);
  }
  return position;
}

/** The source, and how many records were pulled from its reads so far. */
function counted(source: LogSource<'data'>): { source: LogSource<'data'>; pulled: () => number } {
  let pulled = 0;
  const read: LogSource<'data'>['read'] = (options) => {
    const inner = source.read(options);
    return {
      [Symbol.asyncIterator]: (): AsyncIterator<readonly LogRecord<'data'>[]> => {
        const it = inner[Symbol.asyncIterator]();
        return {
          next: async () => {
            const r = await it.next();
            if (!r.done) pulled += r.value.length;
            return r;
          },
          return: async () => it.return?.() ?? { done: true, value: undefined },
        };
      },
    };
  };
  return { source: { ...source, read }, pulled: () => pulled };
}

describe('ProjectionRunner', () => {
  it('applies every record, commits the checkpoint after each batch and reports it as applied', async () => {
    const { log, db, source } = setup(3);
    const end = await appendMany(log, 20);
    const projection = new FakeProjection(db);
    const runner = new ProjectionRunner(projection, source, fast);
    await runner.start();
    expect(await runner.waitFor(end, 5000)).toBe(true);
    expect(db.applied).toHaveLength(20);
    expect(new Set(db.applied).size).toBe(20);
    expect(db.checkpoint).toEqual(end);
    expect(runner.applied()).toEqual(end);
    expect(runner.metrics()).toMatchObject({ records: 20, points: 20, skipped: 0, retries: 0 });
    expect(runner.status()).toEqual({ state: 'running' });
    await runner.stop();
    expect(runner.status()).toEqual({ state: 'stopped' });
  });

  it('resumes from the stored checkpoint after a restart, without re-applying what was committed', async () => {
    const { log, db, source } = setup(2);
    const first = await appendMany(log, 10);
    const one = new ProjectionRunner(new FakeProjection(db), source, fast);
    await one.start();
    expect(await one.waitFor(first, 5000)).toBe(true);
    await one.stop();
    const end = await appendMany(log, 5, 4, 10);

    const two = new ProjectionRunner(new FakeProjection(db), source, fast);
    await two.start();
    expect(two.applied()).toEqual(first);
    expect(await two.waitFor(end, 5000)).toBe(true);
    await two.stop();
    expect(db.applied).toHaveLength(15);
    expect(new Set(db.applied).size).toBe(15);
  });

  it('merges the source yields of several partitions into batches of at most maxBatch', async () => {
    const { log, db, source } = setup(4);
    const end = await appendMany(log, 60, 12);
    expect(Math.max(...end.values())).toBeLessThan(20); // so that a batch of 20 needs several yields
    const projection = new FakeProjection(db);
    const runner = new ProjectionRunner(projection, source, { maxBatch: 20, maxWaitMs: 60_000 });
    await runner.start();
    expect(await runner.waitFor(end, 5000)).toBe(true);
    await runner.stop();
    expect(projection.batchSizes).toEqual([20, 20, 20]);
    expect(new Set(db.applied).size).toBe(60);
  });

  it('hands over a partial batch once maxWait has passed', async () => {
    const { log, db, source } = setup();
    const end = await appendMany(log, 3);
    const projection = new FakeProjection(db);
    const runner = new ProjectionRunner(projection, source, { maxBatch: 1000, maxWaitMs: 5 });
    await runner.start();
    expect(await runner.waitFor(end, 5000)).toBe(true);
    expect(projection.batchSizes).toEqual([3]);
    await runner.stop();
  });

  it('resolves waitFor as soon as a later append is applied, and false on timeout', async () => {
    const { log, db, source } = setup(2);
    const runner = new ProjectionRunner(new FakeProjection(db), source, fast);
    await runner.start();
    expect(await runner.waitFor(new Map(), 0)).toBe(true);
    const pending = runner.waitFor(new Map([[0, 1]]), 10_000);
    const end = await appendMany(log, 8);
    expect(await pending).toBe(true);
    expect(await runner.waitFor(end, 10_000)).toBe(true);
    expect(await runner.waitFor(new Map([[0, 999]]), 20)).toBe(false);
    await runner.stop();
  });

  it('finishes the batch in flight on stop, commits it, and stops idempotently', async () => {
    const { log, db, source } = setup();
    const end = await appendMany(log, 5);
    const projection = new FakeProjection(db);
    const g = gate();
    projection.gate = g.promise;
    const entered = new Promise<void>((resolve) => (projection.entered = resolve));
    const runner = new ProjectionRunner(projection, source, { maxBatch: 5, maxWaitMs: 60_000 });
    await runner.start();
    const waiter = runner.waitFor(end, 10_000);
    await entered;
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    g.open();
    await stopping;
    await runner.stop();
    expect(db.applied).toHaveLength(5);
    expect(runner.applied()).toEqual(end);
    expect(runner.status()).toEqual({ state: 'stopped' });
    expect(await waiter).toBe(true);
    await appendMany(log, 2, 4, 5);
    expect(db.applied).toHaveLength(5);
  });

  it('reads the next batch while the projection handles one', async () => {
    const { log, db, source } = setup();
    const end = await appendMany(log, 10);
    const { source: observed, pulled } = counted(source);
    const projection = new FakeProjection(db);
    const pulledDuringFirst: number[] = [];
    projection.entered = () => {
      if (pulledDuringFirst.length > 0) return;
      pulledDuringFirst.push(pulled());
      projection.gate = (async () => {
        for (let i = 0; i < 1000 && pulled() < 10; i++) await new Promise((resolve) => setImmediate(resolve));
        pulledDuringFirst.push(pulled());
        projection.gate = undefined;
      })();
    };
    const runner = new ProjectionRunner(projection, observed, { maxBatch: 5, maxWaitMs: 0 });
    await runner.start();
    expect(await runner.waitFor(end, 5000)).toBe(true);
    await runner.stop();
    expect(pulledDuringFirst).toEqual([5, 10]);
    expect(projection.batchSizes).toEqual([5, 5]);
  });

  it('runs to the end as of the call for a replay, reports progress and returns stats', async () => {
    const { log, db, source } = setup(3);
    const end = await appendMany(log, 40);
    const progress: number[] = [];
    const runner = new ProjectionRunner(new FakeProjection(db), source, { ...fast, maxBatch: 7 });
    const stats = await runner.runToEnd((p) => progress.push(p.records));
    expect(stats).toMatchObject({ records: 40, points: 40 });
    expect(stats.ms).toBeGreaterThanOrEqual(0);
    expect(db.checkpoint).toEqual(end);
    expect(progress.at(-1)).toBe(40);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(runner.status()).toEqual({ state: 'stopped' });
  });

  it('returns at once from a replay when the log is empty', async () => {
    const { db, source } = setup(2);
    const stats = await new ProjectionRunner(new FakeProjection(db), source, fast).runToEnd();
    expect(stats).toMatchObject({ records: 0, points: 0 });
  });

  it('reports lag per partition between the log end and the applied checkpoint', async () => {
    const { log, db, source } = setup(2);
    const end = await appendMany(log, 9);
    const runner = new ProjectionRunner(new FakeProjection(db), source, fast);
    expect(await runner.lag()).toEqual(end);
    await runner.start();
    expect(await runner.waitFor(end, 5000)).toBe(true);
    expect([...(await runner.lag()).values()]).toEqual([0, 0]);
    await runner.stop();
  });

  it('starts at the log end without replaying when the projection starts from END', async () => {
    const { log, db, source } = setup(2);
    const before = await appendMany(log, 6);
    const runner = new ProjectionRunner(new FakeProjection(db, 'fail', 'end'), source, fast);
    await runner.start();
    expect(runner.applied()).toEqual(before);
    const end = await appendMany(log, 3, 4, 6);
    expect(await runner.waitFor(end, 5000)).toBe(true);
    await runner.stop();
    expect(db.applied.sort()).toEqual(['1:8', '3:6', '4:7']);
  });

  it('refuses a source of another topic', () => {
    const { log, db } = setup();
    expect(() => new ProjectionRunner(new FakeProjection(db), log.source('metadata') as never)).toThrow(/BUG/);
  });
});
