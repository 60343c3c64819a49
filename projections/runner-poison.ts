import type { Checkpoint } from '../domain/ports/checkpoint.js';
import type { CheckpointCommit } from '../domain/ports/checkpoint-store.js';
import type { LogRecord } from '../domain/ports/log-source.js';
import type { TopicName } from '../domain/ports/topics.js';
import { commitAfter } from './checkpoint-after.js';
import type { DeadLetterSink } from './dead-letter.js';
import type { Outcome, Retrier } from './retry.js';

/** What the `skip` poison policy needs of its ProjectionRunner. */
export interface PoisonHost<T extends TopicName> {
  readonly projection: string;
  readonly deadLetters: DeadLetterSink | undefined;
  readonly retrier: Retrier;
  applied(): Checkpoint;
  /** Runs `handle` under the retry policy. */
  tryHandle(records: readonly LogRecord<T>[], commit: CheckpointCommit): Promise<Outcome>;
  /** Records that `checkpoint` was committed with `records` (`skipped`: past a poison record). */
  advance(checkpoint: Checkpoint, records: readonly LogRecord<T>[], skipped: boolean): void;
  /** True if the outcome lets the runner go on; otherwise fails it (unless it was a stop). */
  carryOn(outcome: Outcome): boolean;
}

/**
 * Skip policy: the batch failed as a whole (and, handle being atomic, applied nothing): redo it record by
 * record, skipping the records that still fail. False when the runner must stop.
 */
export async function isolatePoison<T extends TopicName>(host: PoisonHost<T>, batch: readonly LogRecord<T>[]): Promise<boolean> {
  for (const record of batch) {
    const one = [record];
    const commit = commitAfter(host.projection, host.applied(), one);
    const outcome = await host.tryHandle(one, commit);
    if (outcome.ok) {
      host.advance(commit.checkpoint, one, false);
      continue;
    }
    if (outcome.kind !== 'poison') return host.carryOn(outcome);
    if (!host.carryOn(await skipPoison(host, record.partition, record.offset, record, outcome.error))) return false;
  }
  return true;
}

/**
 * Dead-letters the poison record at (partition, offset), the next one to apply, then commits past it
 * with an empty `handle`. A failure here is the sink's or the store's, never poison: it stops the runner.
 */
export async function skipPoison<T extends TopicName>(host: PoisonHost<T>, partition: number, offset: number, record: LogRecord<T> | undefined, error: unknown): Promise<Outcome> {
  const sink = host.deadLetters;
  if (sink) {
    const written = await host.retrier.run(() => sink.write({ projection: host.projection, partition, offset, record, error }));
    if (!written.ok) return written;
  }
  const commit: CheckpointCommit = { projection: host.projection, checkpoint: new Map(host.applied()).set(partition, offset + 1), partitions: [partition] };
  const outcome = await host.tryHandle([], commit);
  if (outcome.ok) host.advance(commit.checkpoint, [], true);
  return outcome;
}
