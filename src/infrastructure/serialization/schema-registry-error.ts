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
  const message = typeof (err as { message?: unknown } | null)?.message === 'string' ? (err as { message: string }).message : String(err);
  // Duck-typed: errors of fetch and of the registry client may come from another realm than ours.
  const reason = (err as { cause?: { message?: unknown; code?: unknown } } | null)?.cause;
  const cause = typeof reason?.message === 'string' && reason.message !== '' ? ` (${reason.message})` : '';
  const status = typeof (err as { status?: unknown })?.status === 'number' ? (err as { status: number }).status : undefined;
  const network = NETWORK_FAILURE.test(message + cause) || NETWORK_FAILURE.test(String(reason?.code));
  const retriable = network || (status !== undefined && retriableStatus(status));
  return new SchemaRegistryError(`${context}: ${message}${cause}`, { retriable, status: network ? undefined : status, cause: err });
}
