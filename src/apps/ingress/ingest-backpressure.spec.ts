import type { LogPosition } from '../../../domain/ports/command-log.js';
import { IngestBackpressure } from './ingest-backpressure.js';

/** Read models whose progress a test drives: each wait resolves when the test applies (or times out) its position. */
class ManualProgress {
  readonly waits: { position: LogPosition; timeoutMs: number; settle: (outcome: 'applied' | 'failed') => void }[] = [];

  readonly applied = (position: LogPosition, timeoutMs: number): Promise<unknown> =>
    new Promise((resolve, reject) => this.waits.push({ position, timeoutMs, settle: (o) => (o === 'applied' ? resolve(true) : reject(new Error('runner stopped'))) }));
}

const positionOf = (n: number): LogPosition => ({ data: new Map([[0, n]]) });

/** A write that resolves with position n once the test says so. */
function manualWrite(n: number) {
  let started = false;
  let finish!: (ok: boolean) => void;
  const done = new Promise<{ position: LogPosition; n: number }>((resolve, reject) => {
    finish = (ok) => (ok ? resolve({ position: positionOf(n), n }) : reject(new Error(`write ${n} failed`)));
  });
  return {
    get started() {
      return started;
    },
    finish,
    write: () => {
      started = true;
      return done;
    },
  };
}

const ticks = () => new Promise((resolve) => setImmediate(resolve));

describe('IngestBackpressure', () => {
  it.each([1, 2, 3])('starts at most %i writes before the read models applied the earlier ones, then the next in arrival order', async (max) => {
    // Given a limit of `max` unapplied writes and max + 2 writes arriving together
    const progress = new ManualProgress();
    const gate = new IngestBackpressure(progress.applied, { maxUnapplied: max, maxWaitMs: 500 });
    const writes = Array.from({ length: max + 2 }, (_, i) => manualWrite(i));
    const results = writes.map((w) => gate.run(w.write));
    await ticks();
    // Then the first `max` start, the others wait before being started (parsed)
    expect(writes.map((w) => w.started)).toEqual(writes.map((_, i) => i < max));
    expect(gate.load).toEqual({ unapplied: max, waiting: 2 });
    // When the first write is appended, it still holds its place until the read models applied it
    writes[0].finish(true);
    await expect(results[0]).resolves.toMatchObject({ n: 0 });
    expect(writes[max].started).toBe(false);
    expect(progress.waits).toEqual([expect.objectContaining({ position: positionOf(0), timeoutMs: 500 })]);
    progress.waits[0].settle('applied');
    await ticks();
    // Then the longest waiting write starts, and only it
    expect(writes.map((w) => w.started)).toEqual(writes.map((_, i) => i <= max));
    expect(gate.load).toEqual({ unapplied: max, waiting: 1 });
  });

  it('frees the place of a write that fails at once (nothing appended, nothing to wait for)', async () => {
    const progress = new ManualProgress();
    const gate = new IngestBackpressure(progress.applied, { maxUnapplied: 1, maxWaitMs: 500 });
    const failing = manualWrite(0);
    const next = manualWrite(1);
    const first = gate.run(failing.write);
    const second = gate.run(next.write);
    failing.finish(false);
    await expect(first).rejects.toThrow('write 0 failed');
    await ticks();
    expect(next.started).toBe(true);
    expect(progress.waits).toHaveLength(0);
    next.finish(true);
    await expect(second).resolves.toMatchObject({ n: 1 });
  });

  it('frees the place when waiting on the read models fails (a stopped runner does not block ingest)', async () => {
    const progress = new ManualProgress();
    const gate = new IngestBackpressure(progress.applied, { maxUnapplied: 1, maxWaitMs: 500 });
    const a = manualWrite(0);
    const b = manualWrite(1);
    void gate.run(a.write);
    const second = gate.run(b.write);
    a.finish(true);
    await ticks();
    expect(b.started).toBe(false);
    progress.waits[0].settle('failed');
    await ticks();
    expect(b.started).toBe(true);
    b.finish(true);
    await expect(second).resolves.toMatchObject({ n: 1 });
    expect(gate.load).toEqual({ unapplied: 1, waiting: 0 });
  });

  it('with a limit of 0 runs every write at once and waits on nothing', async () => {
    const progress = new ManualProgress();
    const gate = new IngestBackpressure(progress.applied, { maxUnapplied: 0, maxWaitMs: 500 });
    const writes = [manualWrite(0), manualWrite(1), manualWrite(2)];
    const results = writes.map((w) => gate.run(w.write));
    expect(writes.every((w) => w.started)).toBe(true);
    writes.forEach((w) => w.finish(true));
    await Promise.all(results);
    expect(progress.waits).toHaveLength(0);
  });

  it.each([-1, 1.5, Number.NaN])('refuses a limit of %p', (maxUnapplied) => {
    expect(() => new IngestBackpressure(() => Promise.resolve(), { maxUnapplied, maxWaitMs: 1 })).toThrow(/maxUnapplied must be an integer ≥ 0/);
  });
});
