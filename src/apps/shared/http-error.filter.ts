import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, type DomainErrorCode } from '../../../domain/errors.js';
import { sendText } from './send-text.js';

/** Infrastructure errors say whether a retry may succeed (kafkajs-style `retriable` flag). */
function isRetriable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;
}

/** DomainError.code → HTTP status, in one place. */
export const STATUS_OF: Readonly<Record<DomainErrorCode, number>> = {
  VALIDATION: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
};

export interface HttpErrorFilterOptions {
  /** The body size limit, named in the answer to a body over it. */
  readonly maxBodyBytes: number;
}

/**
 * Turns errors into plain-text answers with the message in the body (Warp 10 sends it in the reason phrase and
 * an HTML page; clients read either). Unexpected errors are logged and answered 500 without internals. Fastify's
 * own errors (raised before a handler runs) come as HttpExceptions whose cause is the Fastify error.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(private readonly options: HttpErrorFilterOptions) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.destroy(error instanceof Error ? error : undefined);
      return;
    }
    if (error instanceof DomainError) {
      // Nothing was acknowledged and the cause is passing (a broker, a directory shard): say when to try again.
      if (error.code === 'UNAVAILABLE') void reply.header('Retry-After', '1');
      sendText(reply, STATUS_OF[error.code], error.message);
    } else if (error instanceof HttpException) {
      sendText(reply, error.getStatus(), fastifyCode(error) === 'FST_ERR_CTP_BODY_TOO_LARGE' ? `Request body is larger than the limit of ${this.options.maxBodyBytes} bytes.` : error.message);
    } else if (isRetriable(error)) {
      // A log or store that cannot take the request now (failed fsync, full disk, broker down): nothing was
      // acknowledged, the client may try again.
      this.logger.warn(error instanceof Error ? error.message : String(error));
      void reply.header('Retry-After', '1');
      sendText(reply, 503, `Service unavailable, try again: ${error instanceof Error ? error.message : String(error)}`);
    } else {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      sendText(reply, 500, 'Internal error; see the server log.');
    }
  }
}

/** The code of the Fastify error an HttpException was made from (Nest's Fastify adapter keeps it as the cause). */
function fastifyCode(error: HttpException): string | undefined {
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
