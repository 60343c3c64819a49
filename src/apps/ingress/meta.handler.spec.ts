import { IngressCell, OTHER_OWNER, OWNER } from './ingress-cell.fixture.js';

// /api/v0/meta through HTTP against an in-memory standalone cell (reference §5.1, §2.3).

const PREFIX = 'Error when updating meta: ';

describe('/api/v0/meta', () => {
  let cell: IngressCell;
  beforeAll(async () => {
    cell = await IngressCell.start({ 'ingress.http.maxbodysize': '4096' });
    const r = await cell.update(['1000// meta.a{k=v} 1', '1000// meta.b{k=v} 1', '1000// meta.c{k=v} 1', '1000// meta.d{k=v} 1'].join('\n'));
    expect(r.status).toBe(200);
  });
  afterAll(() => cell.close());

  it('replaces the attributes of a series, answering 200, an empty body and the log position', async () => {
    const r = await cell.meta('meta.a{k=v}{unit=%C2%B0C,src=x}');
    expect([r.status, r.body]).toEqual([200, '']);
    expect(r.position).toMatch(/^metadata:0=\d+$/);
    expect(await cell.findAll('meta.a{}')).toBe('meta.a{.app=app1,k=v}{src=x,unit=%C2%B0C}\n');
    expect((await cell.meta('meta.a{k=v}{src=y}')).status).toBe(200);
    expect(await cell.findAll('meta.a{}')).toBe('meta.a{.app=app1,k=v}{src=y}\n');
    expect((await cell.meta('meta.a{k=v}{}')).status).toBe(200);
    expect(await cell.findAll('meta.a{}')).toBe('meta.a{.app=app1,k=v}{}\n');
  });

  it('updates several series in one request, skipping empty and comment lines, from a gzip body', async () => {
    const r = await cell.meta('# attributes\nmeta.b{k=v}{x=1}\n\nmeta.c{k=v}{x=2}\r\n', { gzip: true });
    expect(r.status).toBe(200);
    expect(await cell.findAll('~meta\\.[bc]{}')).toBe('meta.b{.app=app1,k=v}{x=1}\nmeta.c{.app=app1,k=v}{x=2}\n');
  });

  it('ignores series the directory does not know, still answering 200', async () => {
    const r = await cell.meta('meta.unknown{k=v}{a=b}');
    expect(r.status).toBe(200);
    expect(await cell.findAll('meta.unknown{}')).toBe('');
    expect(await cell.findAll('~meta\\..*{}')).not.toContain('meta.unknown');
  });

  it('forces .producer, .owner and .app of the token: another producer addresses its own series, not this one', async () => {
    const other = cell.tokens({ owner: OWNER, producer: OTHER_OWNER }).write;
    expect((await cell.meta('meta.d{k=v,.producer=22222222-2222-4222-8222-222222222222}{x=stolen}', { token: other })).status).toBe(200);
    expect(await cell.findAll('meta.d{}')).toBe('meta.d{.app=app1,k=v}{}\n');
    const events = await cell.events('metadata');
    const last = events[events.length - 1];
    expect(last.type).toBe('AttributesUpdated');
    expect(Object.fromEntries(last.series.labels)).toEqual({ k: 'v', '.producer': OTHER_OWNER, '.owner': OWNER, '.app': 'app1' });
  });

  it.each([
    ['no attributes block', 'meta.a{k=v}'],
    ['text after the attributes', 'meta.a{k=v}{a=b} x'],
    ['no class name', '{k=v}{a=b}'],
    ['a bad label pair', 'meta.a{k}{a=b}'],
    ['an attribute named like a label', 'meta.a{k=v}{k=x}'],
    ['a reserved attribute name', 'meta.a{k=v}{.owner=x}'],
  ])('refuses a line with %s with 400 and appends nothing of the request', async (_name, line) => {
    const before = await cell.logSize();
    const r = await cell.meta(`meta.b{k=v}{x=changed}\n${line}\nmeta.c{k=v}{x=changed}`);
    expect([r.status, r.body]).toEqual([400, `${PREFIX}Invalid metadata ${line}`]);
    expect(r.position).toBe('');
    expect(await cell.logSize()).toEqual(before);
    expect(await cell.findAll('~meta\\.[bc]{}')).not.toContain('changed');
  });

  it('refuses X-Warp10-Attributes: delta unless ingress.attributes.allowdelta, and appends nothing', async () => {
    const before = await cell.logSize();
    const r = await cell.meta('meta.b{k=v}{x=9}', { headers: { 'X-Warp10-Attributes': 'delta' } });
    expect([r.status, r.body]).toEqual([400, `${PREFIX}Delta update of attributes is disabled.`]);
    expect(await cell.logSize()).toEqual(before);
  });

  const expired = () => cell.tokens({ issuedMs: BigInt(Date.now()) - 10_000n, ttlMs: 1_000n }).write;
  it.each([
    ['no token', () => null, 'Write token missing.'],
    ['a token that does not decode', () => 'not-a-token', 'Invalid token.'],
    ['a read token', () => cell.read, 'Invalid token.'],
    ['an expired token', expired, 'Token Expired.'],
    ['a token with .nometa', () => cell.tokens({ writeAttributes: new Map([['.nometa', 'true']]) }).write, 'Token cannot be used for updating metadata.'],
  ])('refuses %s with 403 and appends nothing', async (_name, token, message) => {
    const before = await cell.logSize();
    const r = await cell.meta('meta.b{k=v}{x=9}', { token: token() });
    expect([r.status, r.body]).toEqual([403, `${PREFIX}${message}`]);
    expect(await cell.logSize()).toEqual(before);
  });

  it('answers 413 to a body over ingress.http.maxbodysize, gzip or not, and appends nothing', async () => {
    const before = await cell.logSize();
    const body = Array.from({ length: 400 }, (_, i) => `meta.b{k=v}{x=${i}}`).join('\n');
    expect((await cell.meta(body)).status).toBe(413);
    expect((await cell.meta(body, { gzip: true })).status).toBe(413);
    expect(await cell.logSize()).toEqual(before);
  });

  it('accepts a body of comments only with 200 and appends nothing', async () => {
    const before = await cell.logSize();
    const r = await cell.meta('# nothing\n\n');
    expect([r.status, r.position]).toEqual([200, '']);
    expect(await cell.logSize()).toEqual(before);
  });
});

