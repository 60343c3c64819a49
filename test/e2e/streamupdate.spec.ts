import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { ensureBuilt } from '../harness/build.js';
import { Cell } from '../harness/cell.js';
import { eventually } from '../harness/eventually.js';
import { expectStatus } from '../harness/expect-status.js';
import { RawWsClient } from '../harness/raw-ws-client.js';

// /api/v0/streamupdate (reference §8.3) through a real standalone cell process, with a real `ws` client for the
// protocol and a bare client (RawWsClient) where Warp 10's close code 400 must be read.
jest.setTimeout(60_000);

const PATH = '/api/v0/streamupdate';

interface Context {
  readonly cell: Cell;
  readonly write: string;
  readonly read: string;
  /** A write token of another application, same owner and producer. */
  readonly otherWrite: string;
}

let context: Context | undefined;
const ctx = (): Context => {
  if (context === undefined) throw new Error('the cell did not start (see beforeAll)');
  return context;
};

beforeAll(async () => {
  await ensureBuilt();
  const cell = await Cell.start();
  try {
    const owner = randomUUID();
    const [write, read, otherWrite] = await Promise.all([
      cell.mintToken({ type: 'write', app: 'su', owner, producer: owner }),
      cell.mintToken({ type: 'read', app: 'su', owner, producer: owner }),
      cell.mintToken({ type: 'write', app: 'su2', owner, producer: owner }),
    ]);
    context = { cell, write, read, otherWrite };
  } catch (error) {
    await cell.destroy();
    throw error;
  }
}, 120_000);

afterAll(async () => {
  await context?.cell.destroy();
});

