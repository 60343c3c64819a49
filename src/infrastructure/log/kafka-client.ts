import kafkajs from 'kafkajs';
import type { Kafka, KafkaConfig, logCreator, RetryOptions } from 'kafkajs';
import { TooLargeError, UnavailableError } from '../../../domain/errors.js';
import { LogError } from './log-error.js';

const { Kafka: KafkaClient, logLevel } = kafkajs;

/** Where a Kafka cell is and how patiently to talk to it. One client serves producers, consumers and admin. */
export interface KafkaClientSettings {
  /** Bootstrap brokers, `host:port` (Warp 10's `*.kafka.*.brokerlist`, comma-separated there). */
  readonly brokers: readonly string[];
  /** Client id shown in broker logs and quotas. @default 'continuum' */
  readonly clientId?: string;
  /** TCP connect timeout, ms. @default 3000 */
  readonly connectionTimeoutMs?: number;
  /** Request timeout, ms. @default 30000 */
  readonly requestTimeoutMs?: number;
  /** kafkajs' retry policy for requests (exponential backoff). @default kafkajs' (5 retries, 300 ms start) */
  readonly retry?: RetryOptions;
  /** Receives kafkajs' warnings and errors; kafkajs' info chatter is dropped. @default console.warn */
  readonly log?: (message: string) => void;
}

/** Creates the kafkajs client for `settings`; its logs go to `settings.log` (warnings and errors only). */
export function createKafkaClient(settings: KafkaClientSettings): Kafka {
  if (settings.brokers.length === 0) throw new LogError('cannot connect to Kafka: no broker given', { retriable: false });
  const log = settings.log ?? ((m: string) => console.warn(m));
  const creator: logCreator = () => (entry) => {
    if (entry.level > logLevel.WARN) return;
    const { message, error } = entry.log as { message?: string; error?: string };
    log(`kafka ${entry.namespace}: ${message ?? ''}${error ? ` (${error})` : ''}`);
  };
  const config: KafkaConfig = {
    clientId: settings.clientId ?? 'continuum',
    brokers: [...settings.brokers],
    connectionTimeout: settings.connectionTimeoutMs ?? 3000,
    requestTimeout: settings.requestTimeoutMs ?? 30_000,
    logLevel: logLevel.WARN,
    logCreator: creator,
  };
  if (settings.retry) config.retry = settings.retry;
  return new KafkaClient(config);
}

/** Protocol errors meaning "this request can never succeed as sent" (config or size problems). */
const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD']);
const PERMANENT = new Set(['TOPIC_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'INVALID_TOPIC_EXCEPTION', 'UNSUPPORTED_VERSION', 'INVALID_REQUIRED_ACKS']);

/**
 * A Kafka request that failed for a reason that may pass (broker down, leader election, timeout):
 * retriable, and an `UnavailableError` so that the HTTP layer answers 503 without knowing about Kafka.
 */
export class KafkaUnavailableError extends UnavailableError {
  readonly retriable = true;
}

/**
 * Classifies a kafkajs failure for our callers: too-large records → TooLargeError (413, not retriable);
 * authorisation, unknown-topic-with-auto-creation-off and version problems → LogError not retriable;
 * anything else (connection refused, timeouts, exhausted retries, leader changes) → KafkaUnavailableError.
 */
export function kafkaFailure(action: string, error: unknown): Error {
  const e = error as { name?: string; type?: string; message?: string; originalError?: unknown; cause?: unknown };
  const root = rootCause(e);
  const message = `cannot ${action}: Kafka ${root.message ?? String(error)}`;
  if (root.type && TOO_LARGE.has(root.type)) return Object.assign(new TooLargeError(message, { cause: error }), { retriable: false });
  if (root.type && PERMANENT.has(root.type)) return new LogError(message, { retriable: false, cause: error });
  return new KafkaUnavailableError(message, { cause: error });
}

/** The innermost kafkajs error: retries wrap the last failure in `originalError`/`cause`. */
function rootCause(e: { type?: string; message?: string; originalError?: unknown; cause?: unknown }): { type?: string; message?: string } {
  let current = e;
  for (let depth = 0; depth < 5; depth++) {
    const inner = (current.originalError ?? current.cause) as typeof e | undefined;
    if (!inner || typeof inner !== 'object') break;
    current = inner;
  }
  return current;
}
