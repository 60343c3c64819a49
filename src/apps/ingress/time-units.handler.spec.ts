import { IngressCell } from './ingress-cell.fixture.js';

// warp.timeunits (reference §13): "now" and ISO-8601 parameters follow the platform unit; explicit timestamps
// are taken as given.
describe.each([
  ['ms', 1_000n],
  ['us', 1_000_000n],
  ['ns', 1_000_000_000n],
] as const)('ingest and fetch with warp.timeunits = %s', (unit, perSecond) => {
  let cell: IngressCell;
  beforeAll(async () => (cell = await IngressCell.start({ 'warp.timeunits': unit })));
  afterAll(() => cell.close());

  it('stamps points without a timestamp with now in platform units', async () => {
    const before = BigInt(Date.now()) * (perSecond / 1000n);
    expect((await cell.update('// units.now{} 1')).status).toBe(200);
    const after = BigInt(Date.now() + 1) * (perSecond / 1000n);
    const ts = BigInt((await cell.fetchAll('units.now{}')).split('/')[0]);
    expect(ts >= before && ts <= after).toBe(true);
  });

  it('reads ISO-8601 fetch bounds in platform units', async () => {
    const t = 1_600_000_000n * perSecond; // 2020-09-13T12:26:40Z
    expect((await cell.update(`${t}// units.iso{} 1\n${t + perSecond}// units.iso{} 2`)).status).toBe(200);
    const text = await cell.fetchAll('units.iso{}', cell.seen, { start: '2020-09-13T12:26:40Z', end: '2020-09-13T12:26:40.5Z', sortmeta: 'true' });
    expect(text).toBe(`${t}// units.iso{.app=app1} 1\n`);
  });
});
