import { gzipSync } from 'node:zlib';
import { foreignWriteToken, IngressCell, OTHER_OWNER, OWNER, PRODUCER } from './ingress-cell.fixture.js';

// /api/v0/update through HTTP against an in-memory standalone cell (reference §1, §2.3).

const PREFIX = 'Error when updating data: ';
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('/api/v0/update: tokens', () => {
  let cell: IngressCell;
  beforeAll(async () => {
    cell = await IngressCell.start();
  });
  afterAll(() => cell.close());

  it('accepts the token in the X-Warp10-Token header and answers 200 with an empty body and the log position', async () => {
    const r = await cell.update('1000// tok.header{k=v} 1');
    expect(r.status).toBe(200);
    expect(r.body).toBe('');
    expect(r.position).toMatch(/^data:\d+=1;metadata:0=\d+$/);
    expect(await cell.fetchAll('tok.header{}', r.position)).toBe('1000// tok.header{.app=app1,k=v} 1\n');
  });

  it('accepts the token as the last path segment, which wins over the header', async () => {
    const r = await cell.update('1000// tok.path{k=v} 1', { path: cell.write, headers: { 'X-Warp10-Token': 'not-a-token' } });
    expect(r.status).toBe(200);
    expect(await cell.fetchAll('tok.path{}', r.position)).toBe('1000// tok.path{.app=app1,k=v} 1\n');
  });

  const expired = () => cell.tokens({ issuedMs: BigInt(Date.now()) - 10_000n, ttlMs: 1_000n }).write;
  it.each([
    ['no token', () => null, 'Write token missing.'],
    ['an empty token', () => '', 'Write token missing.'],
    ['a token that does not decode', () => 'not-a-token', 'Invalid token.'],
    ['a token sealed with other keys', foreignWriteToken, 'Invalid token.'],
    ['a read token', () => cell.read, 'Invalid token.'],
    ['an expired token', expired, 'Token Expired.'],
    ['a token with .noupdate', () => cell.tokens({ writeAttributes: new Map([['.noupdate', '']]) }).write, 'Token cannot be used for updating data.'],
  ])('refuses %s with 403 and appends nothing', async (_name, token, message) => {
    const before = await cell.logSize();
    const r = await cell.update('1000// tok.refused{k=v} 1', { token: token() });
    expect([r.status, r.body]).toEqual([403, `${PREFIX}${message}`]);
    expect(r.position).toBe('');
    expect(await cell.logSize()).toEqual(before);
  });

  it('refuses a token in the path that does not decode, even with a good header', async () => {
    const r = await cell.update('1000// tok.refused{k=v} 1', { path: 'not-a-token', headers: { 'X-Warp10-Token': cell.write } });
    expect([r.status, r.body]).toEqual([403, `${PREFIX}Invalid token.`]);
  });

  it('forces the token labels, then .producer, .owner and .app, over the labels of the line', async () => {
    const token = cell.tokens({
      app: 'app2',
      owner: OTHER_OWNER,
      producer: PRODUCER,
      labels: new Map([['k', 'forced'], ['env', 'prod'], ['.owner', 'evil']]),
    }).write;
    const r = await cell.update('1000// tok.forced{k=line,other=1,.producer=x,.owner=y,.app=z} 1', { token });
    expect(r.status).toBe(200);
    const [series] = (await cell.registered()).filter((s) => s.className === 'tok.forced');
    expect(Object.fromEntries(series.labels)).toEqual({ k: 'forced', env: 'prod', other: '1', '.producer': PRODUCER, '.owner': OTHER_OWNER, '.app': 'app2' });
  });

  it('bounds STRING values by the token attribute .maxsize, over ingress.value.maxsize', async () => {
    const token = cell.tokens({ writeAttributes: new Map([['.maxsize', '3']]) }).write;
    expect((await cell.update("1000// tok.maxsize{k=v} 'abc'", { token })).status).toBe(200);
    const r = await cell.update("1000// tok.maxsize{k=v} 'abcd'", { token });
    expect(r.status).toBe(400);
    expect(r.body).toContain('Value too large for GTS');
    expect((await cell.update("1000// tok.maxsize{k=v} 'abcd'")).status).toBe(200);
  });

  it('gives each producer its own series, since .producer is part of the identity', async () => {
    const other = cell.tokens({ owner: OWNER, producer: OTHER_OWNER }).write;
    expect((await cell.update('1000// tok.producers{k=v} 1')).status).toBe(200);
    expect((await cell.update('1000// tok.producers{k=v} 2', { token: other })).status).toBe(200);
    const producers = (await cell.registered()).filter((s) => s.className === 'tok.producers').map((s) => s.labels.get('.producer'));
    expect(producers).toEqual([PRODUCER, OTHER_OWNER]);
  });
});

