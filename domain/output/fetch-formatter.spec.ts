import { type Datapoint } from '../datapoints/datapoint.js';
import { PointColumns } from '../datapoints/point-columns.js';
import { bool, decimal, double, long, string } from '../datapoints/value.js';
import { toGeoPoint } from '../series/geo.js';
import { seriesIdFromHex } from '../series/series.js';
import { ByteSink } from '../text/byte-sink.js';
import { fetchFormatter } from './fetch-formatter.js';
import { type FetchFormatOptions, type OutputSeries } from './output-series.js';

// Fixtures. (45, 90) and (0, 0) quantise exactly (reference §3.4), so they print as 45.0/90.0.
const pt = (ts: bigint, value: Datapoint['value'], geo?: bigint, elev?: bigint): Datapoint => ({ ts, value, geo, elev });
const temp: OutputSeries = {
  className: 'temp',
  labels: new Map([['host', 'a b'], ['.owner', 'o'], ['.producer', 'p'], ['.app', 'x']]),
  attributes: new Map([['room', '1']]),
  lastActivity: 1234,
  id: seriesIdFromHex('13cdb2f4e83faf354d2f0d2a6669e647'),
  points: [pt(3000n, long(42n), toGeoPoint(45, 90), 120n), pt(2000n, double(1e7), undefined, 5n), pt(1000n, string("it's"))],
};
const hum: OutputSeries = { className: 'hum%', labels: new Map(), attributes: new Map(), points: [pt(10n, bool(true))] };
const plain: FetchFormatOptions = { showAttributes: false, sortMeta: false, dedup: false, jsonIdMask: 0x7fffffffffffffffn };

function render(format: string | undefined, series: OutputSeries[], options: Partial<FetchFormatOptions> = {}): string {
  const f = fetchFormatter(format, { ...plain, ...options });
  const out = new ByteSink(16);
  f.begin(out);
  for (const s of series) f.series(s, PointColumns.of(s.points), out);
  f.end(out);
  return Buffer.concat(out.take()).toString('utf8');
}

describe('fetchFormatter text (reference §7.1 text)', () => {
  it.each([
    ['default options', {}, 'temp{host=a%20b,.app=x}', 'hum%25{}'],
    ['showattr', { showAttributes: true }, 'temp{host=a%20b,.app=x}{room=1}', 'hum%25{}{}'],
    ['sortmeta', { sortMeta: true, showAttributes: true }, 'temp{.app=x,host=a%20b}{room=1}', 'hum%25{}{}'],
    ['expose', { expose: true }, 'temp{host=a%20b,.owner=o,.producer=p,.app=x}', 'hum%25{}'],
  ])('prints a header line per series then = lines, %s', (_, options, header1, header2) => {
    expect(render('text', [temp, hum], options)).toBe(
      `3000/45.0:90.0/120 ${header1} 42\n` + '=2000//5 1.0E7\n' + "=1000// 'it%27s'\n" + `10// ${header2} T\n`,
    );
  });

  it('prints the usual points and the others in their order when they alternate', () => {
    const mixed = { ...hum, points: [pt(50n, decimal(150n, 2)), pt(40n, long(-3n)), pt(30n, double(0.5)), pt(20n, decimal(7n, 1)), pt(10n, bool(false)), pt(5n, long(1n))] };
    expect(render('text', [mixed])).toBe('50// hum%25{} 1.5\n=40// -3\n=30// 0.5\n=20// 0.7\n=10// F\n=5// 1\n');
  });

  it('prints full lines in fulltext', () => {
    const h = 'temp{host=a%20b,.app=x}';
    expect(render('fulltext', [temp, hum])).toBe(
      `3000/45.0:90.0/120 ${h} 42\n` + `2000//5 ${h} 1.0E7\n` + `1000// ${h} 'it%27s'\n` + '10// hum%25{} T\n',
    );
  });

  it.each([undefined, 'unknown', 'TEXT'])('falls back to text for format %p', (format) => {
    expect(render(format, [hum])).toBe('10// hum%25{} T\n');
  });

  it('prints the header again only when class or labels change (chunks of one series continue)', () => {
    const [a, b, c] = temp.points;
    const chunk1 = { ...temp, points: [a] };
    const chunk2 = { ...temp, points: [b, c] };
    const empty = { ...hum, points: [] };
    // An empty series prints nothing and does not count as a change (Warp 10 skips it before the check).
    expect(render('text', [chunk1, empty, chunk2])).toBe(render('text', [temp]));
    expect(render('text', [chunk1, hum, chunk2])).toContain("\n2000//5 temp{host=a%20b,.app=x} 1.0E7\n=1000// 'it%27s'\n");
  });

  it('renders DECIMAL values plainly', () => {
    expect(render('text', [{ ...hum, points: [pt(1n, decimal(100n, 1)), pt(0n, decimal(150n, 2))] }])).toBe('1// hum%25{} 10.0\n=0// 1.5\n');
  });

  it('applies the dedup rule', () => {
    const s = { ...hum, points: [pt(4n, long(1n)), pt(3n, long(1n)), pt(2n, long(1n)), pt(1n, long(2n))] };
    expect(render('text', [s], { dedup: true })).toBe('4// hum%25{} 1\n=1// 2\n');
    expect(render('fulltext', [{ ...s, points: s.points.slice(0, 3) }], { dedup: true })).toBe('4// hum%25{} 1\n2// hum%25{} 1\n');
  });

  it('prints nothing for no series', () => {
    expect(render('text', [])).toBe('');
  });
});

