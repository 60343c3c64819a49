import type { Datapoint } from '../datapoints/datapoint.js';
import { binary, bool, decimal, double, long, string } from '../datapoints/value.js';
import { toGeoPoint } from '../series/geo.js';
import { plasmaMessageLimit, renderPlasmaChunk, seriesPrefix, type PlasmaRenderOptions, type RenderedFormat } from './plasma-render.js';

const series = { className: 'temp room', labels: new Map([['site', 'a,b'], ['.owner', 'o1'], ['.producer', 'p1'], ['.app', 'app']]) };
const points: Datapoint[] = [
  { ts: 3n, value: long(42n) },
  { ts: 1n, geo: toGeoPoint(45, 90), elev: 120n, value: double(1.5) },
  { ts: 2n, elev: -3n, value: decimal(150n, 2) },
  { ts: 4n, value: bool(true) },
  { ts: 5n, value: string("it's") },
  { ts: 6n, value: binary(Uint8Array.of(1, 2, 3)) },
];
const opts = (format: RenderedFormat, extra: Partial<PlasmaRenderOptions> = {}): PlasmaRenderOptions => ({ format, expose: false, maxChars: 1_000_000, ...extra });
const LOC = '45.0:90.0';

describe('renderPlasmaChunk', () => {
  it.each([
    ['TEXT', false],
    ['FULLTEXT', true],
    ['JSON', false],
    ['JSON', true],
  ] as const)('%s (expose %s): a kept seriesPrefix renders the same messages as none', (format, expose) => {
    const kept = seriesPrefix(series, format, expose);
    expect(renderPlasmaChunk(series, points, opts(format, { expose, maxChars: 60, prefix: kept }))).toEqual(renderPlasmaChunk(series, points, opts(format, { expose, maxChars: 60 })));
  });


  it('TEXT: a full first line, then = lines, in arrival order, each ending with \\n', () => {
    expect(renderPlasmaChunk(series, points, opts('TEXT'))).toEqual([{
      points: 6,
      text: [
        '3// temp%20room{site=a%2Cb,.app=app} 42',
        `=1/${LOC}/120 1.5`,
        '=2//-3 1.5',
        '=4// T',
        "=5// 'it%27s'",
        '=6// b64:AQID',
        '',
      ].join('\n'),
    }]);
  });

  it('FULLTEXT: every line carries class and labels; expose shows owner and producer', () => {
    const [m] = renderPlasmaChunk(series, points.slice(0, 2), opts('FULLTEXT', { expose: true }));
    expect(m.text).toBe(`3// temp%20room{site=a%2Cb,.owner=o1,.producer=p1,.app=app} 42\n1/${LOC}/120 temp%20room{site=a%2Cb,.owner=o1,.producer=p1,.app=app} 1.5\n`);
  });

  it('JSON: one array of objects with lat/lon/elev only when present', () => {
    const [m] = renderPlasmaChunk(series, points.slice(0, 3), opts('JSON'));
    const c = '"c":"temp room","l":{"site":"a,b",".app":"app"}';
    expect(m.text).toBe(`[{${c},"t":3,"v":42},{${c},"t":1,"v":1.5,"lat":45.0,"lon":90.0,"elev":120},{${c},"t":2,"v":1.5,"elev":-3}]`);
    expect(JSON.parse(m.text)).toHaveLength(3);
  });

  it.each<RenderedFormat>(['TEXT', 'FULLTEXT', 'JSON'])('%s: splits before a message would pass the limit, each message self-contained', (format) => {
    const many: Datapoint[] = Array.from({ length: 200 }, (_, i) => ({ ts: BigInt(i), value: long(BigInt(i)) }));
    const maxChars = plasmaMessageLimit(2000);
    const messages = renderPlasmaChunk(series, many, opts(format, { maxChars }));
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.reduce((n, m) => n + m.points, 0)).toBe(200);
    for (const m of messages) {
      expect(m.text.length).toBeLessThanOrEqual(maxChars);
      if (format === 'JSON') expect(JSON.parse(m.text)).toHaveLength(m.points);
      else {
        expect(m.text.endsWith('\n')).toBe(true);
        expect(m.text.startsWith('=')).toBe(false);
        expect(m.text.split('\n')).toHaveLength(m.points + 1);
      }
    }
  });

  it('sends a point longer than the limit alone', () => {
    const big: Datapoint[] = [{ ts: 1n, value: string('x'.repeat(300)) }, { ts: 2n, value: long(1n) }];
    const messages = renderPlasmaChunk(series, big, opts('TEXT', { maxChars: 100 }));
    expect(messages.map((m) => m.points)).toEqual([1, 1]);
  });

  it('skips sampled-out points and renders nothing when none is kept', () => {
    let i = 0;
    const keepEven = (): boolean => i++ % 2 === 0;
    const [m] = renderPlasmaChunk(series, points, opts('FULLTEXT', { keep: keepEven }));
    expect(m.points).toBe(3);
    expect(renderPlasmaChunk(series, points, opts('TEXT', { keep: () => false }))).toEqual([]);
  });

  it('90% of the max message size is the split limit', () => {
    expect(plasmaMessageLimit(1048576)).toBe(943718);
  });
});
