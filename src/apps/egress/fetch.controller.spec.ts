import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatapointStore } from '../../../domain/ports/datapoint-store.js';
import { openInMemoryStore } from '../../infrastructure/store/memory/in-memory-store.js';
import { type EgressApp, readToken, smallDataSet, startEgress } from './egress.fixture.js';

// Expected bytes follow reference §7.1 (text, fulltext, json, tsv, fulltsv; value rendering; owner and producer
// hidden, .app shown; series ordered by class then labels; newest point first).
const TOKEN = readToken();
const H = { 'X-Warp10-Token': TOKEN };
const Q = 'selector=~.*%7B%7D&start=0&end=5000';

const TEXT =
  '1000// humidity{room=kitchen,.app=app1} 42\n' +
  '3000// temp{room=kitchen,.app=app1} 22.5\n' +
  '=2000/45.0:90.0/100 21.0\n' +
  '=1000// 20\n' +
  "1500// temp{room=living%20room,.app=app1} 'it%27s'\n" +
  '=500// T\n';

const FULLTEXT =
  '1000// humidity{room=kitchen,.app=app1} 42\n' +
  '3000// temp{room=kitchen,.app=app1} 22.5\n' +
  '2000/45.0:90.0/100 temp{room=kitchen,.app=app1} 21.0\n' +
  '1000// temp{room=kitchen,.app=app1} 20\n' +
  "1500// temp{room=living%20room,.app=app1} 'it%27s'\n" +
  "500// temp{room=living%20room,.app=app1} T\n";

// "i" is labelsId & a random mask, different on every request: compared as <i>.
const JSON_OUT =
  '[{"c":"humidity","l":{"room":"kitchen",".app":"app1"},"a":{},"i":"<i>","la":0,"v":[[1000,42]]},' +
  '{"c":"temp","l":{"room":"kitchen",".app":"app1"},"a":{"unit":"C"},"i":"<i>","la":5000,"v":[[3000,22.5],[2000,45.0,90.0,100,21.0],[1000,20]]},' +
  '{"c":"temp","l":{"room":"living room",".app":"app1"},"a":{},"i":"<i>","la":0,"v":[[1500,"it\'s"],[500,true]]}]';

const TSV =
  '# humidity{room=kitchen,.app=app1}{}\n' +
  '1000\t\t\t\t42\n' +
  '# temp{room=kitchen,.app=app1}{unit=C}\n' +
  '3000\t\t\t\t22.5\n' +
  '2000\t45.0\t90.0\t100\t21.0\n' +
  '1000\t\t\t\t20\n' +
  '# temp{room=living%20room,.app=app1}{}\n' +
  "1500\t\t\t\t'it%27s'\n" +
  '500\t\t\t\tT\n';

const FULLTSV =
  'humidity\troom=kitchen,.app=app1\t\t1000\t\t\t\t42\n' +
  'temp\troom=kitchen,.app=app1\tunit=C\t3000\t\t\t\t22.5\n' +
  'temp\troom=kitchen,.app=app1\tunit=C\t2000\t45.0\t90.0\t100\t21.0\n' +
  'temp\troom=kitchen,.app=app1\tunit=C\t1000\t\t\t\t20\n' +
  "temp\troom=living%20room,.app=app1\t\t1500\t\t\t\t'it%27s'\n" +
  'temp\troom=living%20room,.app=app1\t\t500\t\t\t\tT\n';

/** A store whose fetch fails from the `failAt`-th call on (to break a response after output started). */
function failingStore(inner: DatapointStore, failAt: number): DatapointStore {
  let calls = 0;
  return {
    apply: (w, c) => inner.apply(w, c),
    truncate: () => inner.truncate(),
    fetch: async (series, range) => {
      if (++calls >= failAt) throw new Error('disk on fire: 100%');
      return inner.fetch(series, range);
    },
  };
}

/** GET over a real socket (light-my-request cannot show a body cut short): status, body, and whether it completed. */
async function rawGet(egress: EgressApp, path: string): Promise<{ statusCode: number; body: string; complete: boolean }> {
  await egress.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = egress.app.getHttpServer().address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, headers: H }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('close', () => resolve({ statusCode: res.statusCode ?? 0, body, complete: res.complete }));
      res.on('error', () => undefined);
    });
    req.on('error', reject);
  });
}

async function withData(store: DatapointStore, config: Record<string, string> = {}): Promise<EgressApp> {
  const egress = await startEgress(store, config);
  for (const [s, points] of smallDataSet()) await egress.add(s, points);
  return egress;
}

