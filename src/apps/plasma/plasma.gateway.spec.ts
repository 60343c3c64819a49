import type { AddressInfo } from 'node:net';
import { PlasmaClient } from '../../../test/e2e/plasma-client.js';
import { IngressCell, OWNER } from '../ingress/ingress-cell.fixture.js';

// A whole standalone cell on the in-memory adapters, listening on a real port, driven by a real `ws` client.
// One data partition, so that chunks of different series reach the front end in write order: a point NOT
// received before a later one of another series was really not sent.
async function start(overrides: Record<string, string> = {}): Promise<{ cell: IngressCell; url: string }> {
  const cell = await IngressCell.start({ 'log.data.partitions': '1', ...overrides });
  await cell.app.listen(0, '127.0.0.1');
  const port = (cell.app.getHttpServer().address() as AddressInfo).port;
  return { cell, url: `ws://127.0.0.1:${port}/api/v0/plasma` };
}

let cell: IngressCell;
let url: string;
const clients: PlasmaClient[] = [];
const connect = async (): Promise<PlasmaClient> => {
  const c = await PlasmaClient.connect(url);
  clients.push(c);
  return c;
};
const data = (c: PlasmaClient): string[] => c.messages.filter((m) => !m.startsWith('SUB ') && !m.startsWith('STATS ') && !m.startsWith('KO '));
// The directory applies writes asynchronously: subscribe again until the session holds `count` series.
const subscribe = async (c: PlasmaClient, command: string, count: number): Promise<string[]> => {
  for (let attempt = 0; ; attempt++) {
    c.send(command);
    const subs = await c.subscriptions();
    if (subs.length >= count || attempt >= 100) return subs;
    await new Promise((r) => setTimeout(r, 50));
  }
};
const write = async (body: string): Promise<void> => expect((await cell.update(body)).status).toBe(200);

beforeAll(async () => {
  ({ cell, url } = await start({ 'warp.plasma.maxsubs': '3' }));
});
afterAll(async () => {
  for (const c of clients) c.close();
  await cell.close();
});

