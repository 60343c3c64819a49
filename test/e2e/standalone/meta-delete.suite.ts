import { expectStatus } from '../../harness/expect-status.js';
import { mergePositions } from '../../harness/log-position.js';
import type { GetContext } from './context.js';

const RANGE = [1000, 2000, 3000, 4000, 5000].map((t) => `${t}// e2e.del.r{k=v} ${t / 1000}`);
const ALL = ['1000// e2e.del.all{k=a} 1', '2000// e2e.del.all{k=a} 2', '1000// e2e.del.all{k=b} 3'];
const KEEP = ['1000// e2e.del.keep{k=v} 1'];

/** /meta replaces attributes (§5.1); /delete removes a range or whole series, dryrun only lists (§5.2). */
export function metaDeleteSuite(ctx: GetContext): void {
  describe('standalone: meta', () => {
    let position = '';
    const findB = async () => {
      const r = await ctx().client.find({ selector: 'e2e.meta.s{}', sortmeta: 'true' }, { position });
      expectStatus(r, 200, ctx().cell);
      return r.body;
    };

    beforeAll(async () => {
      const r = await ctx().client.update('1000// e2e.meta.s{k=v} 1');
      expectStatus(r, 200, ctx().cell);
      position = r.position!;
    });

    it('sets attributes, visible in find and in fetch with showattr', async () => {
      const m = await ctx().client.meta('e2e.meta.s{k=v}{unit=%C2%B0C,src=x}');
      expectStatus(m, 200, ctx().cell);
      expect(m.position).toMatch(/metadata:/);
      position = m.position!;
      expect(await findB()).toBe('e2e.meta.s{k=v}{src=x,unit=%C2%B0C}\n');
      // The fetch reads data written before the meta: give the position of every write so far.
      const all = ctx().client.seenPosition;
      const f = await ctx().client.fetch({ selector: 'e2e.meta.s{}', start: 0, end: 5000, showattr: 'true', sortmeta: 'true' }, { position: all });
      expect(f.body).toBe('1000// e2e.meta.s{k=v}{src=x,unit=%C2%B0C} 1\n');
      const j = await ctx().client.fetch({ selector: 'e2e.meta.s{}', start: 0, end: 5000, format: 'json' }, { position: all });
      expect(j.body).toMatch(/"a":\{("src":"x","unit":"\\u00B0C"|"unit":"\\u00B0C","src":"x")\}/);
    });

    it('replaces the whole attribute map rather than merging', async () => {
      const m = await ctx().client.meta('e2e.meta.s{k=v}{src=y}');
      expectStatus(m, 200, ctx().cell);
      position = m.position!;
      expect(await findB()).toBe('e2e.meta.s{k=v}{src=y}\n');
    });

    it('{} clears the attributes', async () => {
      const m = await ctx().client.meta('e2e.meta.s{k=v}{}');
      expectStatus(m, 200, ctx().cell);
      position = m.position!;
      expect(await findB()).toBe('e2e.meta.s{k=v}{}\n');
    });

    it('ignores series that do not exist', async () => {
      const m = await ctx().client.meta('e2e.meta.unknown{k=v}{a=b}');
      expectStatus(m, 200, ctx().cell);
      const r = await ctx().client.find({ selector: 'e2e.meta.unknown{}' }, { position: ctx().client.seenPosition });
      expect(r.body).toBe('');
    });

    it('rejects a request with a malformed line with 400 and applies none of its lines (README: /meta is atomic)', async () => {
      const set = await ctx().client.meta('e2e.meta.s{k=v}{src=z}');
      expectStatus(set, 200, ctx().cell);
      const m = await ctx().client.meta('e2e.meta.s{k=v}{src=bad}\ne2e.meta.s{k=v}');
      expect(m.status).toBe(400);
      expect(m.body).toContain('Invalid metadata');
      const again = await ctx().client.meta('e2e.meta.unknown{k=v}{a=c}');
      position = mergePositions(set.position, again.position);
      expect(await findB()).toBe('e2e.meta.s{k=v}{src=z}\n');
    });

    it.each([
      ['no token', null],
      ['a read token', 'READ'],
    ])('rejects %s with 403 (README: Warp 10 answers 500)', async (_name, token) => {
      const m = await ctx().client.meta('e2e.meta.s{k=v}{src=t}', { token: token === 'READ' ? ctx().readToken : token });
      expect(m.status).toBe(403);
    });
  });

  describe('standalone: delete', () => {
    beforeAll(async () => {
      expectStatus(await ctx().client.update([...RANGE, ...ALL, ...KEEP].join('\n')), 200, ctx().cell);
    });
    const fetchText = async (selector: string) => {
      const r = await ctx().client.fetch({ selector, start: 0, end: 10_000 }, { position: ctx().client.seenPosition });
      expectStatus(r, 200, ctx().cell);
      return r.body;
    };

    it('removes an inclusive time range and lists the series it touched', async () => {
      const d = await ctx().client.delete({ selector: 'e2e.del.r{k=v}', start: 2000, end: 4000 }, { position: ctx().client.seenPosition });
      expectStatus(d, 200, ctx().cell);
      expect(d.body).toBe('e2e.del.r{k=v}{}\r\n');
      expect(await fetchText('e2e.del.r{}')).toBe('5000// e2e.del.r{k=v} 5\n=1000// 1\n');
      const f = await ctx().client.find({ selector: 'e2e.del.r{}' }, { position: ctx().client.seenPosition });
      expect(f.body).toBe('e2e.del.r{k=v}{}\n');
    });

    it('accepts ISO-8601 instants for the range', async () => {
      const d = await ctx().client.delete({ selector: 'e2e.del.r{k=v}', start: '1970-01-01T00:00:00.005Z', end: '1970-01-01T00:00:00.005Z' });
      expectStatus(d, 200, ctx().cell);
      expect(await fetchText('e2e.del.r{}')).toBe('1000// e2e.del.r{k=v} 1\n');
    });

    it('dryrun lists the matching series and deletes nothing', async () => {
      const d = await ctx().client.delete({ selector: 'e2e.del.all{}', deleteall: 'true', dryrun: 'true' }, { position: ctx().client.seenPosition });
      expectStatus(d, 200, ctx().cell);
      expect(d.body.split('\r\n').sort()).toEqual(['', 'e2e.del.all{k=a}{}', 'e2e.del.all{k=b}{}']);
      expect(await fetchText('e2e.del.all{}')).toBe('2000// e2e.del.all{k=a} 2\n=1000// 1\n1000// e2e.del.all{k=b} 3\n');
    });

    it('deleteall removes the series from fetch and find, and only them', async () => {
      const d = await ctx().client.delete({ selector: 'e2e.del.all{}', deleteall: 'true' });
      expectStatus(d, 200, ctx().cell);
      expect(d.body.split('\r\n').sort()).toEqual(['', 'e2e.del.all{k=a}{}', 'e2e.del.all{k=b}{}']);
      expect(await fetchText('e2e.del.all{}')).toBe('');
      const f = await ctx().client.find({ selector: '~e2e\\.del\\..*{}' }, { position: ctx().client.seenPosition });
      expect(f.body).toBe('e2e.del.keep{k=v}{}\ne2e.del.r{k=v}{}\n');
      expect(await fetchText('e2e.del.keep{}')).toBe('1000// e2e.del.keep{k=v} 1\n');
    });

    it('a delete matching nothing answers 200 with an empty body', async () => {
      const d = await ctx().client.delete({ selector: 'e2e.del.none{}', deleteall: 'true' });
      expectStatus(d, 200, ctx().cell);
      expect(d.body).toBe('');
    });

    it.each([
      ['no token', null],
      ['a read token', 'READ'],
    ])('rejects %s with 403 (README: Warp 10 answers 500)', async (_name, token) => {
      const d = await ctx().client.delete({ selector: 'e2e.del.keep{}', deleteall: 'true' }, { token: token === 'READ' ? ctx().readToken : token });
      expect(d.status).toBe(403);
      expect(await fetchText('e2e.del.keep{}')).toBe('1000// e2e.del.keep{k=v} 1\n');
    });

    it('requires a range or deleteall (400, README: Warp 10 answers 500)', async () => {
      const d = await ctx().client.delete({ selector: 'e2e.del.keep{}' });
      expect(d.status).toBe(400);
      expect(d.body).toContain('Parameter deleteall or metaonly should be set when no time range is specified.');
      expect(await fetchText('e2e.del.keep{}')).toBe('1000// e2e.del.keep{k=v} 1\n');
    });
  });
}
