import { expectStatus } from '../../harness/expect-status.js';
import { expectPlausibleActivity, normaliseActivity, normaliseJsonIds, type GetContext } from './context.js';

// Values of every type (reference §1.3), written out of time order and across several series.
const BODY = [
  '# comment lines are skipped',
  '3000/45.0:-90.0/120 e2e.fmt.geo{k=v} 3',
  '2000//-5 e2e.fmt.geo{k=v} 2',
  '1000/0.0:0.0/ e2e.fmt.geo{k=v} 1',
  '4000// e2e.fmt.geo{k=v} 4',
  '1000// e2e.fmt.long{k=v} -3',
  '2000// e2e.fmt.long{k=v} 9223372036854775807',
  '3000// e2e.fmt.long{k=v} +5',
  '1000// e2e.fmt.double{k=v} 1.50',
  '2000// e2e.fmt.double{k=v} 1e7',
  '3000// e2e.fmt.double{k=v} 10.0',
  '4000// e2e.fmt.double{k=v} 0.00001',
  '5000// e2e.fmt.double{k=v} 1E-5',
  '6000// e2e.fmt.double{k=v} -0.25',
  '7000// e2e.fmt.double{k=v} 1000.0',
  '1000// e2e.fmt.bool{k=v} T',
  '2000// e2e.fmt.bool{k=v} false',
  '3000// e2e.fmt.bool{k=v} true',
  "1000// e2e.fmt.string{k=v} 'hello world'",
  `2000// e2e.fmt.string{k=v} 'say "hi" it's'`,
  "3000// e2e.fmt.string{k=v} 'café ☕'",
  "4000// e2e.fmt.string{k=v} 'a%20b%2Bc'",
  '5000// e2e.fmt.string{k=v} "double quoted"',
  '1000// e2e.fmt.binary{k=v} hex:010203',
  '1000// e2e.fmt.multi{k=b} 2',
  '1000// e2e.fmt.multi{k=c} 3',
  '1000// e2e.fmt.multi{k=a} 1',
  '1000// e2e.fmt.pe%20name{clé=a%2Cb%3Dc} 1',
].join('\n');

// Reference §7.1 "text": header line per series, `=` lines after it, newest first; series sorted by class then
// labels (Continuum's documented order); values rendered as in "Value rendering"; names PE-encoded (§1.7).
const TEXT = [
  '1000// e2e.fmt.binary{k=v} b64:AQID',
  '3000// e2e.fmt.bool{k=v} T',
  '=2000// F',
  '=1000// T',
  '7000// e2e.fmt.double{k=v} 1000.0',
  '=6000// -0.25',
  '=5000// 1.0E-5',
  '=4000// 0.00001',
  '=3000// 10.0',
  '=2000// 1.0E7',
  '=1000// 1.5',
  '4000// e2e.fmt.geo{k=v} 4',
  '=3000/45.0:-90.0/120 3',
  '=2000//-5 2',
  '=1000/0.0:0.0/ 1',
  '3000// e2e.fmt.long{k=v} 5',
  '=2000// 9223372036854775807',
  '=1000// -3',
  '1000// e2e.fmt.multi{k=a} 1',
  '1000// e2e.fmt.multi{k=b} 2',
  '1000// e2e.fmt.multi{k=c} 3',
  '1000// e2e.fmt.pe%20name{cl%C3%A9=a%2Cb%3Dc} 1',
  "5000// e2e.fmt.string{k=v} 'double%20quoted'",
  "=4000// 'a%20b%2Bc'",
  "=3000// 'caf%C3%A9%20%E2%98%95'",
  "=2000// 'say%20%22hi%22%20it%27s'",
  "=1000// 'hello%20world'",
  '',
].join('\n');

// Reference §7.1 "json": one array, no white space; numbers with Java toString (short decimals as
// BigDecimal: 10.0 → 1E+1, 1000.0 → 1E+3), non-ASCII as \uXXXX, binary as the ISO-8859-1 string of its bytes.
// "i" (random) and "la" (a clock reading) are normalised to "*".
const series = (c: string, l: string, v: string) => `{"c":${c},"l":{${l}},"a":{},"i":"*","la":"*","v":[${v}]}`;
const JSON_OUT = `[${[
  series('"e2e.fmt.binary"', '"k":"v"', '[1000,"\\u0001\\u0002\\u0003"]'),
  series('"e2e.fmt.bool"', '"k":"v"', '[3000,true],[2000,false],[1000,true]'),
  series('"e2e.fmt.double"', '"k":"v"', '[7000,1E+3],[6000,-0.25],[5000,1.0E-5],[4000,0.00001],[3000,1E+1],[2000,1.0E7],[1000,1.5]'),
  series('"e2e.fmt.geo"', '"k":"v"', '[4000,4],[3000,45.0,-90.0,120,3],[2000,-5,2],[1000,0.0,0.0,1]'),
  series('"e2e.fmt.long"', '"k":"v"', '[3000,5],[2000,9223372036854775807],[1000,-3]'),
  series('"e2e.fmt.multi"', '"k":"a"', '[1000,1]'),
  series('"e2e.fmt.multi"', '"k":"b"', '[1000,2]'),
  series('"e2e.fmt.multi"', '"k":"c"', '[1000,3]'),
  series('"e2e.fmt.pe name"', '"cl\\u00E9":"a,b=c"', '[1000,1]'),
  series('"e2e.fmt.string"', '"k":"v"', '[5000,"double quoted"],[4000,"a b+c"],[3000,"caf\\u00E9 \\u2615"],[2000,"say \\"hi\\" it\'s"],[1000,"hello world"]'),
].join(',')}]`;

