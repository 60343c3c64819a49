import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  TimeoutError,
  TooLargeError,
  UnavailableError,
  ValidationError,
  type DomainErrorCode,
} from '../../../domain/errors.js';

const BY_CODE: Readonly<Record<DomainErrorCode, new (message: string, options?: { cause?: unknown }) => DomainError>> = {
  VALIDATION: ValidationError,
  FORBIDDEN: ForbiddenError,
  NOT_FOUND: NotFoundError,
  CONFLICT: ConflictError,
  TOO_LARGE: TooLargeError,
  UNAVAILABLE: UnavailableError,
  TIMEOUT: TimeoutError,
};

/**
 * Re-throws a domain error with Warp 10's endpoint prefix (e.g. `Error when updating data: `), keeping its
 * code (and so its HTTP status); the original is the cause. Other errors pass through unchanged.
 */
export function withPrefix(prefix: string, error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  return new BY_CODE[error.code](`${prefix}${error.message}`, { cause: error });
}

export async function prefixErrors<T>(prefix: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw withPrefix(prefix, error);
  }
}
