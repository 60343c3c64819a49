import WebSocket from 'ws';

/**
 * One plasma session as a client sees it (reference §8.1): a WebSocket on `/api/v0/plasma` that sends verbs and
 * receives pushed datapoints in the TEXT format (`<ts>/<lat:lon>/<elev> <class>{<labels>} <value>`, then
 * `=<ts>… <value>` lines). The benchmark writes integer values (a sequence number), so every pushed line is
 * reduced to its value and handed to `onValue` with the time it arrived.
 */
export class PlasmaSubscriber {
  private constructor(
    private readonly socket: WebSocket,
    private readonly onValue: (value: number, receivedAt: number) => void,
    private readonly replies: string[],
  ) {}

  /** Opens a session; resolves once the WebSocket is open. */
  static open(url: string, onValue: (value: number, receivedAt: number) => void): Promise<PlasmaSubscriber> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false });
      const replies: string[] = [];
      const subscriber = new PlasmaSubscriber(socket, onValue, replies);
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
    const deadline = Date.now() + timeoutMs;
    // SUBSCRIPTIONS answers one message per series; a session with none answers nothing, so callers use it
    // only after subscribing to something.
    while (this.replies.length === 0) {
      if (Date.now() > deadline) throw new Error('plasma session: no answer to SUBSCRIPTIONS');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return this.replies.length;
  }

  close(): void {
    this.socket.terminate();
  }

  private receive(data: Buffer, at: number): void {
    const text = data.toString('utf8');
    if (text.startsWith('SUB ') || text.startsWith('KO ')) {
      this.replies.push(text);
      return;
    }
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const space = text.lastIndexOf(' ', end);
      if (space > start) this.onValue(Number(text.slice(space + 1, end)), at);
      start = end + 1;
    }
  }
}