/** A `ws` client on /api/v0/streamupdate whose replies are read in order. */
class Session {
  private readonly replies: string[] = [];
  private readonly waiting: ((reply: string) => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      const waiter = this.waiting.shift();
      if (waiter !== undefined) waiter(text);
      else this.replies.push(text);
    });
  }

  static async open(port: number): Promise<Session> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${PATH}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new Session(ws);
  }

  /** The next reply, waiting at most 10 s. */
  next(): Promise<string> {
    const ready = this.replies.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no reply within 10 s')), 10_000);
      this.waiting.push((reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  }

  /** Sends every message at once (no waiting between them), then reads as many replies. */
  async exchange(...messages: string[]): Promise<string[]> {
    for (const m of messages) this.ws.send(m);
    const out: string[] = [];
    for (let i = 0; i < messages.length; i++) out.push(await this.next());
    return out;
  }

  close(): void {
    this.ws.close();
  }
}

/** `OK <seq> UPDATE <n> <ns>` with the elapsed time checked to be a number, then replaced by `<ns>`. */
function withoutElapsed(replies: readonly string[]): string[] {
  return replies.map((r) => {
    const m = /^(OK \d+ UPDATE \d+) (\d+)$/.exec(r);
    return m === null ? r : `${m[1]} <ns>`;
  });
}

describe('standalone: /api/v0/streamupdate', () => {
  it('answers TOKEN, data blocks, NOOP, ONERROR and CLEARTOKEN with sequence numbers from 0, in order', async () => {
    const s = await Session.open(ctx().cell.port);
    try {
      const replies = await s.exchange(
        'NOOP',
        `TOKEN ${ctx().write}`,
        '1000// su.seq{k=a} 1\n2000// su.seq{k=a} 2\n=3000// 3',
        '4000// su.seq{k=b} 4',
        'ONERROR message',
        'CLEARTOKEN',
        'NOOP',
      );
      expect(withoutElapsed(replies)).toEqual(['OK 0 NOOP', 'OK 1 TOKEN', 'OK 2 UPDATE 3 <ns>', 'OK 3 UPDATE 1 <ns>', 'OK 4 ONERROR', 'OK 5 CLEARTOKEN', 'OK 6 NOOP']);
    } finally {
      s.close();
    }
  });

  it('makes the points of an acknowledged block visible to /fetch, with the token labels', async () => {
    const s = await Session.open(ctx().cell.port);
    try {
      const replies = await s.exchange(`TOKEN ${ctx().write}`, '1000// su.fetch{k=v} 10\n2000// su.fetch{k=v} 20');
      expect(withoutElapsed(replies)[1]).toBe('OK 1 UPDATE 2 <ns>');
    } finally {
      s.close();
    }
    const reader = ctx().cell.client({ read: ctx().read, write: ctx().write });
    // The reply carries no log position (Warp 10's exact reply): the read retries until the store applied it.
    await eventually(async () => {
      const r = await reader.fetch({ selector: 'su.fetch{}', start: 0, end: 5000 });
      expectStatus(r, 200, ctx().cell);
      expect(r.body).toBe('2000// su.fetch{k=v,.app=su} 20\n=1000// 10\n');
    });
  });

  it('switches token on an UPDATE line inside a block', async () => {
    const s = await Session.open(ctx().cell.port);
    try {
      const replies = await s.exchange(`TOKEN ${ctx().write}`, `1000// su.switch{} 1\nUPDATE ${ctx().otherWrite}\n2000// su.switch{} 2`);
      expect(withoutElapsed(replies)[1]).toBe('OK 1 UPDATE 2 <ns>');
    } finally {
      s.close();
    }
    const owner = ctx().cell.client({ read: ctx().read, write: ctx().write });
    await eventually(async () => {
      // The read token of app `su` sees the first point only: the second was written under app `su2`.
      const r = await owner.fetch({ selector: 'su.switch{}', start: 0, end: 5000 });
      expect(r.body).toBe('1000// su.switch{.app=su} 1\n');
    });
  });

  it.each([
    ['data before any token', [], '1000// su.err{} 1', 'ERROR Missing token.'],
    ['data after CLEARTOKEN', ['TOKEN %W', 'CLEARTOKEN'], '1000// su.err{} 1', 'ERROR Missing token.'],
    ['an invalid token', [], 'TOKEN nope', 'ERROR Invalid token.'],
    ['a bad line', ['TOKEN %W'], '1000// su.err{} 1\n2000// su.err{ 2', "ERROR Parse error at '2000// su.err{ 2' (Missing end of labels '}'.)"],
    ['an empty line', ['TOKEN %W'], '1000// su.err{} 1\n\n2000// su.err{} 2', 'ERROR String index out of range: 0'],
    ['a # line', ['TOKEN %W'], '# comment', "ERROR Parse error at '# comment' (Missing timestamp separator.)"],
  ])('in message mode, answers %s with ERROR and keeps the connection', async (_what, before, message, expected) => {
    const s = await Session.open(ctx().cell.port);
    try {
      const setup = ['ONERROR message', ...before.map((m) => m.replace('%W', ctx().write))];
      const replies = await s.exchange(...setup, message, 'NOOP');
      expect(replies.slice(setup.length)).toEqual([expected, `OK ${setup.length} NOOP`]);
    } finally {
      s.close();
    }
  });

  it('stores nothing of a block that fails', async () => {
    const s = await Session.open(ctx().cell.port);
    try {
      const replies = await s.exchange('ONERROR message', `TOKEN ${ctx().write}`, '1000// su.atomic{} 1\nbad', '3000// su.atomic.after{} 3');
      expect(replies[2]).toMatch(/^ERROR Parse error at 'bad'/);
      expect(withoutElapsed(replies)[3]).toBe('OK 2 UPDATE 1 <ns>');
    } finally {
      s.close();
    }
    const reader = ctx().cell.client({ read: ctx().read, write: ctx().write });
    // Once the later block is visible, the failed one would be too (same log, applied in order).
    await eventually(async () => expect((await reader.fetch({ selector: 'su.atomic.after{}', start: 0, end: 5000 })).body).not.toBe(''));
    expect((await reader.fetch({ selector: 'su.atomic{}', start: 0, end: 5000 })).body).toBe('');
  });

  it.each([
    ['data before any token (default close mode)', ['NOOP'], '1000// su.close{} 1', 'Missing token.'],
    ['an invalid token after ONERROR close', ['ONERROR message', 'ONERROR close'], 'TOKEN nope', 'Invalid token.'],
  ])('closes the connection with code 400 and the error as reason on %s', async (_what, before, message, reason) => {
    const raw = await RawWsClient.open(ctx().cell.port, PATH);
    try {
      for (const m of [...before, message, 'NOOP']) raw.send(m);
      await raw.ended;
      expect(raw.frames).toEqual([...before.map((_, i) => ({ type: 'text', text: `OK ${i} ${before[i].split(' ')[0]}` })), { type: 'close', code: 400, reason }]);
    } finally {
      raw.destroy();
    }
  });

  it('a ws client sees the close code 400 as a protocol error (it refuses non-standard codes)', async () => {
    const s = await Session.open(ctx().cell.port);
    const failed = new Promise<Error>((resolve) => s.ws.once('error', resolve));
    s.ws.send('1000// su.close{} 1');
    expect((await failed).message).toMatch(/invalid status code 400/);
  });
});

describe('standalone: /api/v0/streamupdate disabled', () => {
  let disabled: Cell | undefined;

  beforeAll(async () => {
    disabled = await Cell.start({ env: { CONTINUUM_WARP_STREAMUPDATE_DISABLE: 'true' } });
  }, 120_000);

  afterAll(async () => {
    await disabled?.destroy();
  });

  it('refuses the upgrade with 404, as Warp 10 (no handler on the path), while /update still works', async () => {
    const cell = disabled as Cell;
    await expect(RawWsClient.open(cell.port, PATH)).rejects.toThrow(/^HTTP\/1\.1 404/);
    const { write, read } = cell.readTokens();
    expectStatus(await cell.client({ read, write }).update('1000// su.disabled{} 1'), 200, cell);
  });
});