describe('plasma gateway (in-process cell, real WebSocket)', () => {
  it('subscribes with an exact selector and pushes points in TEXT, in arrival order, owner/producer hidden', async () => {
    await write('1// g.text{k=v} 0');
    const c = await connect();
    expect(await subscribe(c, `SUBSCRIBE ${cell.read} g.text{k=v}`, 1)).toEqual(['SUB g.text{k=v,.app=app1}']);
    await write('3// g.text{k=v} 3\n1/45.0:90.0/7 g.text{k=v} 1\n2// g.text{k=v} \'a b\'');
    await c.waitFor((m) => m.some((x) => x.startsWith('3//')));
    expect(data(c)).toEqual(["3// g.text{k=v,.app=app1} 3\n=1/45.0:90.0/7 1\n=2// 'a%20b'\n"]);
  });

  it('FULLTEXT and JSON formats, regex and label selectors', async () => {
    await write('1// g.fmt.a{n=1} 0\n1// g.fmt.b{n=2} 0\n1// g.other{n=1} 0');
    const full = await connect();
    const json = await connect();
    full.send('FULLTEXT');
    json.send('JSON');
    expect(await subscribe(full, `SUBSCRIBE ${cell.read} ~g\\.fmt\\..*{}`, 2)).toEqual(['SUB g.fmt.a{n=1,.app=app1}', 'SUB g.fmt.b{n=2,.app=app1}']);
    expect(await subscribe(json, `SUBSCRIBE ${cell.read} ~g.*{n=1}`, 2)).toEqual(['SUB g.fmt.a{n=1,.app=app1}', 'SUB g.other{n=1,.app=app1}']);
    await write('10// g.fmt.a{n=1} 1.5\n11// g.fmt.a{n=1} T\n10// g.fmt.b{n=2} 2\n10// g.other{n=1} 3');
    await full.waitFor((m) => m.filter((x) => x.startsWith('10//')).length >= 2);
    await json.waitFor((m) => m.filter((x) => x.startsWith('[')).length >= 2);
    expect(data(full)).toEqual(['10// g.fmt.a{n=1,.app=app1} 1.5\n11// g.fmt.a{n=1,.app=app1} T\n', '10// g.fmt.b{n=2,.app=app1} 2\n']);
    expect(data(json).map((m) => JSON.parse(m))).toEqual([
      [{ c: 'g.fmt.a', l: { n: '1', '.app': 'app1' }, t: 10, v: 1.5 }, { c: 'g.fmt.a', l: { n: '1', '.app': 'app1' }, t: 11, v: true }],
      [{ c: 'g.other', l: { n: '1', '.app': 'app1' }, t: 10, v: 3 }],
    ]);
  });

  it('UNSUBSCRIBE and CLEAR stop the pushes', async () => {
    await write('1// g.un.a{} 0\n1// g.un.b{} 0\n1// g.un.c{} 0');
    const c = await connect();
    await subscribe(c, `SUBSCRIBE ${cell.read} ~g\\.un\\..*{}`, 3);
    c.send(`UNSUBSCRIBE ${cell.read} g.un.a{}`);
    expect(await c.subscriptions()).toEqual(['SUB g.un.b{.app=app1}', 'SUB g.un.c{.app=app1}']);
    await write('2// g.un.a{} 1');
    await write('2// g.un.b{} 1');
    await c.waitFor((m) => m.some((x) => x.startsWith('2// g.un.b')));
    expect(data(c).join('')).not.toContain('g.un.a');
    c.send('CLEAR');
    expect(await c.subscriptions()).toEqual([]);
    const watcher = await connect();
    await subscribe(watcher, `SUBSCRIBE ${cell.read} g.un.c{}`, 1);
    const before = data(c).length;
    await write('3// g.un.c{} 1');
    await watcher.waitFor((m) => m.some((x) => x.startsWith('3// g.un.c')));
    expect(data(c).length).toBe(before);
  });

  it('answers KO to a bad selector or token, and to RAW/WRAPPER (kept format)', async () => {
    const c = await connect();
    c.send(`SUBSCRIBE ${cell.read} nobraces`);
    c.send('SUBSCRIBE not-a-token g.text{}');
    c.send('RAW');
    c.send('WRAPPER');
    await c.waitFor((m) => m.length >= 4);
    expect(c.messages).toEqual(['KO Invalid subscription selector.', 'KO Invalid token.', 'KO RAW output is not supported.', 'KO WRAPPER output is not supported.']);
    expect(c.isOpen).toBe(true);
  });

  it('closes the session with code 400 and the reason on an invalid verb', async () => {
    const c = await connect();
    c.send('HELLO');
    expect(await c.closeFrame).toEqual({ code: 400, reason: 'Invalid verb.' });
  });

  it('stops at warp.plasma.maxsubs series per session', async () => {
    await write('1// g.max.a{} 0\n1// g.max.b{} 0\n1// g.max.c{} 0\n1// g.max.d{} 0');
    const c = await connect();
    await subscribe(c, `SUBSCRIBE ${cell.read} ~g\\.max\\..*{}`, 3);
    c.send(`SUBSCRIBE ${cell.read} ~g\\.max\\..*{}`);
    expect(await c.subscriptions()).toHaveLength(3);
  });

  it('shows owner and producer only to sessions subscribed with an .expose token', async () => {
    await write('1// g.expose{} 0');
    const exposing = cell.tokens({ readAttributes: new Map([['.expose', '']]) }).read;
    const c = await connect();
    expect((await subscribe(c, `SUBSCRIBE ${exposing} g.expose{}`, 1))[0]).toContain(`.owner=${OWNER}`);
  });

  it('SAMPLE keeps a share of the points, STATS reports the session', async () => {
    await write('1// g.sample{} 0');
    const c = await connect();
    c.send('SAMPLE 0.5');
    c.send('FULLTEXT');
    await subscribe(c, `SUBSCRIBE ${cell.read} g.sample{}`, 1);
    await write(Array.from({ length: 400 }, (_, i) => `${i + 10}// g.sample{} ${i}`).join('\n'));
    expect(await c.stats()).toMatch(/^STATS sessions=\d+ subscriptions=1 queued=\d+ dropped\.messages=0 dropped\.points=0$/);
    await c.waitFor((m) => m.some((x) => !x.startsWith('SUB ') && x.includes('g.sample{')));
    const lines = data(c).join('').split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.length).toBeLessThan(300);
  });

  it('publishes its figures in /metrics', async () => {
    const r = await cell.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/metrics' });
    expect(r.body).toMatch(/^continuum_plasma_sessions \d+$/m);
    expect(r.body).toMatch(/^continuum_plasma_sent_points_total \d+$/m);
    expect(r.body).toMatch(/^continuum_plasma_backend_forwarded_points_total \d+$/m);
  });
});

describe('plasma gateway limits', () => {
  it('closes an idle session (1001) and one sending a message over the max size (1009)', async () => {
    const limited = await start({ 'plasma.frontend.idle.timout': '300', 'plasma.frontend.websocket.maxmessagesize': '1024' });
    try {
      const idle = await PlasmaClient.connect(limited.url);
      const big = await PlasmaClient.connect(limited.url);
      big.send(`NOOP ${'x'.repeat(2000)}`);
      expect((await big.closeFrame)?.code).toBe(1009);
      expect(await idle.closeFrame).toEqual({ code: 1001, reason: 'Idle Timeout' });
    } finally {
      await limited.cell.close();
    }
  });

  it('answers 404 to the upgrade when warp.plasma.disable=true', async () => {
    const disabled = await start({ 'warp.plasma.disable': 'true' });
    try {
      await expect(PlasmaClient.connect(disabled.url)).rejects.toThrow('HTTP 404');
    } finally {
      await disabled.cell.close();
    }
  });
});
