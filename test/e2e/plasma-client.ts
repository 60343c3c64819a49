import WebSocket from 'ws';

/** A close as the client saw it on the wire: the code and reason of the server's close frame. */
export interface WireClose {
  readonly code: number;
  readonly reason: string;
}

/**
 * A plasma test client over a real `ws` WebSocket. Keeps every text message received; `closeFrame` resolves with
 * the server's close frame read from the raw socket (a `ws` client rejects Warp 10's code 400 as invalid and
 * reports 1002, so the code is read from the bytes themselves). `pause()` stops reading the socket (a stalled
 * subscriber: the server's writes pile up in its buffers).
 */
export class PlasmaClient {
  readonly messages: string[] = [];
  /** Data lines received (`\n` in text messages that are not command replies), counted as they arrive. */
  lines = 0;
  readonly closeFrame: Promise<WireClose | undefined>;
  private raw = Buffer.alloc(0);
  private socketRef: import('node:net').Socket | undefined;

  private constructor(
    private readonly ws: WebSocket,
    private readonly keep: boolean,
  ) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) return;
      for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) this.lines++;
      this.keepMessage(data);
    });
    ws.on('error', () => undefined);
    this.closeFrame = new Promise((resolve) => ws.once('close', () => resolve(findClose(this.raw))));
  }

  /** Connects; with `keepData: false` only replies (SUB, STATS, KO) are kept, data lines are just counted. */
  static connect(url: string, options: { keepData?: boolean } = {}): Promise<PlasmaClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const client = new PlasmaClient(ws, options.keepData ?? true);
      ws.once('upgrade', (res) => {
        client.socketRef = res.socket as import('node:net').Socket;
        client.socketRef.on('data', (chunk: Buffer) => {
          client.raw = Buffer.concat([client.raw, chunk]);
        });
      });
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  private keepMessage(data: Buffer): void {
    const text = data.toString('utf8');
    if (this.keep || text.startsWith('SUB ') || text.startsWith('STATS ') || text.startsWith('KO ')) this.messages.push(text);
  }

  send(text: string): void {
    this.ws.send(text);
  }

  /** Stops reading from the socket (TCP back-pressure builds up on the server). */
  pause(): void {
    this.socketRef?.pause();
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Waits until `predicate` holds on the messages received, polling every 20 ms, at most `timeoutMs`. */
  async waitFor(predicate: (messages: readonly string[]) => boolean, timeoutMs = 10_000, what = 'the expected messages'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received ${this.messages.length} messages: ${JSON.stringify(this.messages.slice(-5)).slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Sends `SUBSCRIPTIONS` after a marker-free barrier: resolves with the SUB lines answered (commands are handled
   * in order, so this also tells that every earlier command was processed). Uses STATS as the end marker.
   */
  async subscriptions(): Promise<string[]> {
    const from = this.messages.length;
    this.send('SUBSCRIPTIONS');
    this.send('STATS');
    await this.waitFor((m) => m.slice(from).some((x) => x.startsWith('STATS ')), 10_000, 'the SUBSCRIPTIONS answer');
    return this.messages.slice(from).filter((x) => x.startsWith('SUB ')).sort();
  }

  /** Sends STATS and returns the answer. */
  async stats(): Promise<string> {
    const from = this.messages.length;
    this.send('STATS');
    await this.waitFor((m) => m.slice(from).some((x) => x.startsWith('STATS ')), 10_000, 'the STATS answer');
    return this.messages.slice(from).find((x) => x.startsWith('STATS ')) as string;
  }

  close(): void {
    this.ws.terminate();
  }
}

/** The close frame among the raw server frames (unmasked), if any. */
function findClose(raw: Buffer): WireClose | undefined {
  let i = 0;
  while (i + 2 <= raw.length) {
    const opcode = raw[i] & 0x0f;
    let len = raw[i + 1] & 0x7f;
    let at = i + 2;
    if (len === 126) {
      len = raw.readUInt16BE(at);
      at += 2;
    } else if (len === 127) {
      len = Number(raw.readBigUInt64BE(at));
      at += 8;
    }
    if (opcode === 0x8) return { code: len >= 2 ? raw.readUInt16BE(at) : 1005, reason: raw.subarray(at + 2, at + len).toString('utf8') };
    i = at + len;
  }
  return undefined;
}
