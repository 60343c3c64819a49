import type { LogPosition } from '../../../domain/ports/command-log.js';
import { IngestBackpressure } from './ingest-backpressure.js';

/** Read models whose progress a test drives: each wait settles when the test says so. */
class ManualProgress {
  readonly waits: { position: LogPosition; timeoutMs: number; settle: (outcome: 'applied' | 'failed') => void }[] = [];

  readonly applied = (position: LogPosition, timeoutMs: number): Promise<unknown> =>
    new Promise((resolve, reject) => this.waits.push({ position, timeoutMs, settle: (o) => (o === 'applied' ? resolve(true) : reject(new Error('runner stopped'))) }));
}

const positionOf = (n: number): LogPosition => ({ data: new Map([[0, n]]) });

/** A write that resolves with position n (or fails) when the test says so. */
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

/** A gate with a lag limit of 100 ms on a clock the test moves. */
function gateAt100() {
  const clock = { ms: 0 };
  const progress = new ManualProgress();
  const gate = new IngestBackpressure(progress.applied, { maxLagMs: 100, maxWaitMs: 500, now: () => clock.ms });
  return { clock, progress, gate };
}

describe('IngestBackpressure', () => {
  it('admits every write while the oldest unapplied one is within the lag limit', async () => {
    const { clock, gate } = gateAt100();
    const writes = [0, 1, 2, 3].map(manualWrite);
    writes.forEach((w, i) => {
      clock.ms = 30 * i;
      void gate.run(w.write);
    });
    await ticks();
    expect(writes.map((w) => w.started)).toEqual([true, true, true, true]);
    expect(gate.load).toEqual({ unapplied: 4, waiting: 0 });
  });

  it('holds writes back, in arrival order, once the oldest unapplied write is older than the limit, until it is applied', async () => {
    // Given a write admitted at 0 and appended, not yet applied by the read models
    const { clock, progress, gate } = gateAt100();
    const first = manualWrite(0);
    const result = gate.run(first.write);
    first.finish(true);
    await expect(result).resolves.toMatchObject({ n: 0 });
    expect(progress.waits).toEqual([expect.objectContaining({ position: positionOf(0), timeoutMs: 500 })]);
    // When two writes arrive 101 ms later
    clock.ms = 101;
    const late = [manualWrite(1), manualWrite(2)];
    late.forEach((w) => void gate.run(w.write));
    await ticks();
    // Then neither is started (parsed) before the first is applied
    expect(late.map((w) => w.started)).toEqual([false, false]);
    expect(gate.load).toEqual({ unapplied: 1, waiting: 2 });
    progress.waits[0].settle('applied');
    await ticks();
    expect(late.map((w) => w.started)).toEqual([true, true]);
    expect(gate.load).toEqual({ unapplied: 2, waiting: 0 });
  });

  it('measures the lag from the oldest write not applied, not from writes applied out of order', async () => {
    const { clock, progress, gate } = gateAt100();
    const [a, b] = [manualWrite(0), manualWrite(1)];
    void gate.run(a.write);
    clock.ms = 90;
    void gate.run(b.write);
    a.finish(true);
    b.finish(true);
    await ticks();
    // b applied first: a (admitted at 0) is still the oldest, so at 150 a new write waits
    progress.waits[1].settle('applied');
    clock.ms = 150;
    const c = manualWrite(2);
    void gate.run(c.write);
    await ticks();
    expect(c.started).toBe(false);
    // a applied: nothing older than 100 ms is left, c starts
    progress.waits[0].settle('applied');
    await ticks();
    expect(c.started).toBe(true);
  });

  it.each([
    ['the write fails (nothing appended, nothing to wait for)', 'write'],
    ['waiting on the read models fails (a stopped runner must not block ingest)', 'wait'],
  ])('stops holding others back when %s', async (_, failing) => {
    const { clock, progress, gate } = gateAt100();
    const first = manualWrite(0);
    const firstResult = gate.run(first.write).catch((e: Error) => e.message);
    clock.ms = 200;
    const next = manualWrite(1);
    void gate.run(next.write);
    await ticks();
    expect(next.started).toBe(false);
    if (failing === 'write') {
      first.finish(false);
      await expect(firstResult).resolves.toBe('write 0 failed');
      expect(progress.waits).toHaveLength(0);
    } else {
      first.finish(true);
      await ticks();
      progress.waits[0].settle('failed');
    }
    await ticks();
    expect(next.started).toBe(true);
  });

  it('with a limit of 0 runs every write at once and waits on nothing', async () => {
    const progress = new ManualProgress();
    const gate = new IngestBackpressure(progress.applied, { maxLagMs: 0, maxWaitMs: 500 });
    const writes = [manualWrite(0), manualWrite(1), manualWrite(2)];
    const results = writes.map((w) => gate.run(w.write));
    expect(writes.every((w) => w.started)).toBe(true);
    writes.forEach((w) => w.finish(true));
    await Promise.all(results);
    expect(progress.waits).toHaveLength(0);
  });

  it.each([-1, Number.NaN])('refuses a lag limit of %p', (maxLagMs) => {
    expect(() => new IngestBackpressure(() => Promise.resolve(), { maxLagMs, maxWaitMs: 1 })).toThrow(/maxLagMs must be ≥ 0/);
  });
});
