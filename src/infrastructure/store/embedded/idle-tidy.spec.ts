import { IdleTidy } from './idle-tidy.js';

/** Waits (bounded) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(done()).toBe(true);
}

describe('IdleTidy', () => {
  it('runs steps once touches stop, until a step says nothing is left', async () => {
    let left = 3;
    let steps = 0;
    const tidy = new IdleTidy(() => Promise.resolve((steps++, --left > 0)), () => undefined, 10);
    tidy.touch();
    await until(() => left === 0);
    expect(steps).toBe(3);
    await tidy.stop();
  });

  it('ends a round after the step in flight when touched, and starts again when idle', async () => {
    let steps = 0;
    let release: (() => void) | undefined;
    const tidy = new IdleTidy(
      () => new Promise<boolean>((resolve) => {
        steps++;
        release = () => resolve(steps < 5);
      }),
      () => undefined,
      10,
    );
    tidy.touch();
    await until(() => release !== undefined);
    tidy.touch();
    release?.();
    release = undefined;
    // The round stopped after its first step; the touch's idle period starts the next one.
    await until(() => release !== undefined);
    expect(steps).toBe(2);
    // (TypeScript narrowed `release` to undefined at the assignment above; the step has set it since.)
    (release as (() => void) | undefined)?.();
    await tidy.stop();
  });

  it('never runs after stop, and stop waits for the step in flight', async () => {
    let finished = false;
    let started = 0;
    const tidy = new IdleTidy(
      async () => {
        started++;
        await new Promise((r) => setTimeout(r, 20));
        finished = true;
        return true;
      },
      () => undefined,
      5,
    );
    tidy.touch();
    await until(() => started === 1);
    await tidy.stop();
    expect(finished).toBe(true);
    tidy.touch();
    await new Promise((r) => setImmediate(r));
    expect(started).toBe(1);
  });

  it('reports a failed step and tries again in the next idle period', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const tidy = new IdleTidy(
      () => (++calls === 1 ? Promise.reject(new Error('disk full')) : Promise.resolve(false)),
      (err) => errors.push(err),
      5,
    );
    tidy.touch();
    await until(() => errors.length === 1);
    tidy.touch();
    await until(() => calls === 2);
    expect((errors[0] as Error).message).toBe('disk full');
    await tidy.stop();
  });
});
