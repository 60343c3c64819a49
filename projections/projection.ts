import type { Checkpoint } from '../domain/ports/checkpoint.js';
import type { CheckpointCommit } from '../domain/ports/checkpoint-store.js';
import type { LogRecord } from '../domain/ports/log-source.js';
import type { TopicName } from '../domain/ports/topics.js';

/**
 * What the runner does with a record the projection cannot handle (it throws a non-retriable,
 * non-programming error for it): `fail` stops the runner with the checkpoint before the bad batch;
 * `skip` hands the record to the dead-letter sink, counts it and goes on (Kafka Streams'
 * DeserializationExceptionHandler FAIL / CONTINUE).
 */
export type PoisonPolicy = 'fail' | 'skip';

/**
 * Where a projection starts reading: `checkpoint` resumes from its stored checkpoint (BEGINNING if it
 * never committed), `end` starts at the log's end at start-up and never replays (plasma).
 */
export type StartFrom = 'checkpoint' | 'end';

/**
 * A read model fed from one topic of the log (emmett's projection, a Kafka Streams processor with its
 * state store). The runner owns the reading, batching, retries and checkpoint tracking; the projection
 * owns its read model and where its checkpoint is stored.
 *
 * Implementers:
 * - `handle` MUST persist the read-model changes of `records` and `commit` together, atomically
 *   (one store transaction), or, where the store cannot, write the changes first and the checkpoint
 *   after, and be idempotent. Delivery is at-least-once: after a crash the records after the stored
 *   checkpoint come again.
 * - `handle` MUST accept an empty `records` (it then only commits the checkpoint): the runner does
 *   that to move past a skipped poison record.
 * - Records come in offset order per partition; across partitions (hence across series) the order is
 *   arbitrary. Never assume a global order.
 * - Throw an error with `retriable: true` for transient failures (the runner retries the batch with
 *   backoff); any other error (a DomainError, a plain Error) marks the batch as poison, except
 *   programming errors (TypeError, InvariantViolation…) which always stop the runner.
 */
export interface ProjectionDefinition<T extends TopicName = TopicName> {
  /** The read model's name; doubles as the checkpoint id (`directory`, `store`, `plasma`). */
  readonly name: string;
  readonly topic: T;
  readonly startFrom: StartFrom;
  readonly poison: PoisonPolicy;
  /** Optional one-off preparation before `load` (opening stores, creating tables). */
  init?(): Promise<void>;
  /**
   * Prepares the read model to continue (e.g. rebuilds in-memory state from its durable copy) and
   * returns the stored checkpoint, or undefined when it never committed (start at BEGINNING).
   */
  load(): Promise<Checkpoint | undefined>;
  /**
   * Optional, cheap and side-effect free (unlike `load`): the stored checkpoint of `partitions` as it is now.
   * Consumer-group sources (Kafka) ask it when a rebalance hands this reader partitions that another member of
   * the group may have applied since (ReadOptions.resume): the stored checkpoint is the truth, not the group's
   * committed offsets. Read models whose group has one member (directory, caches) may leave it out.
   */
  checkpointOf?(partitions: readonly number[]): Promise<Checkpoint>;
  /** Applies `records` and commits `commit` with them (see the interface notes). */
  handle(records: readonly LogRecord<T>[], commit: CheckpointCommit): Promise<void>;
  /** Forgets the whole read model and its checkpoint (replay then starts from BEGINNING). */
  truncate(): Promise<void>;
}
