import { seriesUuid } from '../../../domain/series/series-id.js';
import { openInMemoryStore } from '../../infrastructure/store/memory/in-memory-store.js';
import { type EgressApp, readToken, smallDataSet, startEgress } from './egress.fixture.js';

// Expected bytes follow reference §6.4 (text lines `PE(class){labels}{attributes}`, owner and producer hidden;
// JSON `[\n` objects `,\n` `\n]`), series in class then labels order.
const TOKEN = readToken();
const ALL = 'selector=~.*%7B%7D';

describe('/api/v0/find over HTTP (reference §6.4)', () => {
  let egress: EgressApp;
  beforeAll(async () => {
    egress = await startEgress(openInMemoryStore().datapoints);
    for (const [s] of smallDataSet()) await egress.add(s, []);
  });
  afterAll(() => egress.close());

  const find = (query: string, headers: Record<string, string> = { 'X-Warp10-Token': TOKEN }) => egress.inject({ url: `/api/v0/find?${query}`, headers });

  it.each([
    ['text (attributes shown by default)', '', 'humidity{room=kitchen,.app=app1}{}\ntemp{room=kitchen,.app=app1}{unit=C}\ntemp{room=living%20room,.app=app1}{}\n'],
    ['showattr=false', '&showattr=false', 'humidity{room=kitchen,.app=app1}\ntemp{room=kitchen,.app=app1}\ntemp{room=living%20room,.app=app1}\n'],
    ['sortmeta=true', '&sortmeta=true', 'humidity{.app=app1,room=kitchen}{}\ntemp{.app=app1,room=kitchen}{unit=C}\ntemp{.app=app1,room=living%20room}{}\n'],
    [
      'format=json',
      '&format=json',
      '[\n' +
        '{"c":"humidity","l":{"room":"kitchen",".app":"app1"},"a":{},"la":0},\n' +
        '{"c":"temp","l":{"room":"kitchen",".app":"app1"},"a":{"unit":"C"},"la":5000},\n' +
        '{"c":"temp","l":{"room":"living room",".app":"app1"},"a":{},"la":0}\n' +
        ']\n',
    ],
  ])('answers %s with the reference bytes', async (_, extra, expected) => {
    const res = await find(`${ALL}${extra}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.body).toBe(expected);
  });

  it('answers an empty JSON array when nothing matches', async () => {
    expect((await find('selector=none%7B%7D&format=json')).body).toBe('[\n\n]\n');
  });

  it('adds the .uuid attribute with showuuid=true', async () => {
    const [[kitchen]] = smallDataSet();
    const res = await find('selector=temp%7Broom%3Dkitchen%7D&showuuid=true');
    expect(res.body).toBe(`temp{room=kitchen,.app=app1}{unit=C,.uuid=${seriesUuid(kitchen.id)}}\n`);
    expect(seriesUuid(kitchen.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('shows .owner and .producer with an .expose token', async () => {
    const res = await find('selector=humidity%7B%7D&showattr=false', { 'X-Warp10-Token': readToken({ attributes: new Map([['.expose', '']]) }) });
    expect(res.body).toBe('humidity{room=kitchen,.app=app1,.owner=11111111-1111-4111-8111-111111111111,.producer=22222222-2222-4222-8222-222222222222}\n');
  });

  it('takes parameters from a POST form body, the token parameter over the header', async () => {
    const res = await egress.inject({
      method: 'POST',
      url: '/api/v0/find?gcount=1',
      headers: { 'X-Warp10-Token': 'garbage', 'content-type': 'application/x-www-form-urlencoded' },
      payload: `${ALL}&token=${TOKEN}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('humidity{room=kitchen,.app=app1}{}\n');
  });

  it.each([
    ['no token', ALL, {}, 403, 'Missing token.'],
    ['a bad token', `${ALL}&token=nope`, {}, 403, 'Missing or invalid token.'],
    ['no selector', '', { 'X-Warp10-Token': TOKEN }, 400, "Missing 'selector' parameter."],
    ['a stale position', `${ALL}&position=metadata:0=9`, { 'X-Warp10-Token': TOKEN }, 504, "the 'directory' read model has not applied log position 'metadata:0=9'"],
  ])('answers %s with the status and message', async (_, query, headers, status, message) => {
    egress.progress.applied.delete('directory');
    const res = await find(query, headers);
    egress.progress.applied.add('directory');
    expect(res.statusCode).toBe(status);
    expect(res.body).toContain(message);
  });
});
