import { ForbiddenError, TimeoutError, ValidationError } from '../../../domain/errors.js';
import type { DatapointStore } from '../../../domain/ports/datapoint-store.js';
import { DirectoryIndex } from '../../../projections/directory/directory-index.js';
import { IndexSeriesFinder } from '../../../projections/directory/index-series-finder.js';
import { openInMemoryStore } from '../../infrastructure/store/memory/in-memory-store.js';
import { TokenService } from '../shared/token.service.js';
import { app1, clock, codec, collect, ManualProgress, readToken, series, smallDataSet, testConfig } from './egress.fixture.js';
import { FetchDatapointsHandler } from './fetch-datapoints.handler.js';
import { FetchDatapointsQuery } from './fetch-datapoints.query.js';

// The handler on the in-memory store and a real DirectoryIndex, without HTTP.
describe('FetchDatapointsHandler (/api/v0/fetch, reference §7.1, §2.4, §6.3)', () => {
  let store: DatapointStore;
  let directory: DirectoryIndex;
  let progress: ManualProgress;
  const TOKEN = readToken();
  const RANGE = { start: '0', end: '5000' };

  beforeEach(async () => {
    store = openInMemoryStore().datapoints;
    directory = new DirectoryIndex();
    progress = new ManualProgress();
    let version = 0;
    for (const [s, points] of smallDataSet()) {
      directory.upsert(s);
      await store.apply([{ type: 'put', series: s.id, version: ++version, points }]);
    }
  });

  function handler(config: Record<string, string> = {}): FetchDatapointsHandler {
    return new FetchDatapointsHandler(testConfig(config), clock, store, new IndexSeriesFinder(directory), progress, new TokenService(codec, clock, testConfig(config)));
  }

  async function fetch(params: Record<string, string>, options: { token?: string; position?: string; config?: Record<string, string> } = {}): Promise<string> {
    const query = new FetchDatapointsQuery(new Map(Object.entries(params)), options.token, options.position);
    const response = await handler(options.config).execute(query);
    return collect(response.body);
  }

  const headers = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('='));

  it('lists each series once over several selectors, ordered by class then labels', async () => {
    // Given two selectors in reverse order that both match temp{room=kitchen}
    const out = await fetch({ ...RANGE, selector: 'temp{room~.*} ~.*{room=kitchen}' }, { token: TOKEN });
    // Then humidity comes first, and each temp series once, kitchen before living room
    expect(headers(out)).toEqual(['1000// humidity{room=kitchen,.app=app1} 42', '3000// temp{room=kitchen,.app=app1} 22.5', "1500// temp{room=living%20room,.app=app1} 'it%27s'"]);
  });

  it('replaces the user .app/.owner/.producer selectors by those of the token', async () => {
    const out = await fetch({ ...RANGE, selector: 'temp{.app=app2,.owner=x}' }, { token: TOKEN });
    expect(headers(out)).toHaveLength(2);
    expect(out).not.toContain('-1');
  });

  it('adds the label selectors of the token', async () => {
    const token = readToken({ labels: new Map([['room', '~kit.*']]) });
    expect(headers(await fetch({ ...RANGE, selector: '~.*{}' }, { token }))).toEqual([
      '1000// humidity{room=kitchen,.app=app1} 42',
      '3000// temp{room=kitchen,.app=app1} 22.5',
    ]);
  });

  it('reads the series of every owner the token lists', async () => {
    const token = readToken({ apps: [], owners: [], producers: [] });
    expect(headers(await fetch({ ...RANGE, selector: 'temp{room=kitchen}' }, { token }))).toEqual([
      '3000// temp{room=kitchen,.app=app1} 22.5',
      '1000// temp{room=kitchen,.app=app2} -1',
    ]);
  });

  it.each<[string, Record<string, string>, Record<string, string>]>([
    ['.expose on the token', { '.expose': '' }, {}],
    ['warp10.expose.owner.producer', {}, { 'warp10.expose.owner.producer': 'true' }],
  ])('shows .owner and .producer with %s', async (_, attributes, config) => {
    const out = await fetch({ ...RANGE, selector: 'humidity{}' }, { token: readToken({ attributes: new Map(Object.entries(attributes)) }), config });
    expect(out).toContain('.owner=11111111-1111-4111-8111-111111111111');
    expect(out).toContain('.producer=22222222-2222-4222-8222-222222222222');
  });

  it.each<[string, Record<string, string>, number[]]>([
    ['gskip', { gskip: '1' }, [1, 2]],
    ['gcount', { gcount: '2' }, [0, 1]],
    ['gskip then gcount', { gskip: '1', gcount: '1' }, [1]],
    ['activeafter (lastActivity, 0 when unknown)', { activeafter: '4000' }, [1]],
    ['quietafter', { quietafter: '4000' }, [0, 2]],
  ])('selects series with %s', async (_, params, expected) => {
    const all = headers(await fetch({ ...RANGE, selector: '~.*{}' }, { token: TOKEN }));
    expect(headers(await fetch({ ...RANGE, selector: '~.*{}', ...params }, { token: TOKEN }))).toEqual(expected.map((i) => all[i]));
  });

  it('caps what it reads by the token limits', async () => {
    const token = readToken({ attributes: new Map([['.count', '1']]) });
    expect(await fetch({ ...RANGE, selector: 'temp{room=kitchen}' }, { token })).toBe('3000// temp{room=kitchen,.app=app1} 22.5\n');
  });

  it.each<[string, Record<string, string>, string | undefined, Error]>([
    ['a missing token', { selector: 'a{}' }, undefined, new ForbiddenError('Read token missing.')],
    ['an invalid token', { selector: 'a{}' }, 'garbage', new ForbiddenError('Invalid token.')],
    ['.nofetch', { selector: 'a{}' }, readToken({ attributes: new Map([['.nofetch', '']]) }), new ForbiddenError('Token cannot be used for fetching data.')],
    ['.nofind', { selector: 'a{}' }, readToken({ attributes: new Map([['.nofind', '']]) }), new ForbiddenError('Token cannot be used for fetching data.')],
    ['hooks', { selector: 'a{}' }, readToken({ hooks: new Map([['h', 'NOOP']]) }), new ValidationError('Tokens with hooks cannot be used for fetching data.')],
    ['a missing selector', {}, TOKEN, new ValidationError("Missing 'selector' parameter.")],
    ['a malformed selector', { selector: 'nobraces' }, TOKEN, new ValidationError("cannot parse selector 'nobraces': expected CLASS{LABELS}")],
    ['a format Continuum does not serve', { selector: 'a{}', format: 'raw' }, TOKEN, new ValidationError("Format 'raw' is not supported.")],
  ])('refuses %s', async (_, params, token, error) => {
    const wait = fetch({ ...RANGE, ...params }, { token });
    await expect(wait).rejects.toBeInstanceOf(error.constructor);
    await expect(wait).rejects.toThrow(error.message);
  });

  it('checks the time parameters before the token, as Warp 10 does', async () => {
    await expect(fetch({ selector: 'a{}', end: '5' }, {})).rejects.toThrow("'count' is mandatory");
  });

  it('takes the token header over the token parameter', async () => {
    await expect(fetch({ ...RANGE, selector: 'humidity{}', token: 'garbage' }, { token: TOKEN })).resolves.toContain('humidity');
    await expect(fetch({ ...RANGE, selector: 'humidity{}', token: TOKEN }, { token: 'garbage' })).rejects.toThrow('Invalid token.');
    await expect(fetch({ ...RANGE, selector: 'humidity{}', token: TOKEN })).resolves.toContain('humidity');
  });

  it('waits for the store and directory read models when given a position, header over parameter', async () => {
    await fetch({ ...RANGE, selector: 'humidity{}', position: 'data:0=1' }, { token: TOKEN, position: 'data:0=7', config: { 'egress.position.maxwait': '123' } });
    expect(progress.calls.map((c) => [c.readModel, c.position.data?.get(0), c.timeoutMs])).toEqual([
      ['store', 7, 123],
      ['directory', 7, 123],
    ]);
  });

  it('answers 504 when a read model has not caught up', async () => {
    progress.applied.delete('directory');
    const wait = fetch({ ...RANGE, selector: 'humidity{}', position: 'metadata:0=3' }, { token: TOKEN });
    await expect(wait).rejects.toBeInstanceOf(TimeoutError);
    await expect(wait).rejects.toThrow("the 'directory' read model has not applied log position 'metadata:0=3'");
  });

  it('reads a series larger than a store page in pieces, in order', async () => {
    const big = series('big', app1([]));
    directory.upsert(big);
    const points = Array.from({ length: 25 }, (_, i) => ({ ts: BigInt(i), value: { type: 'LONG' as const, value: BigInt(i) } }));
    await store.apply([{ type: 'put', series: big.id, version: 99, points }]);
    const out = await fetch({ start: '0', end: '100', selector: 'big{}', format: 'fulltext', step: '2' }, { token: TOKEN, config: { 'egress.fetch.pagesize': '4' } });
    expect(out.split('\n').filter(Boolean).map((l) => Number(l.split('/')[0]))).toEqual([24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0]);
  });

  it('tells the controller to append errors only with showerrors', async () => {
    const query = (params: Record<string, string>) => new FetchDatapointsQuery(new Map(Object.entries({ ...RANGE, selector: 'a{}', ...params })), TOKEN, undefined);
    expect((await handler().execute(query({ showerrors: '' }))).showErrors).toBe(true);
    expect((await handler().execute(query({}))).showErrors).toBe(false);
  });
});
