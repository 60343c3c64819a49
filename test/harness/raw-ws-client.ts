import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A frame the server sent: text, or close with its code and reason. */
export type ServerFrame = { readonly type: 'text'; readonly text: string } | { readonly type: 'close'; readonly code: number; readonly reason: string };

/**
 * A bare WebSocket client over a TCP socket, for what the `ws` client refuses to show: Warp 10 closes plasma and
 * streamupdate sessions with the non-standard code 400, which `ws` rejects as a protocol error without giving the
 * reason. It speaks just enough of RFC 6455: the upgrade, masked text frames out, unfragmented text and close
 * frames in (payloads under 64 KiB). `frames` collects what arrived; `ended` resolves when the server ends the TCP
 * connection. `open` rejects with the status line when the upgrade is refused (e.g. `HTTP/1.1 404 Not Found`).
 */
export class RawWsClient {
  readonly frames: ServerFrame[] = [];
  readonly ended: Promise<void>;
  private buffer = Buffer.alloc(0);

  private constructor(private readonly socket: Socket, rest: Buffer) {
    this.ended = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.read(rest);
  }

  static open(port: number, path: string): Promise<RawWsClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onData);
        const status = head.subarray(0, head.indexOf('\r\n')).toString();
        if (!status.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          reject(new Error(status));
          return;
        }
        resolve(new RawWsClient(socket, head.subarray(end + 4)));
      };
      socket.on('data', onData);
      socket.once('error', reject);
      socket.once('close', () => reject(new Error(`connection closed before the upgrade answer: '${head.toString()}'`)));
      const key = randomBytes(16).toString('base64');
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
  }

  /** Sends one masked text frame. */
  send(text: string): void {
    const payload = Buffer.from(text, 'utf8');
    const mask = randomBytes(4);
    const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
    const masked = Buffer.alloc(payload.length);
    for (let i = 0; i < payload.length; i++) masked[i] = payload[i] ^ mask[i % 4];
    this.socket.write(Buffer.concat([header, mask, masked]));
  }

  destroy(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const opcode = this.buffer[0] & 0x0f;
      let length = this.buffer[1] & 0x7f;
      let at = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        at = 4;
      }
      if (this.buffer.length < at + length) return;
      const payload = this.buffer.subarray(at, at + length);
      this.buffer = this.buffer.subarray(at + length);
      if (opcode === 0x1) this.frames.push({ type: 'text', text: payload.toString('utf8') });
      if (opcode === 0x8) this.frames.push({ type: 'close', code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005, reason: payload.subarray(2).toString('utf8') });
    }
  }
}
