/**
 * Domain errors carry a stable `code` that the HTTP layer maps to a status in one place
 * (src/apps/shared/http-error.filter.ts). Messages follow `cannot <verb> <thing>: <reason>`
 * unless a Warp 10-compatible message is required, in which case the Warp 10 text is used verbatim.
 */
export type DomainErrorCode = 'VALIDATION' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_LARGE' | 'UNAVAILABLE' | 'TIMEOUT';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input: HTTP 400. */
export class ValidationError extends DomainError {
  readonly code = 'VALIDATION' as const;
}

/** Missing, invalid or insufficient credentials: HTTP 403. */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT' as const;
}

/** A body or value over a configured limit: HTTP 413. */
export class TooLargeError extends DomainError {
  readonly code = 'TOO_LARGE' as const;
}

/** A dependency (log, store) cannot take the request now: HTTP 503. */
export class UnavailableError extends DomainError {
  readonly code = 'UNAVAILABLE' as const;
}

/** A bounded wait ran out (read-your-writes): HTTP 504. */
export class TimeoutError extends DomainError {
  readonly code = 'TIMEOUT' as const;
}

/** A broken invariant: a bug. Never caught to be retried. */
export class InvariantViolation extends Error {
  constructor(message: string) {
    super(message.startsWith('BUG: ') ? message : `BUG: ${message}`);
    this.name = 'InvariantViolation';
  }
}
