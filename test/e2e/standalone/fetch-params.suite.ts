import type { Params } from '../../harness/client.js';
import { expectStatus } from '../../harness/expect-status.js';
import type { GetContext } from './context.js';

// e2e.par.s: ten LONG points at 1000..10000 µs, value = ts / 1000 (so 1970-01-01T00:00:00.005Z is 5000).
const POINTS = Array.from({ length: 10 }, (_, i) => `${(i + 1) * 1000}// e2e.par.s{k=v} ${i + 1}`);
// e2e.par.dup: runs of equal values, oldest first 1,1,1,2,2,3.
const DUPS = [1, 1, 1, 2, 2, 3].map((v, i) => `${(i + 1) * 1000}// e2e.par.dup{k=v} ${v}`);

/** Expected text output (reference §7.1 "text") of e2e.par.s for the given timestamps, newest first. */
function expectedS(...ts: number[]): string {
  return ts.map((t, i) => (i === 0 ? `${t}// e2e.par.s{k=v} ${t / 1000}` : `=${t}// ${t / 1000}`)).join('\n') + '\n';
}

const S = 'e2e.par.s{k=v}';

/** /fetch parameters: time range forms, count, dedup, boundaries, GET/POST, token as parameter (§7.1). */
export function fetchParamsSuite(ctx: GetContext): void {
  describe('standalone: fetch parameters', () => {
    let position = '';
    const fetchText = async (params: Params) => {
      const r = await ctx().client.fetch(params, { position });
      expectStatus(r, 200, ctx().cell);
      return r.body;
    };

    beforeAll(async () => {
      const r = await ctx().client.update([...POINTS, ...DUPS].join('\n'));
      expectStatus(r, 200, ctx().cell);
      position = r.position!;
    });

    it.each<[string, Params, number[]]>([
      ['start and end are both inclusive', { start: 3000, end: 5000 }, [5000, 4000, 3000]],
      ['start after end is swapped', { start: 5000, end: 3000 }, [5000, 4000, 3000]],
      ['ISO-8601 instants in platform µs', { start: '1970-01-01T00:00:00.003Z', end: '1970-01-01T00:00:00.005Z' }, [5000, 4000, 3000]],
      ['end and timespan: start = end - timespan + 1', { end: 5000, timespan: 2000 }, [5000, 4000]],
      ['start and timespan: end = start + timespan - 1', { start: 3000, timespan: 2000 }, [4000, 3000]],
      ['an ISO-8601 duration timespan', { end: 5000, timespan: 'PT0.002S' }, [5000, 4000]],
      ['a negative timespan is a count', { end: 5000, timespan: -2 }, [5000, 4000]],
      ['end and count: the count newest points up to end', { end: 5000, count: 3 }, [5000, 4000, 3000]],
      ['count keeps the newest points of the range', { start: 1000, end: 10_000, count: 2 }, [10_000, 9000]],
      ['now is an alias of end', { now: 2000, count: 5 }, [2000, 1000]],
      ['boundary.pre and boundary.post add points around the range', { start: 4000, end: 6000, 'boundary.pre': 2, 'boundary.post': 1 }, [7000, 6000, 5000, 4000, 3000, 2000]],
      ['a range with no point gives nothing', { start: 20_000, end: 30_000 }, []],
    ])('%s', async (_name, params, ts) => {
      const body = await fetchText({ selector: S, ...params });
      expect(body).toBe(ts.length === 0 ? '' : expectedS(...ts));
    });

    it('dedup drops consecutive duplicates, keeping the first of each run and the last of the final run', async () => {
      const body = await fetchText({ selector: 'e2e.par.dup{k=v}', start: 0, end: 10_000, dedup: 'true' });
      expect(body).toBe('6000// e2e.par.dup{k=v} 3\n=5000// 2\n=3000// 1\n=1000// 1\n');
    });

    it('without dedup every point is returned', async () => {
      const body = await fetchText({ selector: 'e2e.par.dup{k=v}', start: 0, end: 10_000 });
      expect(body).toBe('6000// e2e.par.dup{k=v} 3\n=5000// 2\n=4000// 2\n=3000// 1\n=2000// 1\n=1000// 1\n');
    });

    it('count applies per series when a selector matches several', async () => {
      const body = await fetchText({ selector: '~e2e\\.par\\..*{k=v}', end: 10_000, count: 1 });
      expect(body).toBe('6000// e2e.par.dup{k=v} 3\n10000// e2e.par.s{k=v} 10\n');
    });

    it('several whitespace-separated selectors are concatenated without duplicates', async () => {
      const body = await fetchText({ selector: `${S} e2e.par.dup{k=v} ${S}`, end: 10_000, count: 1 });
      expect(body).toBe('6000// e2e.par.dup{k=v} 3\n10000// e2e.par.s{k=v} 10\n');
    });

    it.each<[string, Params, string]>([
      ['showattr appends the attributes, sortmeta sorts labels and attributes by name', { showattr: 'true', sortmeta: 'true' }, '1000// e2e.par.m{a=2,z=1}{b=2,y=1} 1\n'],
      ['without showattr there is no attributes block', { sortmeta: 'true' }, '1000// e2e.par.m{a=2,z=1} 1\n'],
      ['tsv shows the attributes in its header', { sortmeta: 'true', format: 'tsv' }, '# e2e.par.m{a=2,z=1}{b=2,y=1}\n1000\t\t\t\t1\n'],
    ])('%s', async (_name, params, expected) => {
      const { cell, client } = ctx();
      expectStatus(await client.update('1000// e2e.par.m{z=1,a=2} 1'), 200, cell);
      expectStatus(await client.meta('e2e.par.m{z=1,a=2}{y=1,b=2}'), 200, cell);
      const r = await client.fetch({ selector: 'e2e.par.m{}', start: 0, end: 1000, ...params }, { position: client.seenPosition });
      expectStatus(r, 200, cell);
      expect(r.body).toBe(expected);
    });

    it('POST with a form body answers like GET', async () => {
      const params = { selector: S, start: 3000, end: 5000, format: 'json' };
      const get = await ctx().client.fetch(params, { position });
      const post = await ctx().client.fetch(params, { position, method: 'POST' });
      expectStatus(post, 200, ctx().cell);
      expect(post.body.replace(/"i":"\d+"/, '')).toBe(get.body.replace(/"i":"\d+"/, ''));
    });

    it('accepts the token as the token parameter', async () => {
      const r = await ctx().client.fetch({ selector: S, start: 3000, end: 3000 }, { position, tokenAsParam: true });
      expectStatus(r, 200, ctx().cell);
      expect(r.body).toBe(expectedS(3000));
    });

    it('accepts the log position as the position parameter', async () => {
      const w = await ctx().client.update('11000// e2e.par.s{k=v} 11');
      expectStatus(w, 200, ctx().cell);
      const r = await ctx().client.fetch({ selector: S, start: 11_000, end: 11_000, position: w.position });
      expect(r.body).toBe('11000// e2e.par.s{k=v} 11\n');
    });

    it.each<[string, Params, string]>([
      ['no selector', { start: 0, end: 1 }, "Missing 'selector' parameter."],
      ['neither start nor end', { selector: S }, "Missing either 'start' or 'end' parameter."],
      ['end alone', { selector: S, end: 5000 }, "'count' is mandatory if 'start' and 'timespan' are not specified."],
      ['count with a negative timespan', { selector: S, end: 5000, timespan: -2, count: 2 }, "Cannot specify both 'count' and negative 'timespan'."],
      ['both end and now', { selector: S, end: 5000, now: 5000, count: 1 }, "Cannot specify both 'end' and 'now'."],
    ])('%s is a 400 with Warp 10 message', async (_name, params, message) => {
      const r = await ctx().client.fetch(params);
      expect(r.status).toBe(400);
      expect(r.body).toContain(message);
    });
  });
}