describe('/api/v0/fetch over HTTP (reference §7.1)', () => {
  let egress: EgressApp;
  beforeAll(async () => {
    egress = await withData(openInMemoryStore().datapoints);
  });
  afterAll(() => egress.close());

  it.each([
    ['text', TEXT, 'text/plain; charset=utf-8'],
    ['fulltext', FULLTEXT, 'text/plain; charset=utf-8'],
    ['json', JSON_OUT, 'application/json; charset=utf-8'],
    ['tsv', TSV, 'text/tab-separated-values; charset=utf-8'],
    ['fulltsv', FULLTSV, 'text/tab-separated-values; charset=utf-8'],
    ['null', '', 'text/plain; charset=utf-8'],
    ['bogus', TEXT, 'text/plain; charset=utf-8'],
  ])('answers format=%s with the reference bytes', async (format, expected, type) => {
    const res = await egress.inject({ url: `/api/v0/fetch?${Q}&format=${format}`, headers: H });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.body.replace(/"i":"\d+"/g, '"i":"<i>"')).toBe(expected);
  });

  it('answers text when no format is given', async () => {
    expect((await egress.inject({ url: `/api/v0/fetch?${Q}`, headers: H })).body).toBe(TEXT);
  });

  it('gives json ids as labelsId under a mask that changes per request', async () => {
    const ids = async () => [...(await egress.inject({ url: `/api/v0/fetch?${Q}&format=json`, headers: H })).body.matchAll(/"i":"(\d+)"/g)].map((m) => m[1]);
    const [a, b] = [await ids(), await ids()];
    expect(a).toHaveLength(3);
    expect(a).not.toEqual(b);
  });

  it('answers [] in json when nothing matches', async () => {
    expect((await egress.inject({ url: '/api/v0/fetch?selector=none%7B%7D&start=0&end=1&format=json', headers: H })).body).toBe('[]');
  });

  it.each([
    ['showattr', 'showattr=true', '3000// temp{room=kitchen,.app=app1}{unit=C} 22.5\n=2000/45.0:90.0/100 21.0\n=1000// 20\n'],
    ['sortmeta', 'showattr=true&sortmeta=true', '3000// temp{.app=app1,room=kitchen}{unit=C} 22.5\n=2000/45.0:90.0/100 21.0\n=1000// 20\n'],
    ['count', 'count=1', '3000// temp{room=kitchen,.app=app1} 22.5\n'],
    ['skip', 'skip=2', '1000// temp{room=kitchen,.app=app1} 20\n'],
    ['step', 'step=2', '3000// temp{room=kitchen,.app=app1} 22.5\n=1000// 20\n'],
    ['timestep', 'timestep=1500', '3000// temp{room=kitchen,.app=app1} 22.5\n=1000// 20\n'],
    ['boundary.pre', 'start=2500&boundary.pre=1', '3000// temp{room=kitchen,.app=app1} 22.5\n=2000/45.0:90.0/100 21.0\n'],
    ['boundary.post', 'end=1500&boundary.post=1', '2000/45.0:90.0/100 temp{room=kitchen,.app=app1} 21.0\n=1000// 20\n'],
    ['end and timespan', 'end=3000&timespan=1001&start=', '3000// temp{room=kitchen,.app=app1} 22.5\n=2000/45.0:90.0/100 21.0\n'],
    ['an ISO-8601 start and a duration', 'start=1970-01-01T00:00:00.0015Z&timespan=PT0.001S&end=', '2000/45.0:90.0/100 temp{room=kitchen,.app=app1} 21.0\n'],
  ])('applies %s', async (_, extra, expected) => {
    // Given the base range [0, 5000], overridden (or removed, when empty) by the extra parameters
    const params = new URLSearchParams('selector=temp%7Broom%3Dkitchen%7D&start=0&end=5000');
    for (const [k, v] of new URLSearchParams(extra)) {
      if (v === '') params.delete(k);
      else params.set(k, v);
    }
    const res = await egress.inject({ url: `/api/v0/fetch?${params}`, headers: H });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(expected);
  });

  it('drops consecutive duplicates with dedup=true', async () => {
    const dup = await startEgress(openInMemoryStore().datapoints);
    const [[s]] = smallDataSet();
    await dup.add(s, [4n, 3n, 2n, 1n].map((ts) => ({ ts, value: { type: 'LONG' as const, value: ts === 1n ? 2n : 1n } })));
    const res = await dup.inject({ url: '/api/v0/fetch?selector=temp%7B%7D&start=0&end=10&dedup=true', headers: H });
    await dup.close();
    // The first of a run of equal values is kept (a final run would also keep its last point).
    expect(res.body).toBe('4// temp{room=kitchen,.app=app1} 1\n=1// 2\n');
  });

  it('takes parameters from a POST form body merged with the query string', async () => {
    const res = await egress.inject({
      method: 'POST',
      url: '/api/v0/fetch?format=fulltext',
      headers: { ...H, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'selector=humidity%7B%7D&now=5000&timespan=-1',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('1000// humidity{room=kitchen,.app=app1} 42\n');
  });

  it('takes the token from the token parameter when there is no header', async () => {
    const res = await egress.inject({ url: `/api/v0/fetch?selector=humidity%7B%7D&start=0&end=5000&token=${TOKEN}` });
    expect(res.body).toBe('1000// humidity{room=kitchen,.app=app1} 42\n');
  });

  it.each([
    ['no selector', 'start=0&end=1', H, 400, "Missing 'selector' parameter."],
    ['no token', Q, {}, 403, 'Read token missing.'],
    ['a bad token', Q, { 'X-Warp10-Token': 'nope' }, 403, 'Invalid token.'],
    ['both end and now', 'selector=a%7B%7D&end=1&now=2&count=1', H, 400, "Cannot specify both 'end' and 'now'."],
    ['a stale position', `${Q}`, { ...H, 'X-Continuum-Log-Position': 'data:0=99' }, 504, "cannot read your writes: the 'store' read model"],
  ])('answers %s with the status and message', async (_, query, headers, status, message) => {
    egress.progress.applied.delete('store');
    const res = await egress.inject({ url: `/api/v0/fetch?${query}`, headers });
    egress.progress.applied.add('store');
    expect(res.statusCode).toBe(status);
    expect(res.body).toContain(message);
  });

  it('streams thousands of series in pieces', async () => {
    const many = await startEgress(openInMemoryStore().datapoints);
    await addMany(many, 3000);
    const res = await many.inject({ url: '/api/v0/fetch?selector=temp%7B%7D&start=0&end=1&format=fulltsv', headers: H });
    await many.close();
    const lines = res.body.split('\n').filter(Boolean);
    expect(lines).toHaveLength(3000);
    expect(lines[2999]).toBe('temp\troom=kitchen,.app=app1,n=2999\tunit=C\t1\t\t\t\t2999');
  });
});

/** Adds `n` series temp{…,n=0000…} of one point each: about 50 characters each in fulltsv. */
async function addMany(egress: EgressApp, n: number): Promise<void> {
  const [[s]] = smallDataSet();
  for (let i = 0; i < n; i++) {
    const id = `${s.id.slice(0, 28)}${i.toString(16).padStart(4, '0')}` as typeof s.id;
    await egress.add({ ...s, id, labels: new Map([...s.labels, ['n', String(i).padStart(4, '0')]]) }, [{ ts: 1n, value: { type: 'LONG', value: BigInt(i) } }]);
  }
}

describe('/api/v0/fetch errors after output started (reference §7.1)', () => {
  it('answers a store failure before any output with 500', async () => {
    const egress = await withData(failingStore(openInMemoryStore().datapoints, 1));
    const res = await egress.inject({ url: `/api/v0/fetch?${Q}`, headers: H });
    await egress.close();
    expect(res.statusCode).toBe(500);
  });

  it.each([
    ['cuts the body', '', ''],
    ['appends the URL-encoded error with showerrors', '&showerrors', '\n# ERROR: disk+on+fire%3A+100%25\n'],
  ])('%s on a failure after output started', async (_, extra, tail) => {
    // Given 3000 series (~150 000 characters of fulltsv), the store failing at the 2000th read: by then at least one
    // piece of about 64K characters has been sent.
    const egress = await startEgress(failingStore(openInMemoryStore().datapoints, 2000));
    await addMany(egress, 3000);
    const res = await rawGet(egress, `/api/v0/fetch?selector=temp%7B%7D&start=0&end=1&format=fulltsv${extra}`);
    await egress.close();
    // Then the status was 200, the response is incomplete (connection closed mid-body)
    expect(res.statusCode).toBe(200);
    expect(res.complete).toBe(false);
    expect(res.body.endsWith(tail)).toBe(true);
    const lines = res.body.slice(0, res.body.length - tail.length);
    // Then what was sent is whole lines, in order, of the series read before the failure only.
    expect(lines.endsWith('\n')).toBe(true);
    const sent = lines.split('\n').filter(Boolean);
    expect(sent.length).toBeGreaterThan(1000);
    expect(sent.length).toBeLessThan(2000);
    sent.forEach((line, i) => expect(line.endsWith(`\t${i}`)).toBe(true));
  });
});
