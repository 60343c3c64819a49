import { readAhead } from './read-ahead.js';

/** A read that records when it starts and finishes, yielding `item * 10` and `item * 10 + 1`. */
function recorder(failing?: number) {
  const started: number[] = [];
  const closed: number[] = [];
  async function* read(item: number): AsyncGenerator<number> {
    started.push(item);
    try {
      await Promise.resolve();
      if (item === failing) throw new Error(`read ${item} failed`);
      yield item * 10;
      yield item * 10 + 1;
    } finally {
      closed.push(item);
    }
  }
  return { started, closed, read };
}

async function consume(it: AsyncIterable<[number, AsyncIterable<number>]>, stopAfter = Infinity): Promise<number[]> {
  const out: number[] = [];
  for await (const [, chunks] of it) {
    for await (const c of chunks) {
      out.push(c);
      if (out.length >= stopAfter) return out;
    }
  }
  return out;
}

describe('readAhead', () => {
  it('gives every item with its read, in order', async () => {
    const { read } = recorder();
    expect(await consume(readAhead([1, 2, 3, 4, 5, 6], read, 2))).toEqual([10, 11, 20, 21, 30, 31, 40, 41, 50, 51, 60, 61]);
  });

  it.each([
    [0, [1]],
    [2, [1, 2, 3]],
    [10, [1, 2, 3, 4]],
  ])('has started the reads of the next %p items when the caller gets the first one', async (depth, expected) => {
    const { started, read } = recorder();
    const it = readAhead([1, 2, 3, 4], read, depth);
    await it.next();
    expect(started).toEqual(expected);
    await it.return(undefined);
  });

  it('reports a failed read when the caller reaches it, not before, and never as unhandled', async () => {
    const { read } = recorder(3);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const seen: number[] = [];
      const error = await (async () => {
        for await (const [, chunks] of readAhead([1, 2, 3, 4], read, 3)) for await (const c of chunks) seen.push(c);
      })().catch((e: unknown) => e);
      await new Promise((resolve) => setImmediate(resolve));
      expect((error as Error).message).toBe('read 3 failed');
      expect(seen).toEqual([10, 11, 20, 21]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('closes every read started ahead when the caller stops early', async () => {
    const { started, closed, read } = recorder();
    expect(await consume(readAhead([1, 2, 3, 4, 5, 6], read, 2), 3)).toEqual([10, 11, 20]);
    for (let i = 0; i < 10 && closed.length < started.length; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1, 2, 3, 4]);
    expect([...closed].sort()).toEqual([1, 2, 3, 4]);
  });

  it.each([
    [1, [[1, 2, 3, 4, 5], [6], [7], [8]]],
    [2, [[1, 2, 3, 4, 5], [], [6, 7], [], [8]]],
    [4, [[1, 2, 3, 4, 5], [], [], [], [6, 7, 8]]],
  ])('with group %p, starts reads that many at a time once as many slots are free', async (group, expected) => {
    const { started, read } = recorder();
    const it = readAhead([1, 2, 3, 4, 5, 6, 7, 8], read, 4, group);
    const seen: number[][] = [];
    let before = 0;
    for (let r = await it.next(); !r.done; r = await it.next()) {
      seen.push(started.slice(before));
      before = started.length;
      for await (const c of r.value[1]) void c;
    }
    expect(seen.slice(0, expected.length)).toEqual(expected);
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

