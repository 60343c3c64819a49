import { ValidationError } from '../domain/errors.js';
import type { DataEvent } from '../domain/events/data.events.js';
import { InMemoryLog } from '../src/infrastructure/log/memory-log.js';
import { ProjectionRunner, type RunnerObserver, type RunnerOptions } from './runner.js';
import { FakeProjection, outgoing, stored, TransientError, type FakeDatabase } from './runner.fixture.js';

const ten = Array.from({ length: 10 }, (_, i) => stored((i % 3) + 1, i));

async function setup(events: DataEvent[]) {
  const log = new InMemoryLog();
  for (const e of events) await log.append([outgoing(e)]);
  const db: FakeDatabase = { applied: [] };
  const projection = new FakeProjection(db);
  let loads = 0;
  const load = projection.load.bind(projection);
  projection.load = () => {
    loads++;
    return load();
  };
  return { db, projection, source: log.source('data'), end: await log.source('data').end(), loads: () => loads };
}

/** An observer that records what it was told. */
function recorder(): RunnerObserver & { restarts: number[]; failures: [unknown, number][] } {
  const restarts: number[] = [];
  const failures: [unknown, number][] = [];
  return { restarts, failures, restarting: (n) => restarts.push(n), failed: (error, n) => failures.push([error, n]) };
}

const quick = (restarts: number, initialMs = 1): RunnerOptions => ({
  maxWaitMs: 1,
  retry: { retries: 1, initialMs: 1, maxMs: 1 },
  restart: { retries: restarts, initialMs, maxMs: initialMs, jitter: 0 },
});

describe('ProjectionRunner supervision', () => {
  it('restarts from the stored checkpoint after its retries ran out, and catches up once the outage ends', async () => {
    // Given a store that fails 5 times in a row (more than one run's 1 retry) after the first batch went in
    const { db, projection, source, end, loads } = await setup(ten);
    const runner = new ProjectionRunner(projection, source, { ...quick(5), maxBatch: 4 });
    const observer = recorder();
    runner.observe(observer);
    let calls = 0;
    projection.failWith = () => (++calls >= 2 && calls <= 6 ? new TransientError('store down') : undefined);
    // When it runs, with a read waiting for the end from the start
    const waiting = runner.waitFor(end, 10_000);
    await runner.start();
    // Then the waiting read sees every record, applied once, after restarts that each loaded the checkpoint again
    expect(await waiting).toBe(true);
    expect(db.applied).toHaveLength(10);
    expect(new Set(db.applied).size).toBe(10);
    expect(runner.status()).toEqual({ state: 'running' });
    expect(runner.metrics().restarts).toBeGreaterThanOrEqual(2);
    expect(observer.restarts).toEqual(Array.from({ length: runner.metrics().restarts }, (_, i) => i + 1));
    expect(loads()).toBe(1 + runner.metrics().restarts);
    expect(observer.failures).toEqual([]);
    await runner.stop();
  });

  it('gives up after the bounded restarts: failed, waiters released, the observer told once', async () => {
    // Given a poison batch under the `fail` policy (every run meets it again)
    const { projection, source, end, loads } = await setup(ten);
    const error = new ValidationError('cannot apply: bad point');
    projection.failWith = () => error;
    const runner = new ProjectionRunner(projection, source, quick(2));
    const observer = recorder();
    runner.observe(observer);
    // When it runs
    const waiting = runner.waitFor(end, 10_000);
    await runner.start();
    // Then it tried 1 + 2 times, each from the stored checkpoint, then failed for good
    expect(await waiting).toBe(false);
    expect(runner.status()).toEqual({ state: 'failed', error });
    expect(runner.metrics().restarts).toBe(2);
    expect(projection.batchSizes).toHaveLength(3);
    expect(loads()).toBe(3);
    expect(observer.restarts).toEqual([1, 2]);
    expect(observer.failures).toEqual([[error, 2]]);
    expect(await runner.waitFor(end, 10_000)).toBe(false);
    await runner.stop();
    expect(runner.status().state).toBe('failed');
  });

  it('reports restarting while it waits to restart, and a stop then ends it at once, quietly', async () => {
    const { projection, source, end } = await setup(ten);
    projection.failWith = () => new ValidationError('bad');
    const runner = new ProjectionRunner(projection, source, quick(3, 600_000));
    const observer = recorder();
    runner.observe(observer);
    await runner.start();
    for (let i = 0; i < 200 && runner.status().state !== 'restarting'; i++) await new Promise((r) => setImmediate(r));
    expect(runner.status()).toMatchObject({ state: 'restarting', restart: 1 });
    const waiting = runner.waitFor(end, 10_000);
    await runner.stop();
    expect(await waiting).toBe(false);
    expect(runner.status()).toEqual({ state: 'stopped' });
    expect(observer.failures).toEqual([]);
  });

  it('never restarts a replay: runToEnd rejects with the first failure', async () => {
    const { projection, source } = await setup(ten);
    const error = new ValidationError('bad');
    projection.failWith = () => error;
    const runner = new ProjectionRunner(projection, source, quick(5));
    await expect(runner.runToEnd()).rejects.toBe(error);
    expect(runner.metrics().restarts).toBe(0);
    expect(projection.batchSizes).toHaveLength(1);
  });
});