describe('fetchFormatter tsv and fulltsv (reference §7.1 tsv)', () => {
  it('prints a # header per series and tab-separated points with empty fields', () => {
    expect(render('tsv', [temp, hum])).toBe(
      '# temp{host=a%20b,.app=x}{room=1}\n' +
        '3000\t45.0\t90.0\t120\t42\n' +
        '2000\t\t\t5\t1.0E7\n' +
        "1000\t\t\t\t'it%27s'\n" +
        '# hum%25{}{}\n' +
        '10\t\t\t\tT\n',
    );
  });

  it('prints class, labels and attributes on every fulltsv line', () => {
    expect(render('fulltsv', [temp, hum], { sortMeta: true })).toBe(
      'temp\t.app=x,host=a%20b\troom=1\t3000\t45.0\t90.0\t120\t42\n' +
        'temp\t.app=x,host=a%20b\troom=1\t2000\t\t\t5\t1.0E7\n' +
        "temp\t.app=x,host=a%20b\troom=1\t1000\t\t\t\t'it%27s'\n" +
        'hum%25\t\t\t10\t\t\t\tT\n',
    );
  });

  it('continues a series passed in chunks without a new header, and applies dedup', () => {
    const s = { ...hum, points: [pt(3n, long(1n)), pt(2n, long(1n)), pt(1n, long(1n))] };
    expect(render('tsv', [s, { ...s, points: [pt(0n, long(5n))] }], { dedup: true })).toBe('# hum%25{}{}\n3\t\t\t\t1\n1\t\t\t\t1\n0\t\t\t\t5\n');
  });
});

describe('fetchFormatter json (reference §7.1 json)', () => {
  it("reproduces Warp 10's EgressFetchHandlerTest_1.json and EgressFetchHandlerExposeTest.json", () => {
    const s: OutputSeries = {
      className: 'my.class',
      labels: new Map([['foo', 'bar'], ['.producer', '33000ee4-3bfc-4940-9aef-4fd27975f6f9'], ['.owner', '6d9bbc0b-2af8-4053-a287-5d6b95405af0']]),
      attributes: new Map([['foo', 'baz']]),
      lastActivity: 1234,
      points: [pt(5678n, double(3.14), 0n, 0n)],
    };
    expect(render('json', [s])).toBe('[{"c":"my.class","l":{"foo":"bar"},"a":{"foo":"baz"},"i":"0","la":1234,"v":[[5678,-90.0,-180.0,0,3.14]]}]');
    expect(render('json', [s], { expose: true })).toBe(
      '[{"c":"my.class","l":{"foo":"bar",".producer":"33000ee4-3bfc-4940-9aef-4fd27975f6f9",".owner":"6d9bbc0b-2af8-4053-a287-5d6b95405af0"},"a":{"foo":"baz"},"i":"0","la":1234,"v":[[5678,-90.0,-180.0,0,3.14]]}]',
    );
  });

  it('prints one object per series with optional location and elevation per point', () => {
    expect(render('json', [temp, hum])).toBe(
      '[{"c":"temp","l":{"host":"a b",".app":"x"},"a":{"room":"1"},"i":"5561678540583855687","la":1234,' +
        '"v":[[3000,45.0,90.0,120,42],[2000,5,1.0E7],[1000,"it\'s"]]},' +
        '{"c":"hum%","l":{},"a":{},"i":"0","la":0,"v":[[10,true]]}]',
    );
  });

  it('masks the labelsId in "i" with the mask', () => {
    expect(render('json', [temp], { jsonIdMask: 0xffn })).toContain('"i":"71"');
  });

  it('draws a random non-negative mask when none is given', () => {
    const i = /"i":"(\d+)"/.exec(render('json', [temp], { jsonIdMask: undefined }))?.[1];
    expect(i).toBeDefined();
    expect(BigInt(i as string) & ~0x4d2f0d2a6669e647n).toBe(0n);
  });

  it('prints [] for no series or only empty ones', () => {
    expect(render('json', [])).toBe('[]');
    expect(render('json', [{ ...hum, points: [] }])).toBe('[]');
  });

  it('continues the same object for consecutive chunks of one series, and dedups', () => {
    const s = { ...hum, points: [pt(3n, long(1n)), pt(2n, long(1n))] };
    expect(render('json', [s, { ...s, points: [pt(1n, long(2n))] }], { dedup: true })).toBe(
      '[{"c":"hum%","l":{},"a":{},"i":"0","la":0,"v":[[3,1],[2,1],[1,2]]}]',
    );
  });
});

describe('fetchFormatter null and content types', () => {
  it('prints nothing in format null', () => {
    expect(render('null', [temp, hum])).toBe('');
  });

  it.each([
    ['text', 'text/plain; charset=utf-8'],
    ['fulltext', 'text/plain; charset=utf-8'],
    ['json', 'application/json; charset=utf-8'],
    ['tsv', 'text/tab-separated-values; charset=utf-8'],
    ['fulltsv', 'text/tab-separated-values; charset=utf-8'],
  ])('declares a content type for %s', (format, type) => {
    expect(fetchFormatter(format, plain).contentType).toBe(type);
  });
});
