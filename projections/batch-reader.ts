/** Options of a BatchReader. */
export interface BatchReaderOptions {
  /** Largest batch returned; a yield that does not fit is split and its rest starts the next batch. */
  readonly maxBatch: number;
  /** How long to keep merging yields after the first one of a batch arrived (0: only what is ready). */
  readonly maxWaitMs: number;
}

type Pulled<R> = { readonly kind: 'items'; readonly items: readonly R[] } | { readonly kind: 'end' } | { readonly kind: 'timeout' };

const noop = (): void => undefined;
const END: Pulled<never> = { kind: 'end' };

/**
 * Merges the consecutive yields of a log source into batches of up to `maxBatch` items, waiting at
 * most `maxWaitMs` for more once a batch has started, so that a projection writes to its store in
 * big batches while the log trickles in small ones. Items keep their order.
 *
 * The iterator's pending `next()` survives a timeout and feeds the following batch, so nothing is
 * pulled twice or lost. One timer per batch, no per-item allocation beyond the batch array.
 * When `signal` aborts, `next()` resolves undefined at once (the records pulled and not yet returned
 * are dropped: the caller re-reads them from its checkpoint).
 */
export class BatchReader<R> {
  private pending: Promise<Pulled<R>> | undefined;
  private carry: readonly R[] | undefined;
  private carryFrom = 0;
  private ended = false;
  private failure: { readonly error: unknown } | undefined;

  constructor(
    private readonly iterator: AsyncIterator<readonly R[]>,
    private readonly options: BatchReaderOptions,
    private readonly signal: AbortSignal,
  ) {}

  /**
   * The next batch (never empty), or undefined once the source has ended or the signal aborted.
   * Rejects with the source's error, but only once the records read before it have been returned.
   * With `holdUntil` (the caller's previous batch, still being handled), the batch keeps merging yields until
   * that settles too, not only for `maxWaitMs`: a read-ahead then takes what arrived during the whole handling
   * instead of closing early and leaving the rest to one more, smaller batch.
   */
  async next(holdUntil?: Promise<unknown>): Promise<R[] | undefined> {
    const batch: R[] = [];
    this.takeCarry(batch);
    if (batch.length === 0 && this.failure) throw this.failure.error;
    if (batch.length >= this.options.maxBatch) return batch;
    while (batch.length === 0) {
      const first = await this.pull(undefined);
      if (first.kind !== 'items') return undefined;
      this.add(batch, first.items);
    }
    if (batch.length < this.options.maxBatch && !this.ended) await this.fill(batch, holdUntil);
    return this.signal.aborted ? undefined : batch;
  }

  /** Stops the underlying iterator (fire and forget: an async generator may be suspended in a wait). */
  close(): void {
    this.ended = true;
    const ret = this.iterator.return?.();
    if (ret) ret.then(noop, noop);
  }

  private async fill(batch: R[], holdUntil: Promise<unknown> | undefined): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.maxWaitMs);
    });
    const held = holdUntil === undefined ? waited : Promise.all([waited, holdUntil.then(noop, noop)]);
    const timeout = held.then((): Pulled<R> => ({ kind: 'timeout' }));
    try {
      while (batch.length < this.options.maxBatch && !this.ended) {
        const more = await this.pull(timeout);
        if (more.kind !== 'items') return;
        this.add(batch, more.items);
      }
    } catch (error) {
      // Hand out what was read before the failure first; the error comes with the next call.
      this.failure = { error };
      this.ended = true;
    } finally {
      clearTimeout(timer);
    }
  }

  private async pull(timeout: Promise<Pulled<R>> | undefined): Promise<Pulled<R>> {
    if (this.ended || this.signal.aborted) return END;
    if (!this.pending) {
      this.pending = this.iterator.next().then((r): Pulled<R> => (r.done ? END : { kind: 'items', items: r.value }));
      // A rejection is read by the await below; this only prevents an unhandled one after an abort.
      this.pending.then(noop, noop);
    }
    const got = await this.firstOf(this.pending, timeout);
    if (got.kind === 'timeout') return got;
    this.pending = undefined;
    if (got.kind === 'end') this.ended = true;
    return got;
  }

  /**
   * The first of the source's pull, the timeout and an abort. The abort listener lives only as long as
   * this call: racing one long-lived promise instead (Promise.race on a reader-wide "aborted" promise)
   * leaves a reaction on it per call, each holding that call's result, so every batch ever read would
   * stay in memory until the reader is aborted.
   */
  private firstOf(pending: Promise<Pulled<R>>, timeout: Promise<Pulled<R>> | undefined): Promise<Pulled<R>> {
    return new Promise((resolve, reject) => {
      const signal = this.signal;
      const onAbort = (): void => resolve(END);
      const settle = (got: Pulled<R>): void => {
        signal.removeEventListener('abort', onAbort);
        resolve(got);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      pending.then(settle, (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      });
      timeout?.then(settle);
    });
  }

  private add(batch: R[], items: readonly R[]): void {
    const room = this.options.maxBatch - batch.length;
    const n = Math.min(room, items.length);
    for (let i = 0; i < n; i++) batch.push(items[i]);
    if (n < items.length) {
      this.carry = items;
      this.carryFrom = n;
    }
  }

  private takeCarry(batch: R[]): void {
    const carry = this.carry;
    if (!carry) return;
    this.carry = undefined;
    const from = this.carryFrom;
    const n = Math.min(this.options.maxBatch, carry.length - from);
    for (let i = 0; i < n; i++) batch.push(carry[from + i]);
    if (from + n < carry.length) {
      this.carry = carry;
      this.carryFrom = from + n;
    }
  }
}
