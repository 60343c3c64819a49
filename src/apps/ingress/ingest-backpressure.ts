import type { LogPosition } from '../../../domain/ports/command-log.js';

/** DI token of the IngestBackpressure of a process that has one (standalone); handlers take it as optional. */
export const INGEST_BACKPRESSURE = Symbol('IngestBackpressure');

/** Resolves once the read models of this process have applied `position`, or after `timeoutMs` (any outcome). */
export type AppliedWait = (position: LogPosition, timeoutMs: number) => Promise<unknown>;

export interface IngestBackpressureOptions {
  /** How far behind the writes the read models may be, ms: the age of the oldest write not applied yet. 0: no limit. */
  readonly maxLagMs: number;
  /** Longest a write holds back others once appended, waiting for the read models (a stalled projection must not stop ingest), ms. */
  readonly maxWaitMs: number;
  /** Monotonic clock, ms (tests drive it). */
  readonly now?: () => number;
}

/** A write admitted and not yet applied: since when. */
interface Pending {
  readonly since: number;
  done: boolean;
}

/**
 * Keeps the read models of a process close behind the writes it takes: a write is admitted (parsed, decided,
 * appended) only while the oldest write not yet applied by the read models was admitted at most `maxLagMs` ago;
 * otherwise it waits, first come first served, BEFORE it is parsed. Without it, clients writing as fast as they can
 * keep the main thread parsing while the projections (which share that thread) fall behind: what is acknowledged
 * becomes readable seconds later, and the requests parsed ahead sit in memory. With it, ingest runs at full speed
 * while the projections keep up, and at their pace when they do not: an acknowledged write is readable about
 * `maxLagMs` plus one write's projection later.
 *
 * A write that fails stops holding others back at once; one that succeeds when the read models applied its
 * position or `maxWaitMs` after its append, whichever comes first. Only for a process whose read models follow
 * every partition of its log in-process (standalone): elsewhere there is nothing cheap to wait on.
 */
export class IngestBackpressure {
  private readonly pending: Pending[] = [];
  private readonly waiting: ((entry: Pending) => void)[] = [];
  private readonly now: () => number;

  constructor(
    private readonly applied: AppliedWait,
    private readonly options: IngestBackpressureOptions,
  ) {
    if (!(options.maxLagMs >= 0)) throw new RangeError(`cannot hold back writes: maxLagMs must be ≥ 0, got ${options.maxLagMs}`);
    this.now = options.now ?? (() => performance.now());
  }

  /** Writes admitted and not yet applied (or failed), and writes waiting for admission (for metrics and tests). */
  get load(): { readonly unapplied: number; readonly waiting: number } {
    return { unapplied: this.pending.filter((p) => !p.done).length, waiting: this.waiting.length };
  }

  /** Runs `write` once admitted (see the class doc). Rejections of `write` pass through. */
  async run<R extends { readonly position: LogPosition }>(write: () => Promise<R>): Promise<R> {
    if (this.options.maxLagMs === 0) return write();
    const entry = this.waiting.length === 0 && this.admissible() ? this.enter() : await new Promise<Pending>((admit) => this.waiting.push(admit));
    let result: R;
    try {
      result = await write();
    } catch (error) {
      this.settle(entry);
      throw error;
    }
    this.applied(result.position, this.options.maxWaitMs).then(
      () => this.settle(entry),
      () => this.settle(entry),
    );
    return result;
  }

  private admissible(): boolean {
    return this.pending.length === 0 || this.now() - this.pending[0].since <= this.options.maxLagMs;
  }

  private enter(): Pending {
    const entry: Pending = { since: this.now(), done: false };
    this.pending.push(entry);
    return entry;
  }

  /** `entry` holds nobody back any more: drops the settled head of the queue and admits whom that lets in. */
  private settle(entry: Pending): void {
    entry.done = true;
    while (this.pending.length > 0 && this.pending[0].done) this.pending.shift();
    while (this.waiting.length > 0 && this.admissible()) (this.waiting.shift() as (entry: Pending) => void)(this.enter());
  }
}
