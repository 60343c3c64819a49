/** How many series /fetch reads ahead of the one it is formatting (at most this many first pages held at once). */
export const READ_AHEAD = 16;
/**
 * /fetch starts its reads ahead in groups of this many, in one go: a store in another thread then gets them as one
 * request (coalesced-reads.ts): ~12 round trips for 100 series instead of 100.
 */
export const READ_GROUP = 8;

/**
 * The reads of `items`, in order, each started up to `depth` items before the caller gets to it: its first
 * element is already being produced while the caller consumes the earlier ones. A store read is a round trip
 * through the engine's threads, so overlapping the next reads with the formatting of the current one hides
 * their latency; memory grows by at most `depth` first elements (one store page each for /fetch).
 *
 * With `group` > 1, reads are started `group` (or more) at a time, once that many slots ahead are free, all in
 * the same tick, so that a store that batches the calls of one tick gets them together.
 *
 * Errors keep their place: a read that fails early is reported when the caller reaches it. When the caller
 * stops early (client gone, error), every read started ahead is closed.
 */
export async function* readAhead<S, T>(
  items: readonly S[],
  read: (item: S) => AsyncIterable<T>,
  depth: number = READ_AHEAD,
  group = 1,
): AsyncGenerator<[S, AsyncIterable<T>]> {
  const started: Started<T>[] = [];
  let next = 0;
  try {
    for (let i = 0; i < items.length; i++) {
      // Started ahead of item i: next - i - 1 (group 1: refilled one by one, as each item is reached).
      if (next - i - 1 <= depth - group) while (next < items.length && next <= i + depth) started.push(start(read(items[next++])));
      yield [items[i], continued(started[0])];
      started.shift();
    }
  } finally {
    for (const s of started) void s.it.return?.().catch(() => undefined);
  }
}

interface Started<T> {
  readonly it: AsyncIterator<T>;
  readonly first: Promise<IteratorResult<T>>;
}

function start<T>(iterable: AsyncIterable<T>): Started<T> {
  const it = iterable[Symbol.asyncIterator]();
  const first = it.next();
  // Awaited when the caller reaches this item; until then a failure must not count as unhandled.
  first.catch(() => undefined);
  return { it, first };
}

async function* continued<T>({ it, first }: Started<T>): AsyncGenerator<T> {
  let done = false;
  try {
    for (let r = await first; !r.done; r = await it.next()) yield r.value;
    done = true;
  } finally {
    if (!done) await it.return?.();
  }
}