describe('/api/v0/update: bodies', () => {
  let cell: IngressCell;
  beforeAll(async () => {
    cell = await IngressCell.start({ 'ingress.http.maxbodysize': '1024' });
  });
  afterAll(() => cell.close());

  it.each([
    ['PUT', { 'content-type': 'text/plain' }, 'body.put'],
    ['POST', {}, 'body.notype'],
    ['POST', { 'content-type': 'application/x-www-form-urlencoded' }, 'body.form'],
  ])('accepts %s with headers %j: any method with a body, the body read as text', async (method, type, className) => {
    const res = await cell.app.getHttpAdapter().getInstance().inject({
      method: method as 'PUT' | 'POST',
      url: '/api/v0/update',
      headers: { 'X-Warp10-Token': cell.write, ...type },
      payload: Buffer.from(`1000// ${className}{k=v} 1`),
    });
    expect(res.statusCode).toBe(200);
    expect(await cell.timestamps(className)).toEqual([1000n]);
  });

  it('reads a gzip body when Content-Type is application/gzip', async () => {
    const r = await cell.update('1000// body.gz{k=v} 1\n2000// body.gz{k=v} 2\n', { gzip: true });
    expect(r.status).toBe(200);
    expect(await cell.fetchAll('body.gz{}', r.position)).toBe('2000// body.gz{.app=app1,k=v} 2\n=1000// 1\n');
  });

  it('reads a gzip-looking body as text when the content type is not exactly application/gzip', async () => {
    const raw = gzipSync('1000// body.gzmislabelled{k=v} 1');
    const r = await cell.update('', { raw, headers: { 'content-type': 'application/gzip; charset=utf-8' } });
    expect(r.status).toBe(400);
    expect(r.body).toMatch(new RegExp(`^${escapeRe(PREFIX)}Parse error`));
  });

  it('answers 400 to a body that is not gzip although labelled so, and appends nothing', async () => {
    const before = await cell.logSize();
    const r = await cell.update('', { raw: Buffer.from('1000// body.badgz{k=v} 1'), headers: { 'content-type': 'application/gzip' } });
    expect(r.status).toBe(400);
    expect(r.body).toMatch(new RegExp(`^${escapeRe(PREFIX)}cannot read gzip body`));
    expect(await cell.logSize()).toEqual(before);
  });

  it('answers 413 to a body over ingress.http.maxbodysize, and appends nothing', async () => {
    const before = await cell.logSize();
    const body = Array.from({ length: 100 }, (_, i) => `${i}// body.big{k=v} ${i}`).join('\n');
    const r = await cell.update(body);
    expect([r.status, r.body]).toEqual([413, 'Request body is larger than the limit of 1024 bytes.']);
    expect(await cell.logSize()).toEqual(before);
  });

  it('answers 413 to a gzip body that inflates beyond the limit (gzip bomb), and appends nothing', async () => {
    const before = await cell.logSize();
    const bomb = gzipSync(`1000// body.bomb{k=v} '${'x'.repeat(500_000)}'`);
    expect(bomb.length).toBeLessThan(1024);
    const r = await cell.update('', { raw: bomb, headers: { 'content-type': 'application/gzip' } });
    expect([r.status, r.body]).toEqual([413, `${PREFIX}Request body is larger than the limit of 1024 bytes once decompressed.`]);
    expect(await cell.logSize()).toEqual(before);
  });

  it('accepts an empty body with 200 and appends nothing', async () => {
    const before = await cell.logSize();
    const r = await cell.update('\n# only a comment\n');
    expect([r.status, r.body, r.position]).toEqual([200, '', '']);
    expect(await cell.logSize()).toEqual(before);
  });
});

