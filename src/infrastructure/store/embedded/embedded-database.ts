import { checkpointToJson } from '../../../../domain/ports/checkpoint.js';
import type { CheckpointCommit } from '../../../../domain/ports/checkpoint-store.js';
import type { KvEngine, KvOp } from './kv-engine.js';
import { checkpointKey, SEQUENCE_KEY } from './store-keys.js';

/**
 * A failure of the embedded store. `retriable` says whether the same call may succeed later: an engine
 * write that failed (disk full, I/O error; nothing of it is visible) is; a closed store or a value that
 * cannot be decoded (corruption, a newer format) is not.
 */
export class EmbeddedStoreError extends Error {
  readonly retriable: boolean;
  constructor(message: string, options: { retriable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EmbeddedStoreError';
    this.retriable = options.retriable;
  }
}

/** The ops of one apply, and what to do once they are committed (update in-memory hints). */
export interface PlannedWrite {
  readonly ops: KvOp[];
  readonly afterCommit?: () => void;
}

/** Builds the ops of one apply from the committed state; `seq` is the apply's write sequence. */
export type WritePlan = (seq: number) => Promise<KvOp[] | PlannedWrite> | KvOp[] | PlannedWrite;

const utf8 = new TextEncoder();

/**
 * The one opened database the three embedded adapters share. It serialises every apply (plan against
 * the committed state, then one atomic engine write that also carries the checkpoint commit and the
 * write sequence), so read-modify-write plans never race, and it numbers applies (`seq`) so that
 * equal-version ties go to the later apply even across restarts.
 */
export class EmbeddedDatabase {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly engine: KvEngine,
    private seq: number,
    readonly dir: string,
  ) {}

  static async open(engine: KvEngine, dir: string): Promise<EmbeddedDatabase> {
    const stored = await engine.get(SEQUENCE_KEY);
    const seq = stored ? Number(new DataView(stored.buffer, stored.byteOffset, 8).getBigUint64(0)) : 0;
    return new EmbeddedDatabase(engine, seq, dir);
  }

  /** Runs one apply after every earlier one; the plan's ops and the commit land in one atomic write. */
  apply(plan: WritePlan, commit?: CheckpointCommit): Promise<void> {
    const run = this.queue.then(() => this.run(plan, commit));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Fails fast once closed, so a late call does not reach a closed engine. */
  assertOpen(): void {
    if (this.closed) throw new EmbeddedStoreError(`cannot use the embedded store in ${this.dir}: it is closed`, { retriable: false });
  }

  /** Waits for the applies in flight, then for the engine to reach stable storage (see KvEngine.flush). */
  async flush(): Promise<void> {
    this.assertOpen();
    await this.queue;
    await this.engine.flush();
  }

  /** Waits for the applies in flight, then closes the engine. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.engine.close();
  }

  private async run(plan: WritePlan, commit: CheckpointCommit | undefined): Promise<void> {
    this.assertOpen();
    const seq = this.seq + 1;
    const planned = await plan(seq);
    const { ops, afterCommit } = Array.isArray(planned) ? { ops: planned, afterCommit: undefined } : planned;
    if (ops.length === 0 && commit === undefined) return;
    ops.push({ key: SEQUENCE_KEY, value: sequenceValue(seq) });
    if (commit !== undefined) ops.push({ key: checkpointKey(commit.projection), value: utf8.encode(checkpointToJson(commit.checkpoint)) });
    try {
      await this.engine.write(ops);
    } catch (err) {
      throw new EmbeddedStoreError(`cannot write to the embedded store in ${this.dir}: ${(err as Error).message}`, { retriable: true, cause: err });
    }
    this.seq = seq;
    afterCommit?.();
  }
}

function sequenceValue(seq: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(seq));
  return out;
}
