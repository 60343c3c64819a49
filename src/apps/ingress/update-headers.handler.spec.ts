import { IngressCell } from './ingress-cell.fixture.js';

// /api/v0/update request headers and time limits (reference §1.2, §1.5, §1.6), against an in-memory cell.
// Platform time unit: µs (the default).

const PREFIX = 'Error when updating data: ';
const nowUs = () => BigInt(Date.now()) * 1000n;
const attrs = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('/api/v0/update: X-Warp10-Now and X-Warp10-Timeshift', () => {
  let cell: IngressCell;
  beforeAll(async () => {
    cell = await IngressCell.start();
  });
  afterAll(() => cell.close());

  const update = (body: string, headers: Record<string, string>) => cell.update(body, { headers });

  it('an absolute X-Warp10-Now is the timestamp of lines without one, and the base of T-relative ones', async () => {
    const r = await update('// now.abs{k=v} 1\nT-100// now.abs{k=v} 2\nT+5// now.abs{k=v} 3\n7// now.abs{k=v} 4', { 'X-Warp10-Now': '5000' });
    expect(r.status).toBe(200);
    expect(await cell.timestamps('now.abs')).toEqual([5000n, 4900n, 5005n, 7n]);
  });

  it.each([
    ['+1000000', 1_000_000n],
    ['-1000000', -1_000_000n],
  ])('X-Warp10-Now %s shifts the server clock', async (header, delta) => {
    const className = `now.rel${delta > 0n ? 'plus' : 'minus'}`;
    const before = nowUs();
    expect((await update(`// ${className}{k=v} 1`, { 'X-Warp10-Now': header })).status).toBe(200);
    const after = nowUs();
    const [ts] = await cell.timestamps(className);
    expect(ts).toBeGreaterThanOrEqual(before + delta);
    expect(ts).toBeLessThanOrEqual(after + delta);
  });

  it('X-Warp10-Now * reads the server clock for every line', async () => {
    const before = nowUs();
    expect((await update('// now.star{k=v} 1\n// now.star{k=v} 2', { 'X-Warp10-Now': '*' })).status).toBe(200);
    const after = nowUs();
    const stamps = await cell.timestamps('now.star');
    expect(stamps).toHaveLength(2);
    for (const ts of stamps) {
      expect(ts).toBeGreaterThanOrEqual(before);
      expect(ts).toBeLessThanOrEqual(after);
    }
  });

  it('without X-Warp10-Now, lines without timestamp get the server clock', async () => {
    const before = nowUs();
    expect((await update('// now.none{k=v} 1', {})).status).toBe(200);
    const [ts] = await cell.timestamps('now.none');
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(nowUs());
  });

  it.each(['abc', '1.5', '+x', '12345678901234567890', '*1'])('refuses X-Warp10-Now %j with 400 and appends nothing', async (header) => {
    const before = await cell.logSize();
    const r = await update('1000// now.bad{k=v} 1', { 'X-Warp10-Now': header });
    expect([r.status, r.body]).toEqual([400, `${PREFIX}Invalid base timestamp.`]);
    expect(await cell.logSize()).toEqual(before);
  });

  it.each([
    ['a long', '1000', 'shift.long', 6000n],
    ['a negative long', '-1000', 'shift.neg', 4000n],
    ['an ISO-8601 duration', 'PT1S', 'shift.iso', 1_005_000n],
    ['a negative ISO-8601 duration', '-PT0.001S', 'shift.isoneg', 4000n],
    ['an ISO-8601 duration in days', 'P1D', 'shift.days', 86_400_005_000n],
  ])('X-Warp10-Timeshift as %s shifts every timestamp', async (_name, header, className, expected) => {
    const r = await update(`5000// ${className}{k=v} 1`, { 'X-Warp10-Timeshift': header });
    expect(r.status).toBe(200);
    expect(await cell.timestamps(className)).toEqual([expected]);
  });

  it('X-Warp10-Timeshift also shifts timestamps relative to X-Warp10-Now', async () => {
    const r = await update('T-100// shift.now{k=v} 1\n// shift.now{k=v} 2', { 'X-Warp10-Now': '5000', 'X-Warp10-Timeshift': '10' });
    expect(r.status).toBe(200);
    expect(await cell.timestamps('shift.now')).toEqual([4910n, 5010n]);
  });

  it.each(['xyz', 'P', '1s', 'PT', '1.5'])('refuses X-Warp10-Timeshift %j with 400 and appends nothing', async (header) => {
    const before = await cell.logSize();
    const r = await update('1000// shift.bad{k=v} 1', { 'X-Warp10-Timeshift': header });
    expect([r.status, r.body]).toEqual([400, `${PREFIX}Invalid timeshift.`]);
    expect(await cell.logSize()).toEqual(before);
  });
});

