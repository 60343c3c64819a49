import { ValidationError } from '../../../domain/errors.js';
import { FakeProjection, outgoing, stored } from '../../../projections/runner.fixture.js';
import { ProjectionRunner } from '../../../projections/runner.js';
import { InMemoryLog } from '../../infrastructure/log/memory-log.js';
import { RunnerSuccession } from './runner-succession.js';

async function logOf(records: number): Promise<InMemoryLog> {
  const log = new InMemoryLog();
  for (let i = 0; i < records; i++) await log.append([outgoing(stored(1, i))]);
  return log;
}

function runnerOn(log: InMemoryLog, fails: boolean): ProjectionRunner<'data'> {
  const projection = new FakeProjection({ applied: [] });
  if (fails) projection.failWith = () => new ValidationError('bad point');
  return new ProjectionRunner(projection, log.source('data'), { maxWaitMs: 1, restart: { retries: 1, initialMs: 1, maxMs: 1 } });
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

describe('RunnerSuccession', () => {
  it('is idle before any runner and after a healthy one retired, and sums the counters of its runners', async () => {
    const log = await logOf(3);
    const succession = new RunnerSuccession();
    expect(succession.status()).toEqual({ state: 'idle' });
    for (const expected of [3, 6]) {
      const runner = runnerOn(log, false);
      succession.follow(runner);
      await runner.start();
      await until(() => runner.metrics().records === 3);
      expect(succession.status().state).toBe('running');
      expect(succession.applied()).toEqual(new Map([[0, 3]]));
      await runner.stop();
      succession.retire(runner);
      expect(succession.status()).toEqual({ state: 'idle' });
      expect(succession.metrics().records).toBe(expected);
    }
  });

  it('tells its observer of every runner final failure, stays failed until a new runner follows', async () => {
    const log = await logOf(2);
    const succession = new RunnerSuccession();
    const failed = jest.fn();
    succession.observe({ failed });
    const broken = runnerOn(log, true);
    succession.follow(broken);
    await broken.start();
    await until(() => failed.mock.calls.length === 1);
    expect(failed).toHaveBeenCalledWith(expect.any(ValidationError), 1);
    await broken.stop();
    succession.retire(broken);
    expect(succession.status().state).toBe('failed');
    expect(succession.metrics().restarts).toBe(1);
    const healthy = runnerOn(log, false);
    succession.follow(healthy);
    await healthy.start();
    expect(succession.status().state).toBe('running');
    await healthy.stop();
  });
});
