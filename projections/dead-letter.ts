import type { LogRecord } from '../domain/ports/log-source.js';

/**
 * A poison record the runner skipped, with the error it met: the projection's error for a record it
 * could not handle (then `record` is given), or the log source's for a record it could not decode
 * (then only its position is known).
 */
export interface DeadLetter {
  readonly projection: string;
  readonly partition: number;
  readonly offset: number;
  readonly record?: LogRecord;
  readonly error: unknown;
}

/**
 * Where the runner puts records a `skip` projection could not handle, so that an operator can look at
 * them (and replay them once fixed) instead of losing them silently as Warp 10 did.
 * Implementers: `write` resolves once the letter is kept; throw with `retriable: true` for transient
 * failures (the runner retries), anything else stops the runner (the record is NOT skipped then).
 */
export interface DeadLetterSink {
  write(letter: DeadLetter): Promise<void>;
}

/** Keeps dead letters in memory: for tests and for a process that only wants them counted and listed. */
export class InMemoryDeadLetterSink implements DeadLetterSink {
  readonly letters: DeadLetter[] = [];

  async write(letter: DeadLetter): Promise<void> {
    this.letters.push(letter);
  }
}