describe('/api/v0/update: attributes, off by default', () => {
  let cell: IngressCell;
  beforeAll(async () => {
    cell = await IngressCell.start();
  });
  afterAll(() => cell.close());

  it('skips an attributes block silently when ingress.parse.attributes is off', async () => {
    const r = await cell.update('1000// attr.off{k=v}{a=b} 1');
    expect(r.status).toBe(200);
    expect(await cell.findAll('attr.off{}', r.position)).toBe('attr.off{.app=app1,k=v}{}\n');
    expect(await cell.fetchAll('attr.off{}', r.position)).toBe('1000// attr.off{.app=app1,k=v} 1\n');
  });

  it('refuses X-Warp10-Attributes: delta unless ingress.attributes.allowdelta, and appends nothing', async () => {
    const before = await cell.logSize();
    const r = await cell.update('1000// attr.delta{k=v}{a=b} 1', { headers: { 'X-Warp10-Attributes': 'delta' } });
    expect([r.status, r.body]).toEqual([400, `${PREFIX}Delta update of attributes is disabled.`]);
    expect(await cell.logSize()).toEqual(before);
  });
});

describe('/api/v0/update: attributes, parsed and delta allowed', () => {
  let cell: IngressCell;
  beforeAll(async () => {
    cell = await IngressCell.start({ 'ingress.parse.attributes': 'true', 'ingress.attributes.allowdelta': 'true' });
  });
  afterAll(() => cell.close());

  it('sets the attributes of the series, and a later block replaces them', async () => {
    const first = await cell.update('1000// attr.on{k=v}{a=1,b=2} 1');
    expect(await cell.findAll('attr.on{}', first.position)).toBe('attr.on{.app=app1,k=v}{a=1,b=2}\n');
    const second = await cell.update('2000// attr.on{k=v}{c=3} 2');
    expect(await cell.findAll('attr.on{}', second.position)).toBe('attr.on{.app=app1,k=v}{c=3}\n');
  });

  it('merges with X-Warp10-Attributes: delta, an empty value removing the attribute', async () => {
    await cell.update('1000// attr.merge{k=v}{a=1,b=2} 1');
    const r = await cell.update('2000// attr.merge{k=v}{b=,c=3} 2', { headers: { 'X-Warp10-Attributes': 'delta' } });
    expect(r.status).toBe(200);
    expect(await cell.findAll('attr.merge{}', r.position)).toBe('attr.merge{.app=app1,k=v}{a=1,c=3}\n');
  });

  it('keeps the attributes when a later write has no block', async () => {
    await cell.update('1000// attr.keep{k=v}{a=1} 1');
    const r = await cell.update('2000// attr.keep{k=v} 2');
    expect(r.status).toBe(200);
    expect(await cell.findAll('attr.keep{}')).toBe('attr.keep{.app=app1,k=v}{a=1}\n');
  });
});

// Windows of hours around the server clock, so that the time a request takes never matters.
const HOUR_MS = 3_600_000n;
const past = (ms: bigint) => nowUs() - ms * 1000n;
const future = (ms: bigint) => nowUs() + ms * 1000n;

