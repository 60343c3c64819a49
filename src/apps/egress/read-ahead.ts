/** How many series /fetch reads ahead of the one it is formatting (libuv's thread pool has 4 threads by default). */
export const READ_AHEAD = 4;

/**
 * The reads of `items`, in order, each started up to `depth` items before the caller gets to it: its first
 * element is already being produced while the caller consumes the earlier ones. A store read is a round trip
 * through the engine's threads, so overlapping the next reads with the formatting of the current one hides
 * their latency; memory grows by at most `depth` first elements (one store page each for /fetch).
 *
 * Errors keep their place: a read that fails early is reported when the caller reaches it. When the caller
 * stops early (client gone, error), every read started ahead is closed.
 */
export async function* readAhead<S, T>(items: readonly S[], read: (item: S) => AsyncIterable<T>, depth: number = READ_AHEAD): AsyncGenerator<[S, AsyncIterable<T>]> {
  const started: Started<T>[] = [];
  let next = 0;
  try {
    for (let i = 0; i < items.length; i++) {
      while (next < items.length && next <= i + depth) started.push(start(read(items[next++])));
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
