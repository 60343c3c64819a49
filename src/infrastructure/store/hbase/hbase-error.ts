/**
 * A failure of the HBase store adapters. `retriable` says whether the same call may succeed later: the
 * REST gateway unreachable, timing out or answering 503 (HBase unavailable, regions moving), yes; a
 * missing table or column family (404), a request HBase refuses (400, 403), a stored value this code
 * cannot decode, or a closed store, no. `status` is the gateway's HTTP status when it answered.
 */
export class HBaseStoreError extends Error {
  readonly retriable: boolean;
  readonly status: number | undefined;

  constructor(message: string, options: { retriable: boolean; status?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HBaseStoreError';
    this.retriable = options.retriable;
    this.status = options.status;
  }
}

/**
 * The socket-level reason `fetch` gives in `cause` ("connect ECONNREFUSED …"), as " (reason)", or "".
 * Duck-typed: fetch's errors come from Node's own realm, not always the caller's (Jest's VM).
 */
export function fetchCause(err: unknown): string {
  const cause = (err as { cause?: { message?: unknown; code?: unknown } } | null)?.cause;
  if (cause === undefined || cause === null) return '';
  const text = typeof cause.message === 'string' && cause.message !== '' ? cause.message : typeof cause.code === 'string' ? cause.code : '';
  return text === '' ? '' : ` (${text})`;
}
