import type { Duplex } from 'node:stream';

/** Longest close reason a control frame can carry: 125 payload bytes minus the 2-byte code. */
export const MAX_CLOSE_REASON_BYTES = 123;

/**
 * Closes a WebSocket connection with ANY status code, including Warp 10's non-standard 400 (plasma and
 * streamupdate close a session on a bad command with code 400 and the error as reason, reference §8).
 *
 * Why not `ws.close(400, …)`: the `ws` library refuses to send codes outside 1000–1014 / 3000–4999 (it throws).
 * So this writes the close frame itself on the connection's raw socket (the `request.socket` Nest hands to
 * `handleConnection`, which is the socket `ws` writes to): opcode 0x8, unmasked as a server frame must be,
 * payload = the 2-byte big-endian code and the UTF-8 reason cut to 123 bytes on a character boundary. It then
 * ends the socket. Frames the `ws` object sent before are already in the socket's write buffer, so they reach
 * the client first. The `ws` object then sees its socket end and emits `close` (code 1006 on our side); callers
 * clean up in their disconnect handler as for any other close. Calling it twice, or on a destroyed socket, does
 * nothing.
 */
export function closeWebSocket(socket: Duplex, code: number, reason: string): void {
  if (socket.destroyed || socket.writableEnded) return;
  const text = truncateUtf8(reason, MAX_CLOSE_REASON_BYTES);
  const frame = Buffer.allocUnsafe(4 + text.length);
  frame[0] = 0x88; // FIN + opcode 8 (close)
  frame[1] = 2 + text.length; // unmasked, length < 126
  frame.writeUInt16BE(code & 0xffff, 2);
  text.copy(frame, 4);
  socket.end(frame);
}

/** The UTF-8 bytes of `text`, cut to at most `max` bytes without splitting a character. */
export function truncateUtf8(text: string, max: number): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= max) return bytes;
  let end = max;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}
