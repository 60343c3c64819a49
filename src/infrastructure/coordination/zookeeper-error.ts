import zookeeper from 'node-zookeeper-client';

/** ZooKeeper's "node exists" result code. */
export const NODE_EXISTS = zookeeper.Exception.NODE_EXISTS;

/** ZooKeeper result codes that say "the same call may succeed later": the session or the connection was lost, or the call timed out. */
const RETRIABLE = new Set<number>([zookeeper.Exception.CONNECTION_LOSS, zookeeper.Exception.OPERATION_TIMEOUT, zookeeper.Exception.SESSION_EXPIRED]);

/**
 * A failure talking to ZooKeeper. `retriable` tells the caller whether the same call may succeed later
 * (connection or session lost, timeout: yes; a missing node, an existing node, bad arguments: no).
 * `code` is ZooKeeper's result code when ZooKeeper answered one (e.g. -101 no node, -110 node exists).
 */
export class ZooKeeperError extends Error {
  readonly retriable: boolean;
  readonly code: number | undefined;
  constructor(message: string, options: { retriable: boolean; code?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ZooKeeperError';
    this.retriable = options.retriable;
    this.code = options.code;
  }
}

/** The ZooKeeper result code of an error from node-zookeeper-client, if it carries one. */
export function zooKeeperCodeOf(error: unknown): number | undefined {
  if (error instanceof ZooKeeperError) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Wraps a client error as `cannot <what>: <reason>` with its retriable flag. */
export function zooKeeperError(what: string, cause: unknown): ZooKeeperError {
  if (cause instanceof ZooKeeperError) return cause;
  const code = zooKeeperCodeOf(cause);
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ZooKeeperError(`cannot ${what}: ${reason}`, { retriable: code !== undefined && RETRIABLE.has(code), code, cause });
}

/** Whether an error means the session is gone or unusable for now (wait for a new one, then retry). */
export function isSessionLoss(error: unknown): boolean {
  const code = zooKeeperCodeOf(error);
  return code === zookeeper.Exception.CONNECTION_LOSS || code === zookeeper.Exception.SESSION_EXPIRED;
}
