import { randomUUID } from 'node:crypto';
import { ensureBuilt } from '../harness/build.js';
import { Cell } from '../harness/cell.js';
import type { Client } from '../harness/client.js';
import { expectStatus } from '../harness/expect-status.js';
import { PlasmaClient } from './plasma-client.js';

// Plasma through a real standalone process (README contract) and real WebSocket clients. One data partition:
// chunks of different series then reach the front end in write order, so "not received before a later point"
// means "not sent". Reference §8.1.
jest.setTimeout(60_000);

let cell: Cell;
let client: Client;
let read: string;
const sessions: PlasmaClient[] = [];

const connect = async (): Promise<PlasmaClient> => {
  const c = await PlasmaClient.connect(`ws://127.0.0.1:${cell.port}/api/v0/plasma`);
  sessions.push(c);
  return c;
};
const write = async (body: string): Promise<void> => expectStatus(await client.update(body), 200, cell);
const data = (c: PlasmaClient): string[] => c.messages.filter((m) => !/^(SUB|STATS|KO) /.test(m));
// The directory applies writes asynchronously: subscribe again until the session holds `count` series.
async function subscribe(c: PlasmaClient, command: string, count: number): Promise<string[]> {
  for (let attempt = 0; ; attempt++) {
    c.send(command);
    const subs = await c.subscriptions();
    if (subs.length >= count || attempt >= 100) return subs;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  await ensureBuilt();
  cell = await Cell.start({ env: { CONTINUUM_LOG_DATA_PARTITIONS: '1', CONTINUUM_WARP_PLASMA_MAXSUBS: '3' } });
  const owner = randomUUID();
  read = await cell.mintToken({ type: 'read', app: '', owner, producer: owner });
  const writeToken = await cell.mintToken({ type: 'write', app: '', owner, producer: owner });
  client = cell.client({ read, write: writeToken });
}, 120_000);

afterAll(async () => {
  for (const s of sessions) s.close();
  await cell?.destroy();
});

describe('plasma e2e (standalone process)', () => {
  it('pushes points of exact, regex and label selectors in TEXT, FULLTEXT and JSON', async () => {
    await write('1// p.a{site=x} 0\n1// p.b{site=y} 0\n1// p.c{site=x} 0');
    const text = await connect();
    const full = await connect();
    const json = await connect();
    full.send('FULLTEXT');
    json.send('JSON');
    expect(await subscribe(text, `SUBSCRIBE ${read} p.a{site=x}`, 1)).toEqual(['SUB p.a{site=x}']);
    expect(await subscribe(full, `SUBSCRIBE ${read} ~p\\.[ab]{}`, 2)).toEqual(['SUB p.a{site=x}', 'SUB p.b{site=y}']);
    expect(await subscribe(json, `SUBSCRIBE ${read} ~p.*{site=x}`, 2)).toEqual(['SUB p.a{site=x}', 'SUB p.c{site=x}']);
    await write("10// p.a{site=x} 1\n11/45.0:90.0/3 p.a{site=x} 'hé'\n10// p.b{site=y} 2.5\n10// p.c{site=x} T");
    await text.waitFor((m) => m.some((x) => x.startsWith('10//')));
    await full.waitFor((m) => m.filter((x) => x.startsWith('10//')).length >= 2);
    await json.waitFor((m) => m.filter((x) => x.startsWith('[')).length >= 2);
    expect(data(text)).toEqual(["10// p.a{site=x} 1\n=11/45.0:90.0/3 'h%C3%A9'\n"]);
    expect(data(full)).toEqual(["10// p.a{site=x} 1\n11/45.0:90.0/3 p.a{site=x} 'h%C3%A9'\n", '10// p.b{site=y} 2.5\n']);
    expect(data(json).map((m) => JSON.parse(m))).toEqual([
      [{ c: 'p.a', l: { site: 'x' }, t: 10, v: 1 }, { c: 'p.a', l: { site: 'x' }, t: 11, v: 'hé', lat: 45, lon: 90, elev: 3 }],
      [{ c: 'p.c', l: { site: 'x' }, t: 10, v: true }],
    ]);
  });

  it('SAMPLE keeps part of the points', async () => {
    await write('1// p.sample{} 0');
    const c = await connect();
    c.send('SAMPLE 0.25');
    await subscribe(c, `SUBSCRIBE ${read} p.sample{}`, 1);
    await write(Array.from({ length: 400 }, (_, i) => `${i + 10}// p.sample{} ${i}`).join('\n'));
    await c.waitFor((m) => m.some((x) => /^\d+\/\//.test(x)));
    const lines = data(c).join('').split('\n').filter((l) => l !== '').length;
    expect(lines).toBeGreaterThan(40);
    expect(lines).toBeLessThan(200);
  });

  it('UNSUBSCRIBE and CLEAR stop the pushes; maxsubs caps a session', async () => {
    await write('1// p.u.a{} 0\n1// p.u.b{} 0\n1// p.u.c{} 0\n1// p.u.d{} 0');
    const c = await connect();
    expect(await subscribe(c, `SUBSCRIBE ${read} ~p\\.u\\..*{}`, 3)).toHaveLength(3);
    c.send(`UNSUBSCRIBE ${read} p.u.a{}`);
    expect(await c.subscriptions()).toEqual(['SUB p.u.b{}', 'SUB p.u.c{}']);
    await write('2// p.u.a{} 1');
    await write('2// p.u.b{} 1');
    await c.waitFor((m) => m.some((x) => x.startsWith('2// p.u.b')));
    expect(data(c).join('')).not.toContain('p.u.a');
    c.send('CLEAR');
    expect(await c.subscriptions()).toEqual([]);
    const watcher = await connect();
    await subscribe(watcher, `SUBSCRIBE ${read} p.u.c{}`, 1);
    const before = data(c).length;
    await write('3// p.u.c{} 1');
    await watcher.waitFor((m) => m.some((x) => x.startsWith('3// p.u.c')));
    expect(data(c)).toHaveLength(before);
  });

  it('answers KO Invalid token. and closes with 400 Invalid verb.', async () => {
    const c = await connect();
    c.send('SUBSCRIBE bogus p.a{}');
    await c.waitFor((m) => m.length >= 1);
    expect(c.messages).toEqual(['KO Invalid token.']);
    c.send('subscribe x y');
    expect(await c.closeFrame).toEqual({ code: 400, reason: 'Invalid verb.' });
  });
});
