import type { FastifyReply } from 'fastify';

/**
 * Sends a plain-text answer. Like Warp 10 (Jetty sendError), the message also goes in the reason phrase,
 * made safe for a status line (printable ASCII, at most 512 characters).
 */
export function sendText(reply: FastifyReply, status: number, message: string): void {
  if (status >= 400) {
    reply.raw.statusMessage = message.replace(/[^\x20-\x7e]/g, '?').slice(0, 512);
  }
  void reply.code(status).header('content-type', 'text/plain; charset=utf-8').send(message);
}
