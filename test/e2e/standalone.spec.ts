import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt } from '../harness/build.js';
import { Cell } from '../harness/cell.js';
import { expectStatus } from '../harness/expect-status.js';
import { normaliseJsonIds, type StandaloneContext } from './standalone/context.js';
import { fetchParamsSuite } from './standalone/fetch-params.suite.js';
import { findSuite } from './standalone/find.suite.js';
import { formatsSuite } from './standalone/formats.suite.js';
import { BODY_LIMIT, ingestSuite } from './standalone/ingest.suite.js';
import { metaDeleteSuite } from './standalone/meta-delete.suite.js';

// One standalone cell for the whole file, run as a user runs it (README contract), with a 1 MiB body limit
// so that 413 can be tested. Each suite writes its own classes (e2e.<suite>.*), so suites do not interfere.
jest.setTimeout(60_000);

let context: StandaloneContext | undefined;
const ctx = (): StandaloneContext => {
  if (context === undefined) throw new Error('the cell did not start (see beforeAll)');
  return context;
};

beforeAll(async () => {
  await ensureBuilt();
  const cell = await Cell.start({ env: { CONTINUUM_INGRESS_HTTP_MAXBODYSIZE: String(BODY_LIMIT) } });
  try {
    const owner = randomUUID();
    const writeToken = await cell.mintToken({ type: 'write', app: '', owner, producer: owner });
    const readToken = await cell.mintToken({ type: 'read', app: '', owner, producer: owner });
    context = { cell, owner, writeToken, readToken, client: cell.client({ read: readToken, write: writeToken }) };
  } catch (error) {
    await cell.destroy();
    throw error;
  }
}, 120_000);

afterAll(async () => {
  await context?.cell.destroy();
});

describe('standalone: first start', () => {
  it('creates continuum.conf with µs time units', () => {
    const conf = readFileSync(join(ctx().cell.dataDir, 'continuum.conf'), 'utf8');
    expect(conf).toMatch(/^warp\.timeunits\s*=\s*us\s*$/m);
  });

  it('writes tokens.txt whose tokens write and read, with owner and producer hidden', async () => {
    const { read, write } = ctx().cell.readTokens();
    const client = ctx().cell.client({ read, write });
    const w = await client.update('1000// e2e.first.s{k=v} 1');
    expectStatus(w, 200, ctx().cell);
    const r = await client.fetch({ selector: 'e2e.first.s{}', start: 0, end: 1000 }, { position: w.position });
    expectStatus(r, 200, ctx().cell);
    expect(r.body).toMatch(/^1000\/\/ e2e\.first\.s\{[^}]*\} 1\n$/);
    expect(r.body).toContain('k=v');
    expect(r.body).not.toMatch(/\.owner|\.producer/);
  });

  it('answers /api/v0/check with 200', async () => {
    expect((await ctx().client.check()).status).toBe(200);
  });

  it('warms up on a scratch cell before listening (runtime.warmup), and none of its data is in this one', async () => {
    const output = ctx().cell.output;
    expect(output).toMatch(/warmed up in \d+ ms/);
    expect(output.indexOf('warmed up in')).toBeLessThan(output.indexOf('listening on'));
    expect(output).not.toContain('warm-up skipped');
    const { read } = ctx().cell.readTokens();
    const found = await ctx().cell.client({ read }).find({ selector: 'warmup{}' });
    expectStatus(found, 200, ctx().cell);
    expect(found.body).toBe('');
  });
});

formatsSuite(ctx);
fetchParamsSuite(ctx);
findSuite(ctx);
metaDeleteSuite(ctx);
ingestSuite(ctx);

describe('standalone: token labels', () => {
  it('shows .app but hides .owner and .producer, and a reader of another owner sees nothing', async () => {
    const { cell } = ctx();
    const owner = randomUUID();
    const write = await cell.mintToken({ type: 'write', app: 'e2e.app', owner, producer: owner });
    const read = await cell.mintToken({ type: 'read', app: 'e2e.app', owner });
    const stranger = await cell.mintToken({ type: 'read', app: 'e2e.app', owner: randomUUID() });
    const client = cell.client({ read, write });
    const w = await client.update('1000// e2e.app.s{k=v} 1');
    expectStatus(w, 200, cell);
    const params = { selector: 'e2e.app.s{}', start: 0, end: 1000, sortmeta: 'true' };
    expect((await client.fetch(params, { position: w.position })).body).toBe('1000// e2e.app.s{.app=e2e.app,k=v} 1\n');
    expect((await client.find({ selector: 'e2e.app.s{}', sortmeta: 'true' }, { position: w.position })).body).toBe('e2e.app.s{.app=e2e.app,k=v}{}\n');
    expect((await client.fetch(params, { position: w.position, token: stranger })).body).toBe('');
  });
});

describe('standalone: restart', () => {
  it('keeps everything: same fetch and find bytes after SIGTERM and a new start', async () => {
    const { cell, client } = ctx();
    const w0 = await client.update("1000/45.0:-90.0/3 e2e.rst.s{k=v} 'x y'\n=2000// 1.50\n=3000// T\n1000// e2e.rst.t{k=w} -1");
    expectStatus(w0, 200, cell);
    const position = client.seenPosition;
    const all = { selector: '~e2e\\..*{}', start: 0, end: 10_000_000 };
    const snapshot = async () => ({
      text: (await client.fetch({ ...all, format: 'text' }, { position })).body,
      json: normaliseJsonIds((await client.fetch({ ...all, format: 'json' }, { position })).body),
      find: (await client.find({ selector: '~e2e\\..*{}', sortmeta: 'true' }, { position })).body,
    });
    const before = await snapshot();
    expect(before.text).toContain("3000// e2e.rst.s{k=v} T\n=2000// 1.5\n=1000/45.0:-90.0/3 'x%20y'\n1000// e2e.rst.t{k=w} -1\n");
    const tokens = readFileSync(join(cell.dataDir, 'tokens.txt'), 'utf8');
    const conf = readFileSync(join(cell.dataDir, 'continuum.conf'), 'utf8');

    await cell.stop();
    await cell.restart();

    expect(await snapshot()).toEqual(before);
    expect(readFileSync(join(cell.dataDir, 'tokens.txt'), 'utf8')).toBe(tokens);
    expect(readFileSync(join(cell.dataDir, 'continuum.conf'), 'utf8')).toBe(conf);
    const w = await client.update('1000// e2e.after.restart{k=v} 1');
    expectStatus(w, 200, cell);
    expect((await client.fetch({ selector: 'e2e.after.restart{}', start: 0, end: 1000 }, { position: w.position })).body).toBe('1000// e2e.after.restart{k=v} 1\n');
  });

  it('SIGTERM stops the cell cleanly with exit code 0', async () => {
    expect(await ctx().cell.stop()).toEqual({ code: 0, signal: null });
  });
});