// [case, lines, line number, character index, reason] (reference §1.5; Continuum adds ` at line L`).
const MALFORMED: [string, string[], number, number, string][] = [
  ['an unparsable value in the middle', ['1000// bad.a{k=v} 1', '2000// bad.b{k=v} 2', '3000// bad.c{k=v} x', '4000// bad.d{k=v} 4'], 3, 18, 'Cannot parse value.'],
  ['a line without timestamp separator', ['1000// bad.e{k=v} 1', '3000 bad.e{k=v} 3'], 2, 0, 'Missing timestamp separator.'],
  ['a continuation as first line', ['=1000// 1', '2000// bad.f{k=v} 2'], 1, 0, 'Invalid continuation.'],
  ['a bad label pair', ['1000// bad.g{k=v} 1', '2000// bad.g{k} 2'], 2, 13, 'Invalid label definition.'],
];

describe('/api/v0/update: atomicity', () => {
  let cell: IngressCell;
  beforeAll(async () => {
    cell = await IngressCell.start();
  });
  afterAll(() => cell.close());

  it.each(MALFORMED)('rejects %s with 400 naming the index, the line and its number, and appends nothing', async (_name, lines, lineNo, index, reason) => {
    const before = await cell.logSize();
    const r = await cell.update(lines.join('\n'));
    expect(r.status).toBe(400);
    const line = escapeRe(lines[lineNo - 1]);
    expect(r.body).toMatch(new RegExp(`^${escapeRe(PREFIX)}Parse error at index ${index} in '${line}' \\(${escapeRe(reason)}.*\\) at line ${lineNo}$`));
    expect(r.position).toBe('');
    expect(await cell.logSize()).toEqual(before);
  });

  it('leaves no trace of rejected requests in fetch or find', async () => {
    for (const [, lines] of MALFORMED) expect((await cell.update(lines.join('\n'))).status).toBe(400);
    const ok = await cell.update('1000// bad.ok{k=v} 1');
    expect(ok.status).toBe(200);
    expect(await cell.findAll('~bad\\..*{}', ok.position)).toBe('bad.ok{.app=app1,k=v}{}\n');
    expect(await cell.fetchAll('~bad\\..*{}', ok.position)).toBe('1000// bad.ok{.app=app1,k=v} 1\n');
  });

  it('registers a series once, however many requests and lines write it', async () => {
    expect((await cell.update('1000// once.s{k=v} 1\n2000// once.s{k=v} 2\n=3000// 3')).status).toBe(200);
    expect((await cell.update('4000// once.s{k=v} 4')).status).toBe(200);
    expect((await cell.update('5000// once.s{k=v} 5\n5000// once.t{k=v} 5')).status).toBe(200);
    const names = (await cell.registered()).filter((s) => s.className.startsWith('once.')).map((s) => s.className);
    expect(names).toEqual(['once.s', 'once.t']);
    expect(await cell.timestamps('once.s')).toEqual([1000n, 2000n, 3000n, 4000n, 5000n]);
  });
});

describe('/api/v0/update: warp.update.disabled', () => {
  let cell: IngressCell;
  beforeAll(async () => {
    cell = await IngressCell.start({ 'warp.update.disabled': 'Updates are suspended for maintenance.' });
  });
  afterAll(() => cell.close());

  it('answers 403 with the configured text, before looking at the token, and appends nothing', async () => {
    for (const token of [cell.write, null]) {
      const r = await cell.update('1000// off.s{k=v} 1', { token });
      expect([r.status, r.body]).toEqual([403, 'Updates are suspended for maintenance.']);
    }
    expect(await cell.logSize()).toEqual({ data: 0, metadata: 0 });
  });
});
