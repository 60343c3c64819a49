import type { LogPosition } from '../../../domain/ports/command-log.js';

/** DI token of the IngestBackpressure of a process that has one (standalone); handlers take it as optional. */
export const INGEST_BACKPRESSURE = Symbol('IngestBackpressure');

/** Resolves once the read models of this process have applied `position`, or after `timeoutMs` (any outcome). */
export type AppliedWait = (position: LogPosition, timeoutMs: number) => Promise<unknown>;

export interface IngestBackpressureOptions {
  /** Most writes between admission and "applied by the read models"; 0 admits every write at once. */
  readonly maxUnapplied: number;
  /** Longest a write holds its place once appended, waiting for the read models (a stalled projection must not stop ingest), ms. */
  readonly maxWaitMs: number;
}

/**
 * Keeps the read models of a process close behind the writes it takes: at most `maxUnapplied` writes are admitted
 * and not yet applied by the projections; the next one waits its turn (first come, first served) BEFORE it is
 * parsed. Without it, clients writing as fast as they can keep the main thread parsing while the projections
 * (which share that thread) fall behind: what is acknowledged becomes readable hundreds of ms later, and the
 * requests parsed ahead sit in memory. With it the same work is done in another order: throughput stays, and the
 * delay between an acknowledgement and a read that sees it stays at about one write's worth of projection work.
 *
 * A write that fails frees its place at once; one that succeeds frees it when the read models applied its
 * position or `maxWaitMs` after its append, whichever comes first. Only for a process whose read models follow
 * every partition of its log in-process (standalone): elsewhere there is nothing cheap to wait on.
 */
export class IngestBackpressure {
  private unapplied = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly applied: AppliedWait,
    private readonly options: IngestBackpressureOptions,
  ) {
    if (!Number.isSafeInteger(options.maxUnapplied) || options.maxUnapplied < 0) throw new RangeError(`cannot hold back writes: maxUnapplied must be an integer ≥ 0, got ${options.maxUnapplied}`);
  }

  /** Writes admitted and not yet applied, and writes waiting for admission (for metrics and tests). */
  get load(): { readonly unapplied: number; readonly waiting: number } {
    return { unapplied: this.unapplied, waiting: this.waiting.length };
  }

  /** Runs `write` once admitted; its place is freed as the class doc says. Rejections of `write` pass through. */
  async run<R extends { readonly position: LogPosition }>(write: () => Promise<R>): Promise<R> {
    if (this.options.maxUnapplied === 0) return write();
    if (this.unapplied < this.options.maxUnapplied) this.unapplied++;
    else await new Promise<void>((admit) => this.waiting.push(admit));
    let result: R;
    try {
      result = await write();
    } catch (error) {
      this.release();
      throw error;
    }
    this.applied(result.position, this.options.maxWaitMs).then(
      () => this.release(),
      () => this.release(),
    );
    return result;
  }

  /** Hands the freed place to the longest waiting write, if any. */
  private release(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.unapplied--;
  }
}
