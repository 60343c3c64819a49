import { gunzipSync } from 'node:zlib';
import type { FastifyRequest } from 'fastify';
import { TooLargeError, ValidationError } from '../../../domain/errors.js';

/**
 * The request body as text. `Content-Type: application/gzip` (exact match, as Warp 10 checks it) means a
 * gzip-compressed body; the uncompressed size is bounded by `maxBytes` too (a gzip bomb gets 413).
 */
export function requestText(req: FastifyRequest, maxBytes: number): string {
  const body = req.body;
  if (body === undefined || body === null) return '';
  if (!Buffer.isBuffer(body)) return String(body);
  if (req.headers['content-type'] === 'application/gzip') {
    try {
      return gunzipSync(body, { maxOutputLength: maxBytes }).toString('utf8');
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new TooLargeError(`Request body is larger than the limit of ${maxBytes} bytes once decompressed.`);
      }
      throw new ValidationError(`cannot read gzip body: ${(err as Error).message}`);
    }
  }
  return body.toString('utf8');
}

/** A header's single value (the first one when repeated). */
export function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