// Reference §7.1 "fulltext", "tsv", "fulltsv" (EgressFetchHandler: tsv header `# class{labels}{attrs}`,
// then ts, lat, lon, elev, value separated by tabs, empty fields when absent), on a subset of the series.
const SUBSET = '~e2e\\.fmt\\.(geo|multi){}';
const FULLTEXT = [
  '4000// e2e.fmt.geo{k=v} 4',
  '3000/45.0:-90.0/120 e2e.fmt.geo{k=v} 3',
  '2000//-5 e2e.fmt.geo{k=v} 2',
  '1000/0.0:0.0/ e2e.fmt.geo{k=v} 1',
  '1000// e2e.fmt.multi{k=a} 1',
  '1000// e2e.fmt.multi{k=b} 2',
  '1000// e2e.fmt.multi{k=c} 3',
  '',
].join('\n');
const TSV = [
  '# e2e.fmt.geo{k=v}{}',
  '4000\t\t\t\t4',
  '3000\t45.0\t-90.0\t120\t3',
  '2000\t\t\t-5\t2',
  '1000\t0.0\t0.0\t\t1',
  '# e2e.fmt.multi{k=a}{}',
  '1000\t\t\t\t1',
  '# e2e.fmt.multi{k=b}{}',
  '1000\t\t\t\t2',
  '# e2e.fmt.multi{k=c}{}',
  '1000\t\t\t\t3',
  '',
].join('\n');
const FULLTSV = [
  'e2e.fmt.geo\tk=v\t\t4000\t\t\t\t4',
  'e2e.fmt.geo\tk=v\t\t3000\t45.0\t-90.0\t120\t3',
  'e2e.fmt.geo\tk=v\t\t2000\t\t\t-5\t2',
  'e2e.fmt.geo\tk=v\t\t1000\t0.0\t0.0\t\t1',
  'e2e.fmt.multi\tk=a\t\t1000\t\t\t\t1',
  'e2e.fmt.multi\tk=b\t\t1000\t\t\t\t2',
  'e2e.fmt.multi\tk=c\t\t1000\t\t\t\t3',
  '',
].join('\n');

/** /update then /fetch in every text format: the exact bytes of reference §7.1. */
export function formatsSuite(ctx: GetContext): void {
  describe('standalone: update → fetch output formats', () => {
    let position = '';
    let writtenAt = 0;
    const all = { selector: '~e2e\\.fmt\\..*{}', start: 0, end: 100_000 };

    beforeAll(async () => {
      writtenAt = Date.now();
      const { cell, client } = ctx();
      const r = await client.update(BODY);
      expectStatus(r, 200, cell);
      expect(r.body).toBe('');
      expect(r.position).toMatch(/^data:/);
      position = r.position!;
    });

    it('text gives one header line per series, then continuation lines, newest first', async () => {
      const r = await ctx().client.fetch({ ...all, format: 'text' }, { position });
      expectStatus(r, 200, ctx().cell);
      expect(r.body).toBe(TEXT);
    });

    it.each([
      ['no format parameter', {}],
      ['an unknown format', { format: 'bogus' }],
    ])('text is the default (%s)', async (_name, extra) => {
      const r = await ctx().client.fetch({ ...all, ...extra }, { position });
      expect(r.body).toBe(TEXT);
    });

    it('json gives one object per series with values of every type', async () => {
      const r = await ctx().client.fetch({ ...all, format: 'json' }, { position });
      expectStatus(r, 200, ctx().cell);
      const { json, activity } = normaliseActivity(normaliseJsonIds(r.body));
      expect(json).toBe(JSON_OUT);
      expectPlausibleActivity(activity, writtenAt);
    });

    it('json marks each series with a numeric "i" id', async () => {
      const r = await ctx().client.fetch({ ...all, format: 'json' }, { position });
      expect(r.body.match(/"i":"\d+"/g)).toHaveLength(10);
    });

    it.each([
      ['fulltext', FULLTEXT],
      ['tsv', TSV],
      ['fulltsv', FULLTSV],
    ])('%s gives the expected bytes', async (format, expected) => {
      const r = await ctx().client.fetch({ selector: SUBSET, start: 0, end: 100_000, format }, { position });
      expectStatus(r, 200, ctx().cell);
      expect(r.body).toBe(expected);
    });

    it('an empty result is an empty body in text and [] in json', async () => {
      const none = { selector: 'e2e.fmt.none{}', start: 0, end: 100_000 };
      expect((await ctx().client.fetch(none, { position })).body).toBe('');
      expect((await ctx().client.fetch({ ...none, format: 'json' }, { position })).body).toBe('[]');
    });
  });
}
