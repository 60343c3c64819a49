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
  /** The new version watermark (see WriteContext.maxVersion) when it changes: raised by stored blocks, -1 once none is left. */
  readonly maxVersion?: number;
}

/**
 * What an apply is planned with. `seq` numbers the apply (ties between equal versions go to the later
 * one). `maxVersion` is an upper bound of the version of every point ever stored (-1: none), kept with
 * `seq` in the same atomic writes: a block can only land on the key of a stored block whose points hold
 * its key version, so the planner need not read the key of a block whose version is above it.
 */
export interface WriteContext {
  readonly seq: number;
  readonly maxVersion: number;
}

/** Builds the ops of one apply from the committed state. */
export type WritePlan = (ctx: WriteContext) => Promise<KvOp[] | PlannedWrite> | KvOp[] | PlannedWrite;

const utf8 = new TextEncoder();

/**
 * The one opened database the three embedded adapters share. It serialises every apply (plan against
 * the committed state, then one atomic engine write that also carries the checkpoint commit and the
 * write sequence), so read-modify-write plans never race, and it numbers applies (`seq`) so that
 * equal-version ties go to the later apply even across restarts (see WriteContext).
 */
export class EmbeddedDatabase {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly engine: KvEngine,
    private seq: number,
    private maxVersion: number,
    readonly dir: string,
  ) {}

  static async open(engine: KvEngine, dir: string): Promise<EmbeddedDatabase> {
    const stored = await engine.get(SEQUENCE_KEY);
    if (!stored) return new EmbeddedDatabase(engine, 0, -1, dir);
    const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
    const seq = Number(view.getBigUint64(0));
    const maxVersion = stored.byteLength >= 16 ? Number(view.getBigUint64(8)) - 1 : Number.MAX_SAFE_INTEGER;
    return new EmbeddedDatabase(engine, seq, maxVersion, dir);
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

  /**
   * Waits for the applies in flight, lets the engine settle its newest writes (bounded work, see
   * KvEngine.settle: the store is left at its steady size on disk), then closes the engine. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    try {
      await this.engine.settle?.(SEQUENCE_KEY);
    } finally {
      await this.engine.close();
    }
  }

  private async run(plan: WritePlan, commit: CheckpointCommit | undefined): Promise<void> {
    this.assertOpen();
    const seq = this.seq + 1;
    const planned = await plan({ seq, maxVersion: this.maxVersion });
    const { ops, afterCommit, maxVersion = this.maxVersion }: PlannedWrite = Array.isArray(planned) ? { ops: planned } : planned;
    if (ops.length === 0 && commit === undefined && maxVersion === this.maxVersion) return;
    ops.push({ key: SEQUENCE_KEY, value: sequenceValue(seq, maxVersion) });
    if (commit !== undefined) ops.push({ key: checkpointKey(commit.projection), value: utf8.encode(checkpointToJson(commit.checkpoint)) });
    try {
      await this.engine.write(ops);
    } catch (err) {
      throw new EmbeddedStoreError(`cannot write to the embedded store in ${this.dir}: ${(err as Error).message}`, { retriable: true, cause: err });
    }
    this.seq = seq;
    this.maxVersion = maxVersion;
    afterCommit?.();
  }
}

/** The 'S' row: seq, then maxVersion + 1 (0: no block ever stored), both unsigned 64-bit big-endian. */
function sequenceValue(seq: number, maxVersion: number): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(seq));
  view.setBigUint64(8, BigInt(maxVersion + 1));
  return out;
}
