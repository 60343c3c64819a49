import type { TopicName } from '../../../domain/ports/topics.js';

/**
 * A failure of a log adapter. `retriable` tells the caller whether the same call may succeed later
 * (a failed write or fsync that was rolled back: yes; a closed log, a corrupt segment, a partition
 * count mismatch: no). Nothing of a rejected append is ever acknowledged or shown to readers.
 */
export class LogError extends Error {
  readonly retriable: boolean;
  constructor(message: string, options: { retriable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LogError';
    this.retriable = options.retriable;
  }
}

/**
 * A durable record whose bytes the codec could not decode (a poison record). Raised by `LogSource.read`
 * after every earlier record of the partition has been yielded, so a runner can apply its poison policy
 * (fail, or skip by restarting from `offset + 1`). Never retriable: the bytes will not change.
 */
export class LogDecodeError extends LogError {
  constructor(
    readonly topic: TopicName,
    readonly partition: number,
    readonly offset: number,
    cause: unknown,
  ) {
    super(`cannot decode record ${topic}/${partition}@${offset}: ${cause instanceof Error ? cause.message : String(cause)}`, { retriable: false, cause });
    this.name = 'LogDecodeError';
  }
}
