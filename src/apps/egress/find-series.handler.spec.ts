import { ForbiddenError, TimeoutError, ValidationError } from '../../../domain/errors.js';
import { DirectoryIndex } from '../../../projections/directory/directory-index.js';
import { IndexSeriesFinder } from '../../../projections/directory/index-series-finder.js';
import { TokenService } from '../shared/token.service.js';
import { clock, codec, collect, ManualProgress, readToken, smallDataSet, testConfig } from './egress.fixture.js';
import { FindSeriesHandler } from './find-series.handler.js';
import { FindSeriesQuery } from './find-series.query.js';

// The handler on a real DirectoryIndex, without HTTP (reference §6.4).
describe('FindSeriesHandler (/api/v0/find, reference §6.4)', () => {
  let directory: DirectoryIndex;
  let progress: ManualProgress;
  const TOKEN = readToken();
  const HUMIDITY = 'humidity{room=kitchen,.app=app1}{}';
  const KITCHEN = 'temp{room=kitchen,.app=app1}{unit=C}';
  const LIVING = 'temp{room=living%20room,.app=app1}{}';

  beforeEach(() => {
    directory = new DirectoryIndex();
    progress = new ManualProgress();
    for (const [s] of smallDataSet()) directory.upsert(s);
  });

  async function find(params: Record<string, string>, tokenHeader?: string, positionHeader?: string): Promise<string[]> {
    const handler = new FindSeriesHandler(testConfig({ 'egress.position.maxwait': '77' }), new IndexSeriesFinder(directory), progress, new TokenService(codec, clock, testConfig()));
    const response = await handler.execute(new FindSeriesQuery(new Map(Object.entries(params)), tokenHeader, positionHeader));
    return (await collect(response.body)).split('\n').filter(Boolean);
  }

  it('lists the series of each selector in turn, duplicates included, each in class then labels order', async () => {
    expect(await find({ selector: 'temp{} ~.*{room=kitchen}', token: TOKEN })).toEqual([KITCHEN, LIVING, HUMIDITY, KITCHEN]);
  });

  it.each<[Record<string, string>, string[]]>([
    [{ gskip: '1' }, [LIVING, HUMIDITY, KITCHEN]],
    [{ gcount: '3' }, [KITCHEN, LIVING, HUMIDITY]],
    [{ limit: '1' }, [KITCHEN]],
    [{ limit: '1', gcount: '2' }, [KITCHEN, LIVING]],
    [{ gskip: '2', gcount: '1' }, [HUMIDITY]],
    [{ activeafter: '4000' }, [KITCHEN, KITCHEN]],
    [{ quietafter: '4000' }, [LIVING, HUMIDITY]],
  ])('counts %p over the whole answer', async (params, expected) => {
    expect(await find({ selector: 'temp{} ~.*{room=kitchen}', token: TOKEN, ...params })).toEqual(expected);
  });

  it('takes the token parameter over the header', async () => {
    await expect(find({ selector: 'humidity{}', token: TOKEN }, 'garbage')).resolves.toEqual([HUMIDITY]);
    await expect(find({ selector: 'humidity{}', token: 'garbage' }, TOKEN)).rejects.toThrow('Missing or invalid token.');
    await expect(find({ selector: 'humidity{}' }, TOKEN)).resolves.toEqual([HUMIDITY]);
  });

  it.each<[string, Record<string, string>, Error]>([
    ['no token', { selector: 'a{}' }, new ForbiddenError('Missing token.')],
    ['an invalid token', { selector: 'a{}', token: 'garbage' }, new ForbiddenError('Missing or invalid token.')],
    ['an empty token', { selector: 'a{}', token: '' }, new ForbiddenError('Missing or invalid token.')],
    ['an expired token', { selector: 'a{}', token: readToken({ expiry: 1n }) }, new ForbiddenError('Missing or invalid token.')],
    ['.nofind', { selector: 'a{}', token: readToken({ attributes: new Map([['.nofind', '']]) }) }, new ForbiddenError('Token cannot be used for finding metadata.')],
    ['no selector', { token: TOKEN }, new ValidationError("Missing 'selector' parameter.")],
    ['a bad gskip', { selector: 'a{}', token: TOKEN, gskip: 'x' }, new ValidationError('For input string: "x"')],
  ])('refuses %s', async (_, params, error) => {
    const wait = find(params);
    await expect(wait).rejects.toBeInstanceOf(error.constructor);
    await expect(wait).rejects.toThrow(error.message);
  });

  it('finds even with .nofetch, which only forbids fetching', async () => {
    expect(await find({ selector: 'humidity{}', token: readToken({ attributes: new Map([['.nofetch', '']]) }) })).toEqual([HUMIDITY]);
  });

  it('waits for the directory read model only, header over parameter', async () => {
    await find({ selector: 'humidity{}', token: TOKEN, position: 'metadata:0=1' }, undefined, 'metadata:0=4');
    expect(progress.calls.map((c) => [c.readModel, c.position.metadata?.get(0), c.timeoutMs])).toEqual([['directory', 4, 77]]);
    progress.applied.delete('directory');
    await expect(find({ selector: 'humidity{}', token: TOKEN, position: 'metadata:0=1' })).rejects.toBeInstanceOf(TimeoutError);
  });
});
