import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BatchReader } from './batch-reader.js';

/** A full garbage collection, made available at run time (jest is not started with --expose-gc). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Lets the current job end, so that WeakRefs taken in it may be cleared by the next collection. */
const nextTask = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An async iterator the test feeds by hand: `push` a yield, `fail` with an error. */
class Channel<R> implements AsyncIterator<readonly R[]> {
  private readonly queue: (readonly R[] | Error)[] = [];
  private waiting: ((value: readonly R[] | Error) => void) | undefined;
  returned = false;

  push(...items: R[]): void {
    this.deliver(items);
  }

  fail(error: Error): void {
    this.deliver(error);
  }

  async next(): Promise<IteratorResult<readonly R[]>> {
    const item = this.queue.shift() ?? (await new Promise<readonly R[] | Error>((resolve) => (this.waiting = resolve)));
    if (item instanceof Error) throw item;
    return { done: false, value: item };
  }

  async return(): Promise<IteratorResult<readonly R[]>> {
    this.returned = true;
    return { done: true, value: undefined };
  }

  private deliver(item: readonly R[] | Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(item);
    else this.queue.push(item);
  }
}

const reader = (channel: Channel<number>, maxBatch: number, maxWaitMs = 0, signal = new AbortController().signal) =>
  new BatchReader<number>(channel, { maxBatch, maxWaitMs }, signal);

describe('BatchReader', () => {
  it('merges the yields that are ready into one batch, up to maxBatch', async () => {
    const ch = new Channel<number>();
    ch.push(1, 2);
    ch.push(3, 4);
    ch.push(5);
    const r = reader(ch, 10);
    expect(await r.next()).toEqual([1, 2, 3, 4, 5]);
  });

  it('splits a yield that does not fit and starts the next batch with its rest, in order', async () => {
    const ch = new Channel<number>();
    ch.push(1, 2, 3);
    ch.push(4, 5, 6, 7, 8, 9, 10);
    const r = reader(ch, 4);
    expect(await r.next()).toEqual([1, 2, 3, 4]);
    expect(await r.next()).toEqual([5, 6, 7, 8]);
    expect(await r.next()).toEqual([9, 10]);
  });

  it('returns a partial batch once maxWait has passed, and keeps the late yield for the next batch', async () => {
    const ch = new Channel<number>();
    ch.push(1);
    const r = reader(ch, 100, 5);
    expect(await r.next()).toEqual([1]);
    const second = r.next();
    ch.push(2, 3);
    expect(await second).toEqual([2, 3]);
  });

  it('with holdUntil, keeps merging past maxWait until the previous batch is handled, then closes the batch', async () => {
    const ch = new Channel<number>();
    ch.push(1);
    const r = reader(ch, 100, 1);
    let handled!: () => void;
    const previous = new Promise<void>((resolve) => (handled = resolve));
    const next = r.next(previous);
    let done = false;
    void next.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    ch.push(2, 3);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(done).toBe(false);
    handled();
    expect(await next).toEqual([1, 2, 3]);
  });

  it('with holdUntil already settled (or failed), closes the batch after maxWait as without it', async () => {
    const ch = new Channel<number>();
    ch.push(1);
    const r = reader(ch, 100, 1);
    const failed = Promise.reject(new Error('handling failed'));
    failed.catch(() => undefined);
    expect(await r.next(failed)).toEqual([1]);
  });

  it('waits for the first yield of a batch however long it takes', async () => {
    const ch = new Channel<number>();
    const r = reader(ch, 100, 0);
    const first = r.next();
    await Promise.resolve();
    ch.push(7);
    expect(await first).toEqual([7]);
  });

  it('resolves undefined when the signal aborts while waiting', async () => {
    const ch = new Channel<number>();
    const controller = new AbortController();
    const r = reader(ch, 100, 0, controller.signal);
    const pending = r.next();
    controller.abort();
    expect(await pending).toBeUndefined();
    r.close();
    expect(ch.returned).toBe(true);
  });

  it('rejects with the error of the source', async () => {
    const ch = new Channel<number>();
    const r = reader(ch, 100, 0);
    ch.fail(new Error('disk on fire'));
    await expect(r.next()).rejects.toThrow('disk on fire');
  });

  it('returns the records read before a source error, then rejects with it', async () => {
    const ch = new Channel<number>();
    ch.push(1, 2);
    ch.fail(new Error('bad record'));
    const r = reader(ch, 100, 0);
    expect(await r.next()).toEqual([1, 2]);
    await expect(r.next()).rejects.toThrow('bad record');
  });

  it('resolves undefined once the source is done', async () => {
    async function* three() {
      yield [1, 2];
      yield [3];
    }
    const r = new BatchReader<number>(three(), { maxBatch: 2, maxWaitMs: 0 }, new AbortController().signal);
    expect(await r.next()).toEqual([1, 2]);
    expect(await r.next()).toEqual([3]);
    expect(await r.next()).toBeUndefined();
  });

  it('does not keep the batches it returned: a long run holds only the batch in hand', async () => {
    const ch = new Channel<object>();
    const r = new BatchReader<object>(ch, { maxBatch: 10, maxWaitMs: 0 }, new AbortController().signal);
    const refs: WeakRef<object>[] = [];
    for (let i = 0; i < 20; i++) {
      const record = {};
      refs.push(new WeakRef(record));
      ch.push(record);
      expect(await r.next()).toHaveLength(1);
    }
    await nextTask();
    collectGarbage();
    await nextTask();
    // The last record may still sit in this test's own suspended frame; the 19 before it must be gone.
    expect(refs.slice(0, -1).filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
  });
});
