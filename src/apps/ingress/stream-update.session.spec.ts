import type { Clock } from '../../../domain/ports/clock.js';
import { CLOCK } from '../../infrastructure/tokens.js';
import { formatLogPosition } from '../shared/log-position.header.js';
import { TokenService } from '../shared/token.service.js';
import { IngressCell } from './ingress-cell.fixture.js';
import { StreamUpdateSession, type StreamUpdateTransport } from './stream-update.session.js';
import { UpdateHandler } from './update.handler.js';

/** What a session sent: replies, and the close (code and reason) if it closed. */
class Recorder implements StreamUpdateTransport {
  readonly sent: string[] = [];
  closed: { code: number; reason: string } | undefined;
  send(text: string): void {
    this.sent.push(text);
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }
}

let cell: IngressCell;
beforeAll(async () => {
  cell = await IngressCell.start();
});
afterAll(async () => {
  await cell.close();
});

function open(): { session: StreamUpdateSession; out: Recorder } {
  const out = new Recorder();
  const context = {
    update: cell.app.get(UpdateHandler, { strict: false }),
    tokens: cell.app.get(TokenService, { strict: false }),
    config: cell.config,
    clock: cell.app.get<Clock>(CLOCK, { strict: false }),
  };
  return { session: new StreamUpdateSession(context, out), out };
}

/** Sends messages without waiting between them (the session must keep their order), then waits for all. */
async function exchange(session: StreamUpdateSession, messages: readonly string[]): Promise<void> {
  await Promise.all(messages.map((m) => session.receive(m)));
}

/** Replies with the elapsed nanoseconds of UPDATE replies replaced by `<ns>`. */
const replies = (out: Recorder) => out.sent.map((s) => s.replace(/^(OK \d+ UPDATE \d+) \d+$/, '$1 <ns>'));

describe('StreamUpdateSession', () => {
  it('answers each verb and block with OK and a sequence number from 0, in order', async () => {
    const { session, out } = open();
    await exchange(session, ['NOOP', `TOKEN ${cell.write}`, '1// su.order{} 1\n2// su.order{} 2', 'ONERROR message', 'CLEARTOKEN', 'NOOP']);
    expect(replies(out)).toEqual(['OK 0 NOOP', 'OK 1 TOKEN', 'OK 2 UPDATE 2 <ns>', 'OK 3 ONERROR', 'OK 4 CLEARTOKEN', 'OK 5 NOOP']);
    expect(out.closed).toBeUndefined();
  });

  it('stores a block durably before answering: the points are in the log, with the token labels', async () => {
    const { session, out } = open();
    await exchange(session, [`TOKEN ${cell.write}`, '10// su.stored{k=v} 1\n=11// 2\n12// su.stored{k=w} 3']);
    expect(replies(out)[1]).toBe('OK 1 UPDATE 3 <ns>');
    // Two series: their records may lie in the log in either order.
    expect((await cell.timestamps('su.stored')).sort((a, b) => Number(a - b))).toEqual([10n, 11n, 12n]);
    const text = await cell.fetchAll('su.stored{}', formatLogPosition(session.lastPosition), { start: '0', end: '100' });
    expect(text).toContain('k=v');
    expect(text).toContain('.app=app1');
  });

  it('switches token inside a block on an UPDATE line, and keeps the new token for later blocks', async () => {
    const other = cell.tokens({ app: 'app2' }).write;
    const { session, out } = open();
    await exchange(session, [`TOKEN ${cell.write}`, `1// su.switch{} 1\nUPDATE ${other}\n2// su.switch{} 2`, '3// su.switch{} 3']);
    expect(replies(out)).toEqual(['OK 0 TOKEN', 'OK 1 UPDATE 2 <ns>', 'OK 2 UPDATE 1 <ns>']);
    const apps = (await cell.registered()).filter((s) => s.className === 'su.switch').map((s) => s.labels.get('.app'));
    expect(apps.sort()).toEqual(['app1', 'app2']);
  });

  it.each([
    ['data before any token', [], '1// su.e{} 1', 'Missing token.'],
    ['data after CLEARTOKEN', ['TOKEN %W', 'CLEARTOKEN'], '1// su.e{} 1', 'Missing token.'],
    ['an invalid token', [], 'TOKEN nope', 'Invalid token.'],
    ['a token without value', [], 'TOKEN', 'Invalid token.'],
    ['an empty line', ['TOKEN %W'], '1// su.e{} 1\n\n2// su.e{} 2', 'String index out of range: 0'],
    ['a # line', ['TOKEN %W'], '# hello', "Parse error at '# hello' (Missing timestamp separator.)"],
    ['a bad line', ['TOKEN %W'], '1// su.e{} 1\n2// su.e{ 2', "Parse error at '2// su.e{ 2' (Missing end of labels '}'.)"],
  ])('in message mode, answers ERROR for %s and goes on', async (_what, before, message, error) => {
    const { session, out } = open();
    const setup = ['ONERROR message', ...before.map((m) => m.replace('%W', cell.write))];
    await exchange(session, [...setup, message, 'NOOP']);
    expect(out.sent.slice(setup.length)).toEqual([`ERROR ${error}`, `OK ${setup.length} NOOP`]);
    expect(out.closed).toBeUndefined();
  });

  it('stores nothing of a block with a bad line (all or nothing)', async () => {
    const { session, out } = open();
    await exchange(session, ['ONERROR message', `TOKEN ${cell.write}`, '1// su.atomic{} 1\n2// su.atomic{} 2\nbad']);
    expect(out.sent[2]).toMatch(/^ERROR Parse error at 'bad'/);
    expect(await cell.timestamps('su.atomic')).toEqual([]);
  });

  it('in close mode (default), closes with 400 and the error as reason, and answers nothing more', async () => {
    const { session, out } = open();
    await exchange(session, ['1// su.close{} 1', 'NOOP']);
    expect(out.sent).toEqual([]);
    expect(out.closed).toEqual({ code: 400, reason: 'Missing token.' });
  });

  it('goes back to close mode on ONERROR close', async () => {
    const { session, out } = open();
    await exchange(session, ['ONERROR message', 'ONERROR close', 'TOKEN bad']);
    expect(out.sent).toEqual(['OK 0 ONERROR', 'OK 1 ONERROR']);
    expect(out.closed).toEqual({ code: 400, reason: 'Invalid token.' });
  });

  it('refuses a token that cannot update with Warp 10 message', async () => {
    const noupdate = cell.tokens({ writeAttributes: new Map([['.noupdate', '']]) }).write;
    const { session, out } = open();
    await exchange(session, ['ONERROR message', `TOKEN ${noupdate}`]);
    expect(out.sent[1]).toBe('ERROR Token cannot be used for updating data.');
  });

  it('answers an empty block with 0 datapoints', async () => {
    const { session, out } = open();
    await exchange(session, ['']);
    expect(replies(out)).toEqual(['OK 0 UPDATE 0 <ns>']);
  });

  it('drops messages still queued once the connection ended', async () => {
    const { session, out } = open();
    const pending = session.receive('NOOP');
    session.end();
    await pending;
    expect(out.sent).toEqual([]);
  });
});
