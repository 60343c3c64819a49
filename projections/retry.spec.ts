import { InvariantViolation, UnavailableError, ValidationError } from '../domain/errors.js';
import { backoffMs, classifyError, Retrier, type RetryPolicy } from './retry.js';

const policy: RetryPolicy = { retries: 3, initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 };

class Transient extends Error {
  readonly retriable = true;
}

describe('backoffMs', () => {
  it.each([
    [0, 0.5, 100],
    [1, 0.5, 200],
    [3, 0.5, 800],
    [4, 0.5, 1000],
    [10, 0.5, 1000],
    [0, 0, 50],
    [0, 0.999999, 150],
    [4, 0.999999, 1000],
  ])('waits about initial*factor^%i, jittered by random %f, capped: %i ms', (attempt, random, expected) => {
    expect(backoffMs(attempt, policy, () => random)).toBe(expected);
  });
});

describe('classifyError', () => {
  it.each([
    [new TypeError('x'), 'programming'],
    [new RangeError('x'), 'programming'],
    [new InvariantViolation('x'), 'programming'],
    [new Transient('x'), 'retriable'],
    [Object.assign(new Error('x'), { retriable: false }), 'poison'],
    [new ValidationError('x'), 'poison'],
    [new UnavailableError('x'), 'poison'],
    ['a string', 'poison'],
  ])('classifies %p as %s', (error, kind) => {
    expect(classifyError(error)).toBe(kind);
  });
});

describe('Retrier', () => {
  const listener = () => {
    const seen: number[] = [];
    return { seen, retrying: (attempt: number) => seen.push(attempt), resumed: () => undefined };
  };
  const fast: RetryPolicy = { ...policy, initialMs: 1, maxMs: 1 };

  it('retries retriable errors until the call succeeds', async () => {
    const l = listener();
    let calls = 0;
    const outcome = await new Retrier(fast, () => 0, new AbortController().signal, l).run(async () => {
      if (++calls < 3) throw new Transient('busy');
    });
    expect(outcome).toEqual({ ok: true });
    expect(calls).toBe(3);
    expect(l.seen).toEqual([1, 2]);
  });

  it('gives up after the policy retries with the last error', async () => {
    const error = new Transient('down');
    let calls = 0;
    const outcome = await new Retrier(fast, () => 0, new AbortController().signal, listener()).run(async () => {
      calls++;
      throw error;
    });
    expect(outcome).toEqual({ ok: false, kind: 'exhausted', error });
    expect(calls).toBe(4);
  });

  it.each([
    [new TypeError('bug'), 'programming'],
    [new ValidationError('bad'), 'poison'],
  ])('never retries %p', async (error, kind) => {
    let calls = 0;
    const outcome = await new Retrier(fast, () => 0, new AbortController().signal, listener()).run(async () => {
      calls++;
      throw error;
    });
    expect(outcome).toEqual({ ok: false, kind, error });
    expect(calls).toBe(1);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const slow: RetryPolicy = { ...policy, initialMs: 60_000, maxMs: 60_000 };
    const retrier = new Retrier(slow, () => 0, controller.signal, { retrying: () => controller.abort(), resumed: () => undefined });
    const outcome = await retrier.run(async () => {
      throw new Transient('busy');
    });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.kind).toBe('aborted');
  });
});
