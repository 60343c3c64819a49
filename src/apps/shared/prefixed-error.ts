import { DomainError } from '../../../domain/errors.js';

/**
 * Re-throws a domain error with Warp 10's endpoint prefix (e.g. `Error when updating data: `), keeping its
 * code (and so its HTTP status). Other errors pass through unchanged.
 */
export function withPrefix(prefix: string, error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  const Ctor = error.constructor as new (message: string, options?: { cause?: unknown }) => DomainError;
  return new Ctor(`${prefix}${error.message}`, { cause: error });
}

export async function prefixErrors<T>(prefix: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw withPrefix(prefix, error);
  }
}
