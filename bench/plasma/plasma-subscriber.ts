import WebSocket from 'ws';
import { delay } from '../servers/managed-process.js';

/** What a session does with the datapoints pushed to it. */
type PointSink =
  /** Each pushed line reduced to its value (the benchmark writes integers), with the time it arrived. */
  | { readonly kind: 'values'; readonly onValue: (value: number, receivedAt: number) => void }
  /** Lines counted only, without decoding them (a session receiving a whole workload must stay cheap). */
  | { readonly kind: 'count' };

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const EQUALS = 0x3d;
const NEWLINE = 0x0a;

/**
 * One plasma session as a client sees it (reference §8.1): a WebSocket on `/api/v0/plasma` that sends verbs and
 * receives pushed datapoints in the TEXT format (`<ts>/<lat:lon>/<elev> <class>{<labels>} <value>`, then
 * `=<ts>… <value>` lines, one point per line). Pushed data starts with a timestamp or `=`; anything else is a
 * reply to a verb (`SUB …`, `KO …`, `STATS …`) and is kept for `subscriptions()` and `stats()`.
 */
export class PlasmaSubscriber {
  /** Datapoints (lines) pushed to this session so far. */
  points = 0;
  private readonly replies: string[] = [];

  private constructor(
    private readonly socket: WebSocket,
    private readonly sink: PointSink,
  ) {}

  /** Opens a session handing every pushed value to `onValue`; resolves once the WebSocket is open. */
  static open(url: string, onValue: (value: number, receivedAt: number) => void): Promise<PlasmaSubscriber> {
    return PlasmaSubscriber.connect(url, { kind: 'values', onValue });
  }

  /** Opens a session that only counts the pushed points (`points`); resolves once the WebSocket is open. */
  static counting(url: string): Promise<PlasmaSubscriber> {
    return PlasmaSubscriber.connect(url, { kind: 'count' });
  }

  private static connect(url: string, sink: PointSink): Promise<PlasmaSubscriber> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false });
      const subscriber = new PlasmaSubscriber(socket, sink);
      socket.on('message', (data: Buffer) => subscriber.receive(data, performance.now()));
      socket.once('open', () => resolve(subscriber));
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`plasma upgrade answered ${res.statusCode}`)));
    });
  }

  send(verb: string): void {
    this.socket.send(verb);
  }

  /**
   * Sends `SUBSCRIPTIONS` and resolves once its answer arrived (verbs are handled in order, so every SUBSCRIBE
   * sent before took effect): the number of `SUB` lines.
   */
  async subscriptions(timeoutMs = 30_000): Promise<number> {
    this.replies.length = 0;
    this.send('SUBSCRIPTIONS');
    // SUBSCRIPTIONS answers one message per series; a session with none answers nothing, so callers use it
    // only after subscribing to something.
    await this.until(() => this.replies.length > 0, timeoutMs, 'no answer to SUBSCRIPTIONS');
    return this.replies.length;
  }

  /** Sends `STATS` and resolves with its answer's `name=value` pairs (e.g. `dropped.points`). */
  async stats(timeoutMs = 30_000): Promise<ReadonlyMap<string, number>> {
    this.replies.length = 0;
    this.send('STATS');
    await this.until(() => this.replies.some((r) => r.startsWith('STATS ')), timeoutMs, 'no answer to STATS');
    const line = this.replies.find((r) => r.startsWith('STATS '))!;
    return new Map(line.slice(6).trim().split(' ').map((pair): [string, number] => [pair.slice(0, pair.indexOf('=')), Number(pair.slice(pair.indexOf('=') + 1))]));
  }

  /** Stops reading from the socket (a stalled client): what the cell pushes piles up in the TCP buffers, then in the cell. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  close(): void {
    this.socket.terminate();
  }

  private async until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`plasma session: ${what}`);
      await delay(5);
    }
  }

  private receive(data: Buffer, at: number): void {
    const first = data.length > 0 ? data[0] : 0;
    if (first !== EQUALS && (first < DIGIT_0 || first > DIGIT_9)) {
      this.replies.push(data.toString('utf8'));
      return;
    }
    if (this.sink.kind === 'count') {
      for (let i = data.indexOf(NEWLINE); i >= 0; i = data.indexOf(NEWLINE, i + 1)) this.points++;
      return;
    }
    const text = data.toString('utf8');
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const space = text.lastIndexOf(' ', end);
      if (space > start) {
        this.points++;
        this.sink.onValue(Number(text.slice(space + 1, end)), at);
      }
      start = end + 1;
    }
  }
}
