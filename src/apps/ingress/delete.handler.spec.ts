import { IngressCell, OTHER_OWNER, OWNER } from './ingress-cell.fixture.js';

// /api/v0/delete through HTTP against an in-memory standalone cell (reference §5.2, §2.3).
// Deletes pass the position of every write so far, so that the directory has the series they select.

const PREFIX = 'Error when deleting data: ';

/** The listing with the pairs of each block sorted and the lines sorted (Warp 10 leaves both orders unspecified). */
function sortedListing(body: string): string[] {
  expect(body === '' || body.endsWith('\r\n')).toBe(true);
  const sortBlock = (block: string) => block.split(',').filter((p) => p !== '').sort().join(',');
  return body
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      const m = /^([^{]*)\{([^}]*)\}\{([^}]*)\}$/.exec(line);
      if (m === null) throw new Error(`not CLASS{LABELS}{ATTRIBUTES}: ${line}`);
      return `${m[1]}{${sortBlock(m[2])}}{${sortBlock(m[3])}}`;
    })
    .sort();
}

describe('/api/v0/delete', () => {
  let cell: IngressCell;
  /** Write and read tokens of OWNER as its own producer, reading every producer of OWNER. */
  let owner: { read: string; write: string };
  /** OTHER_OWNER's tokens, same application. */
  let stranger: { read: string; write: string };

  const del = (params: Record<string, string | true>, token = owner.write) => cell.delete(params, { token, headers: { 'X-Continuum-Log-Position': cell.seen } });
  const fetchOwner = (selector: string) => cell.fetchAll(selector, cell.seen, {}, owner.read);

  beforeAll(async () => {
    cell = await IngressCell.start();
    owner = cell.tokens({ producer: OWNER, readProducers: [] });
    stranger = cell.tokens({ owner: OTHER_OWNER, producer: OTHER_OWNER });
    const range = [1000, 2000, 3000, 4000, 5000].map((t) => `${t}// del.r{k=v} ${t / 1000}`);
    expect((await cell.update([...range, '1000// del.keep{k=v} 1'].join('\n'), { token: owner.write })).status).toBe(200);
    expect((await cell.update('1000// del.all{k=a} 1\n2000// del.all{k=a} 2\n1000// del.all{k=b} 3', { token: owner.write })).status).toBe(200);
    expect((await cell.update('1000// del.byproducer{k=v} 1')).status).toBe(200);
    expect((await cell.update('1000// del.all{k=a} 1\n1000// del.byproducer{k=v} 1', { token: stranger.write })).status).toBe(200);
    expect((await cell.update('1000// del.all{k=a} 1', { token: cell.tokens({ app: 'app2', producer: OWNER }).write })).status).toBe(200);
  });
  afterAll(() => cell.close());

  it.each([
    ['a token whose producer is not its owner', () => cell.write, 'Invalid write token for deletion.'],
    ['a token with .nodelete', () => cell.tokens({ producer: OWNER, writeAttributes: new Map([['.nodelete', '']]) }).write, 'Token cannot be used for deletions.'],
    ['no token', () => null, 'Write token missing.'],
    ['a token that does not decode', () => 'not-a-token', 'Invalid token.'],
    ['a read token', () => owner.read, 'Invalid token.'],
  ])('refuses %s with 403 and deletes nothing', async (_name, token, message) => {
    const before = await cell.logSize();
    const r = await cell.delete({ selector: 'del.keep{}', deleteall: true }, { token: token() });
    expect([r.status, r.body]).toEqual([403, `${PREFIX}${message}`]);
    expect(await cell.logSize()).toEqual(before);
  });

  it.each([
    ['no selector', { deleteall: true }, "Missing 'selector' parameter."],
    ['an empty selector', { selector: '', deleteall: true }, "Missing 'selector' parameter."],
    ['start without end', { selector: 'del.keep{}', start: '0' }, 'Both start and end should be defined.'],
    ['end without start', { selector: 'del.keep{}', end: '0' }, 'Both start and end should be defined.'],
    ['neither a range nor deleteall', { selector: 'del.keep{}' }, 'Parameter deleteall or metaonly should be set when no time range is specified.'],
    ['start after end', { selector: 'del.keep{}', start: '2000', end: '1000' }, 'Invalid time range specification.'],
  ] as [string, Record<string, string | true>, string][])('refuses %s with 400 and deletes nothing', async (_name, params, message) => {
    const before = await cell.logSize();
    const r = await del(params);
    expect([r.status, r.body]).toEqual([400, `${PREFIX}${message}`]);
    expect(await cell.logSize()).toEqual(before);
  });

  it('refuses a malformed start with 400', async () => {
    const r = await del({ selector: 'del.keep{}', start: 'abc', end: '1000' });
    expect(r.status).toBe(400);
    expect(r.body.startsWith(PREFIX)).toBe(true);
  });

  it('dryrun lists the matching series and deletes nothing', async () => {
    const before = await cell.logSize();
    const r = await del({ selector: 'del.all{}', deleteall: true, dryrun: true });
    expect(r.status).toBe(200);
    expect(sortedListing(r.body)).toEqual(['del.all{.app=app1,k=a}{}', 'del.all{.app=app1,k=b}{}']);
    expect(await cell.logSize()).toEqual(before);
    expect(await fetchOwner('del.all{}')).toBe('2000// del.all{.app=app1,k=a} 2\n=1000// 1\n1000// del.all{.app=app1,k=b} 3\n');
  });

  it('deletes an inclusive range, lists the series, and keeps the series in find', async () => {
    const r = await del({ selector: 'del.r{k=v}', start: '2000', end: '4000' });
    expect(r.status).toBe(200);
    expect(sortedListing(r.body)).toEqual(['del.r{.app=app1,k=v}{}']);
    expect(r.position).toMatch(/^data:\d+=\d+$/);
    expect(await fetchOwner('del.r{}')).toBe('5000// del.r{.app=app1,k=v} 5\n=1000// 1\n');
    expect(await cell.findAll('del.r{}', cell.seen, owner.read)).toBe('del.r{.app=app1,k=v}{}\n');
    const deletions = (await cell.events('data')).filter((e) => e.type === 'DatapointsDeleted');
    expect(deletions).toEqual([expect.objectContaining({ start: 2000n, end: 4000n })]);
  });

  it('with both a range and deleteall, deletes the range only and keeps the series', async () => {
    expect((await cell.update('1000// del.both{k=v} 1\n2000// del.both{k=v} 2', { token: owner.write })).status).toBe(200);
    const before = (await cell.events('metadata')).filter((e) => e.type === 'SeriesDeleted').length;
    const r = await del({ selector: 'del.both{}', start: '2000', end: '2000', deleteall: true });
    expect(r.status).toBe(200);
    expect(await fetchOwner('del.both{}')).toBe('1000// del.both{.app=app1,k=v} 1\n');
    expect(await cell.findAll('del.both{}', cell.seen, owner.read)).toBe('del.both{.app=app1,k=v}{}\n');
    expect((await cell.events('metadata')).filter((e) => e.type === 'SeriesDeleted')).toHaveLength(before);
  });

  it('accepts ISO-8601 instants for the range', async () => {
    const r = await del({ selector: 'del.r{k=v}', start: '1970-01-01T00:00:00.005Z', end: '1970-01-01T00:00:00.005Z' });
    expect(r.status).toBe(200);
    expect(await fetchOwner('del.r{}')).toBe('1000// del.r{.app=app1,k=v} 1\n');
  });

  it("deleteall removes the owner's series of its application from fetch and find, and nothing else", async () => {
    const r = await del({ selector: 'del.all{}', deleteall: true });
    expect(r.status).toBe(200);
    expect(sortedListing(r.body)).toEqual(['del.all{.app=app1,k=a}{}', 'del.all{.app=app1,k=b}{}']);
    expect(r.position).toMatch(/metadata:0=\d+/);
    expect(await fetchOwner('del.all{}')).toBe('');
    expect(await cell.findAll('~del\\.(all|byproducer|keep|r){}', cell.seen, owner.read)).toBe('del.byproducer{.app=app1,k=v}{}\ndel.keep{.app=app1,k=v}{}\ndel.r{.app=app1,k=v}{}\n');
    expect(await cell.findAll('del.all{}', cell.seen, stranger.read)).toBe('del.all{.app=app1,k=a}{}\n');
    const app2 = cell.tokens({ app: 'app2', producer: OWNER }).read;
    expect(await cell.findAll('del.all{}', cell.seen, app2)).toBe('del.all{.app=app2,k=a}{}\n');
    const deleted = (await cell.events('metadata')).filter((e) => e.type === 'SeriesDeleted');
    expect(deleted.map((e) => e.series.labels.get('k')).sort()).toEqual(['a', 'b']);
  });

  it('ignores .owner and .app selectors of the request: they are forced from the token', async () => {
    const r = await del({ selector: `del.byproducer{.owner=${OTHER_OWNER},.app=app2}`, deleteall: true, dryrun: true });
    expect(r.status).toBe(200);
    expect(sortedListing(r.body)).toEqual(['del.byproducer{.app=app1,k=v}{}']);
  });

  it('reaches series of any producer of the owner (.producer is not forced)', async () => {
    const r = await del({ selector: 'del.byproducer{}', deleteall: true });
    expect(sortedListing(r.body)).toEqual(['del.byproducer{.app=app1,k=v}{}']);
    expect(await cell.findAll('del.byproducer{}', cell.seen, owner.read)).toBe('');
    expect(await cell.findAll('del.byproducer{}', cell.seen, stranger.read)).toBe('del.byproducer{.app=app1,k=v}{}\n');
  });

  it('forces the token labels on the selector', async () => {
    const labelled = cell.tokens({ producer: OWNER, labels: new Map([['env', 'prod']]) }).write;
    expect((await cell.update('1000// del.lab{k=1} 1', { token: labelled })).status).toBe(200);
    expect((await cell.update('1000// del.lab{k=2} 1', { token: owner.write })).status).toBe(200);
    const r = await del({ selector: 'del.lab{}', deleteall: true }, labelled);
    expect(sortedListing(r.body)).toEqual(['del.lab{.app=app1,env=prod,k=1}{}']);
    expect(await cell.findAll('del.lab{}', cell.seen, owner.read)).toBe('del.lab{.app=app1,k=2}{}\n');
  });

  it('shows .owner and .producer in the listing when the token has .expose', async () => {
    const exposing = cell.tokens({ producer: OWNER, writeAttributes: new Map([['.expose', '']]) }).write;
    const r = await del({ selector: 'del.keep{}', deleteall: true, dryrun: true }, exposing);
    expect(sortedListing(r.body)).toEqual([`del.keep{.app=app1,.owner=${OWNER},.producer=${OWNER},k=v}{}`]);
  });

  it('percent-encodes class, labels and attributes in the listing', async () => {
    expect((await cell.update('1000// del.enc%20x{k=a%2Cb%7D} 1', { token: owner.write })).status).toBe(200);
    expect((await cell.meta('del.enc%20x{k=a%2Cb%7D}{u=%C2%B0C}', { token: owner.write })).status).toBe(200);
    const r = await del({ selector: 'del.enc%20x{}', deleteall: true, dryrun: true });
    expect(sortedListing(r.body)).toEqual(['del.enc%20x{.app=app1,k=a%2Cb%7D}{u=%C2%B0C}']);
  });

  it('lists attributes in the listing', async () => {
    expect((await cell.meta('del.keep{k=v}{unit=m}', { token: owner.write })).status).toBe(200);
    const r = await del({ selector: 'del.keep{}', deleteall: true, dryrun: true });
    expect(sortedListing(r.body)).toEqual(['del.keep{.app=app1,k=v}{unit=m}']);
  });

  it('answers 200 with an empty body and no position when nothing matches', async () => {
    const r = await del({ selector: 'del.none{}', deleteall: true });
    expect([r.status, r.body, r.position]).toEqual([200, '', '']);
  });

  it('registers a series again when it is written after being deleted', async () => {
    expect((await cell.update('1000// del.again{k=v} 1', { token: owner.write })).status).toBe(200);
    expect((await del({ selector: 'del.again{}', deleteall: true })).status).toBe(200);
    expect(await cell.findAll('del.again{}', cell.seen, owner.read)).toBe('');
    expect((await cell.update('2000// del.again{k=v} 2', { token: owner.write })).status).toBe(200);
    expect(await cell.findAll('del.again{}', cell.seen, owner.read)).toBe('del.again{.app=app1,k=v}{}\n');
    expect(await fetchOwner('del.again{}')).toBe('2000// del.again{.app=app1,k=v} 2\n');
    expect((await cell.registered()).filter((s) => s.className === 'del.again')).toHaveLength(2);
  });

  it('refuses a malformed log position with 400', async () => {
    const r = await cell.delete({ selector: 'del.keep{}', deleteall: true }, { token: owner.write, headers: { 'X-Continuum-Log-Position': 'nope' } });
    expect(r.status).toBe(400);
    expect(r.body).toContain('cannot read log position');
  });

});

describe('/api/v0/delete: warp.delete.disabled', () => {
  let cell: IngressCell;
  beforeAll(async () => {
    cell = await IngressCell.start({ 'warp.delete.disabled': 'Deletes are off.' });
  });
  afterAll(() => cell.close());

  it('answers 403 with the configured text', async () => {
    const r = await cell.delete({ selector: 'x{}', deleteall: true }, { token: cell.tokens({ producer: OWNER }).write });
    expect([r.status, r.body]).toEqual([403, 'Deletes are off.']);
  });
});
