import type { LogRecord } from '../../../domain/ports/log-source.js';
import type { TopicName } from '../../../domain/ports/topics.js';
import { LogError } from './log-error.js';

/** Records per yielded batch when the reader does not say. */
export const DEFAULT_MAX_BATCH = 1000;

/**
 * Wakes readers when something they may wait for happened (a durable append, a close). `wait()` hands out
 * a promise that the next `notify()` resolves; take it BEFORE looking for data, so that a notification
 * between the look and the wait is not lost. No timers, no polling.
 */
export class ChangeNotifier {
  private resolve!: () => void;
  private promise: Promise<void>;

  constructor() {
    this.promise = this.fresh();
  }

  wait(): Promise<void> {
    return this.promise;
  }

  notify(): void {
    const resolve = this.resolve;
    this.promise = this.fresh();
    resolve();
  }

  private fresh(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.resolve = resolve;
    });
  }
}

/** A reader's position in one partition; `next` returns up to `max` records at or after it (possibly none). */
export interface PartitionCursor<T extends TopicName> {
  next(max: number): Promise<readonly LogRecord<T>[]>;
  close(): Promise<void>;
}

export interface TailOptions {
  readonly signal: AbortSignal;
  readonly maxBatch: number;
  readonly changes: ChangeNotifier;
  /** True once the log or the source is closed: the iteration then ends. */
  readonly stopped: () => boolean;
}

/**
 * The read loop shared by the log adapters: visits the partitions round-robin, yields each non-empty batch,
 * and once a whole round found nothing, sleeps until `changes` notifies or the signal aborts. Cursors are
 * closed when the iteration ends, however it ends.
 */
export async function* tailPartitions<T extends TopicName>(cursors: readonly PartitionCursor<T>[], options: TailOptions): AsyncGenerator<readonly LogRecord<T>[]> {
  const { signal, maxBatch, changes, stopped } = options;
  try {
    while (!signal.aborted && !stopped()) {
      const changed = changes.wait();
      let found = false;
      for (const cursor of cursors) {
        const batch = await cursor.next(maxBatch);
        if (signal.aborted || stopped()) return;
        if (batch.length > 0) {
          found = true;
          yield batch;
          if (signal.aborted || stopped()) return;
        }
      }
      if (!found) await changedOrAborted(changed, signal);
    }
  } finally {
    await Promise.all(cursors.map((c) => c.close()));
  }
}

/**
 * Resolves when `changed` does or `signal` aborts. The abort listener lives only as long as the wait:
 * racing a reader-wide "aborted" promise instead leaves one reaction on it per wait, so a reader that
 * sleeps often would grow without bound until it is aborted.
 */
export function changedOrAborted(changed: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void changed.then(done);
  });
}

/** Checks `maxBatch` (a positive integer, default `DEFAULT_MAX_BATCH`). */
export function toMaxBatch(maxBatch: number | undefined): number {
  if (maxBatch === undefined) return DEFAULT_MAX_BATCH;
  if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) throw new RangeError(`cannot read the log: maxBatch must be a positive integer, got ${maxBatch}`);
  return maxBatch;
}

/**
 * The first offset to read in each partition, from a checkpoint. A checkpoint naming a partition the log
 * does not have, or an offset past the partition's end, cannot come from this log (a wiped log directory,
 * a changed partition count): reading on would silently skip or repeat records, so it fails instead.
 */
export function startOffsets(topic: TopicName, from: ReadonlyMap<number, number>, ends: readonly number[]): number[] {
  const starts = new Array<number>(ends.length).fill(0);
  for (const [partition, offset] of from) {
    if (!Number.isSafeInteger(partition) || partition < 0 || partition >= ends.length) {
      throw new LogError(`cannot read ${topic}: the checkpoint names partition ${partition}, the topic has ${ends.length}`, { retriable: false });
    }
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > ends[partition]) {
      throw new LogError(`cannot read ${topic}/${partition} from offset ${offset}: the partition ends at ${ends[partition]}`, { retriable: false });
    }
    starts[partition] = offset;
  }
  return starts;
}