describe('/api/v0/update: maxpast and maxfuture (defaults, token attributes, overrides)', () => {
  let cell: IngressCell;
  beforeAll(async () => {
    cell = await IngressCell.start({ 'ingress.maxpast.default': String(HOUR_MS), 'ingress.maxfuture.override': String(HOUR_MS) });
  });
  afterAll(() => cell.close());

  const send = (body: string, writeAttributes: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    cell.update(body, { headers, token: cell.tokens({ writeAttributes: attrs(writeAttributes) }).write });

  it('accepts points within ingress.maxpast.default of now', async () => {
    const [old, now] = [past(HOUR_MS - 60_000n), nowUs()];
    expect((await send(`${old}// win.in{k=v} 1\n${now}// win.in{k=v} 2`)).status).toBe(200);
    expect(await cell.timestamps('win.in')).toEqual([old, now]);
  });

  it('refuses a point beyond ingress.maxpast.default with 400 naming it, and appends nothing of the request', async () => {
    const before = await cell.logSize();
    const old = past(2n * HOUR_MS);
    const r = await send(`${nowUs()}// win.past{k=v} 1\n${old}// win.past{k=v} 2`);
    expect(r.status).toBe(400);
    expect(r.body).toMatch(new RegExp(`^${PREFIX}Parse error at index \\d+ in '${old}// win\\.past\\{k=v\\} 2' \\(Timestamp ${old} is too far in the past\\.\\) at line 2$`));
    expect(await cell.logSize()).toEqual(before);
  });

  it('lets the token attribute .maxpast widen the default', async () => {
    const widened = { '.maxpast': String(3n * HOUR_MS) };
    const old = past(2n * HOUR_MS);
    expect((await send(`${old}// win.tokpast{k=v} 1`, widened)).status).toBe(200);
    expect((await send(`${past(4n * HOUR_MS)}// win.tokpast{k=v} 2`, widened)).status).toBe(400);
    expect(await cell.timestamps('win.tokpast')).toEqual([old]);
  });

  it('keeps ingress.maxfuture.override over the token attribute .maxfuture', async () => {
    const ahead = future(2n * HOUR_MS);
    const r = await send(`${ahead}// win.future{k=v} 1`, { '.maxfuture': String(3n * HOUR_MS) });
    expect(r.status).toBe(400);
    expect(r.body).toContain(`(Timestamp ${ahead} is too far in the future.) at line 1`);
    expect((await send(`${future(HOUR_MS - 60_000n)}// win.future{k=v} 1`, { '.maxfuture': String(3n * HOUR_MS) })).status).toBe(200);
  });

  it('measures the window from the server clock: X-Warp10-Now does not move it (Warp 10 Ingress computes it first)', async () => {
    const old = past(2n * HOUR_MS);
    const r = await send(`// win.nowheader{k=v} 1\n${old}// win.nowheader{k=v} 2`, {}, { 'X-Warp10-Now': String(old) });
    expect(r.status).toBe(400);
    expect(r.body).toContain(`(Timestamp ${old} is too far in the past.) at line 1`);
  });

  it.each([['.ignoor', 'true'], ['.ignoor', 'T']])('drops out-of-range points silently with token attribute %s=%s', async (name, value) => {
    const className = `win.ignoor${value}`;
    const now = nowUs();
    const r = await send(`${past(2n * HOUR_MS)}// ${className}{k=v} 1\n${now}// ${className}{k=v} 2\n${future(2n * HOUR_MS)}// ${className}{k=v} 3`, { [name]: value });
    expect(r.status).toBe(200);
    expect(await cell.timestamps(className)).toEqual([now]);
  });

  it.each([['.maxpast', '-1'], ['.maxfuture', '-5']])('refuses a negative token attribute %s with 400', async (name, value) => {
    const r = await send(`${nowUs()}// win.negative{k=v} 1`, { [name]: value });
    expect([r.status, r.body]).toEqual([400, `${PREFIX}Invalid '${name}' token attribute, MUST be positive.`]);
  });
});

describe('/api/v0/update: ingress.outofrange.ignore', () => {
  let cell: IngressCell;
  beforeAll(async () => {
    cell = await IngressCell.start({ 'ingress.maxpast.default': String(HOUR_MS), 'ingress.outofrange.ignore': 'true' });
  });
  afterAll(() => cell.close());

  const send = (body: string, writeAttributes: Record<string, string> = {}) => cell.update(body, { token: cell.tokens({ writeAttributes: attrs(writeAttributes) }).write });

  it('drops out-of-range points and keeps the others', async () => {
    const now = nowUs();
    const r = await send(`${past(2n * HOUR_MS)}// ign.s{k=v} 1\n${now}// ign.s{k=v} 2`);
    expect(r.status).toBe(200);
    expect(await cell.fetchAll('ign.s{}')).toBe(`${now}// ign.s{.app=app1,k=v} 2\n`);
  });

  it('answers 200 and appends nothing when every point is out of range', async () => {
    const before = await cell.logSize();
    expect((await send(`${past(2n * HOUR_MS)}// ign.none{k=v} 1`)).status).toBe(200);
    expect(await cell.logSize()).toEqual(before);
  });

  it('lets the token attribute .ignoor=false turn the drop back into an error', async () => {
    const r = await send(`${past(2n * HOUR_MS)}// ign.strict{k=v} 1`, { '.ignoor': 'false' });
    expect(r.status).toBe(400);
    expect(r.body).toContain('is too far in the past.');
  });
});
