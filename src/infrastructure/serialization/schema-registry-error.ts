/**
 * A failure talking to the Confluent Schema Registry. `retriable` says whether the same call may succeed
 * later: the registry unreachable or answering 5xx/408/429, yes; a schema the registry rejects
 * (incompatible, invalid), a subject configured with another compatibility level, or an id the registry
 * does not have, no. `status` is the HTTP status when the registry answered.
 */
export class SchemaRegistryError extends Error {
  readonly retriable: boolean;
  readonly status: number | undefined;

  constructor(message: string, options: { retriable: boolean; status?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SchemaRegistryError';
    this.retriable = options.retriable;
    this.status = options.status;
  }
}

/** Network-level failures (the registry unreachable), as Node reports them in error codes and messages. */
const NETWORK_FAILURE = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|socket hang up|fetch failed)\b/;

/** Whether an HTTP status means "try again later". */
export function retriableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * Wraps an error of `@kafkajs/confluent-schema-registry` (its ResponseError carries `status`; a network
 * failure reaches it as a status 400 whose message holds the socket error) or of `fetch`.
 */
export function asRegistryError(err: unknown, context: string): SchemaRegistryError {
  if (err instanceof SchemaRegistryError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
  const status = typeof (err as { status?: unknown })?.status === 'number' ? (err as { status: number }).status : undefined;
  const network = NETWORK_FAILURE.test(message + cause) || (err instanceof Error && NETWORK_FAILURE.test(String((err.cause as { code?: unknown })?.code)));
  const retriable = network || (status !== undefined && retriableStatus(status));
  return new SchemaRegistryError(`${context}: ${message}${cause}`, { retriable, status: network ? undefined : status, cause: err });
}