describe('/api/v0/meta: delta allowed', () => {
  let cell: IngressCell;
  beforeAll(async () => {
    cell = await IngressCell.start({ 'ingress.attributes.allowdelta': 'true' });
    expect((await cell.update('1000// delta.s{k=v} 1')).status).toBe(200);
  });
  afterAll(() => cell.close());

  it('merges with X-Warp10-Attributes: delta, an empty value removing the attribute', async () => {
    expect((await cell.meta('delta.s{k=v}{a=1,b=2}')).status).toBe(200);
    const r = await cell.meta('delta.s{k=v}{b=,c=3}', { headers: { 'X-Warp10-Attributes': 'delta' } });
    expect(r.status).toBe(200);
    expect(await cell.findAll('delta.s{}')).toBe('delta.s{.app=app1,k=v}{a=1,c=3}\n');
  });

  it('replaces without the header', async () => {
    expect((await cell.meta('delta.s{k=v}{z=0}')).status).toBe(200);
    expect(await cell.findAll('delta.s{}')).toBe('delta.s{.app=app1,k=v}{z=0}\n');
  });
});

describe('/api/v0/meta: warp.meta.disabled', () => {
  let cell: IngressCell;
  beforeAll(async () => {
    cell = await IngressCell.start({ 'warp.meta.disabled': 'Metadata updates are off.' });
  });
  afterAll(() => cell.close());

  it('answers 403 with the configured text and appends nothing', async () => {
    const r = await cell.meta('meta.s{k=v}{a=b}');
    expect([r.status, r.body]).toEqual([403, 'Metadata updates are off.']);
    expect(await cell.logSize()).toEqual({ data: 0, metadata: 0 });
  });
});
