import { eventually } from '../../harness/eventually.js';
import { expectStatus } from '../../harness/expect-status.js';
import type { GetContext } from './context.js';

/** The body limit the spec starts its cell with (CONTINUUM_INGRESS_HTTP_MAXBODYSIZE). */
export const BODY_LIMIT = 1024 * 1024;

// Malformed bodies: [case, lines, line number, character index, reason] (reference §1.5 messages; Continuum
// adds ` at line L` and stores nothing of the request).
const MALFORMED: [string, string[], number, number, string][] = [
  ['an unparsable value in the middle', ['1000// e2e.bad.a{k=v} 1', '1000// e2e.bad.b{k=v} 2', '3000// e2e.bad.c{k=v} x', '4000// e2e.bad.d{k=v} 4'], 3, 22, 'Cannot parse value.'],
  ['a line without timestamp separator', ['1000// e2e.bad.e{k=v} 1', '2000// e2e.bad.e{k=v} 2', '3000 e2e.bad.e{k=v} 3'], 3, 0, 'Missing timestamp separator.'],
  ['a line of spaces only', ['1000// e2e.bad.g{k=v} 1', '   ', '3000// e2e.bad.g{k=v} 3'], 2, 0, 'Missing timestamp separator.'],
  ['a continuation as first line', ['=1000// 1', '2000// e2e.bad.h{k=v} 2'], 1, 0, 'Invalid continuation.'],
];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** /update: token forms, gzip, continuation lines, atomic rejection of malformed bodies, limits (§1). */
export function ingestSuite(ctx: GetContext): void {
  describe('standalone: update', () => {
    const fetchText = async (selector: string, position = ctx().client.seenPosition) => {
      const r = await ctx().client.fetch({ selector, start: 0, end: 100_000 }, { position });
      expectStatus(r, 200, ctx().cell);
      return r.body;
    };

    it('accepts the token as the last path segment', async () => {
      const r = await ctx().client.update('1000// e2e.in.path{k=v} 1', { tokenInPath: true });
      expectStatus(r, 200, ctx().cell);
      expect(await fetchText('e2e.in.path{}', r.position)).toBe('1000// e2e.in.path{k=v} 1\n');
    });

    it('accepts a gzip body (Content-Type: application/gzip)', async () => {
      const r = await ctx().client.update('1000// e2e.in.gz{k=v} 1\n2000// e2e.in.gz{k=v} 2\n', { gzip: true });
      expectStatus(r, 200, ctx().cell);
      expect(await fetchText('e2e.in.gz{}', r.position)).toBe('2000// e2e.in.gz{k=v} 2\n=1000// 1\n');
    });

    it('stores continuation lines, lines without class in the previous series, and CRLF or CR line ends', async () => {
      const body = '1000// e2e.in.cont{k=v} 1\r\n=2000// 2\r\n=3000/45.0:-90.0/7 3\r4000// 4\n';
      const r = await ctx().client.update(body);
      expectStatus(r, 200, ctx().cell);
      expect(await fetchText('e2e.in.cont{}', r.position)).toBe('4000// e2e.in.cont{k=v} 4\n=3000/45.0:-90.0/7 3\n=2000// 2\n=1000// 1\n');
    });

    it('overwrites a point written twice at the same timestamp', async () => {
      expectStatus(await ctx().client.update('1000// e2e.in.twice{k=v} 1'), 200, ctx().cell);
      expectStatus(await ctx().client.update('1000// e2e.in.twice{k=v} 2'), 200, ctx().cell);
      expect(await fetchText('e2e.in.twice{}')).toBe('1000// e2e.in.twice{k=v} 2\n');
    });

    // A write to an already-known series answers a position that also covers the series' registration, so a
    // read with that position cannot run before the directory holds the series.
    it("a write's own position makes its points visible, even when an earlier write registered the series", async () => {
      // One client registers a series, another writes a point of it and reads with its own position only.
      // The race between the two read models is short, so the scenario is repeated on fresh series.
      const { cell, readToken, writeToken } = ctx();
      const first = cell.client({ read: readToken, write: writeToken });
      const second = cell.client({ read: readToken, write: writeToken });
      const missed: number[] = [];
      for (let i = 0; i < 30; i++) {
        expectStatus(await first.update(`1000// e2e.in.ryw{k=${i}} 1`), 200, cell);
        const w = await second.update(`2000// e2e.in.ryw{k=${i}} 2`);
        expectStatus(w, 200, cell);
        const r = await second.fetch({ selector: `e2e.in.ryw{k=${i}}`, start: 2000, end: 2000 }, { position: w.position });
        if (r.body !== `2000// e2e.in.ryw{k=${i}} 2\n`) missed.push(i);
      }
      ctx().client.observe(first.seenPosition, second.seenPosition);
      expect(missed).toEqual([]);
    });

    it('without a log position, a write becomes visible eventually', async () => {
      expectStatus(await ctx().client.update('1000// e2e.in.eventual{k=v} 1'), 200, ctx().cell);
      await eventually(async () => {
        const r = await ctx().client.fetch({ selector: 'e2e.in.eventual{}', start: 0, end: 1000 });
        expect(r.body).toBe('1000// e2e.in.eventual{k=v} 1\n');
      });
    });

    it.each(MALFORMED)('rejects %s with 400, naming the index and the line', async (_name, lines, lineNo, index, reason) => {
      const r = await ctx().client.update(lines.join('\n'));
      expect(r.status).toBe(400);
      const line = lines[lineNo - 1];
      const expected = `^Error when updating data: Parse error at index ${index} in '${escapeRe(line)}' \\(${escapeRe(reason)}.*\\) at line ${lineNo}$`;
      expect(r.body.trim()).toMatch(new RegExp(expected));
    });

    it('stores nothing of a rejected request, not even the lines before the bad one', async () => {
      for (const [, lines] of MALFORMED) expect((await ctx().client.update(lines.join('\n'))).status).toBe(400);
      const ok = await ctx().client.update('1000// e2e.bad.ok{k=v} 1');
      expectStatus(ok, 200, ctx().cell);
      expect(await fetchText('~e2e\\.bad\\..*{}', ok.position)).toBe('1000// e2e.bad.ok{k=v} 1\n');
      const f = await ctx().client.find({ selector: '~e2e\\.bad\\..*{}' }, { position: ok.position });
      expect(f.body).toBe('e2e.bad.ok{k=v}{}\n');
    });

    it.each([
      ['no token', null, 'Error when updating data: Write token missing.'],
      ['a token that does not decode', 'not-a-token', 'Error when updating data: Invalid token.'],
      ['a read token', 'READ', 'Error when updating data: Invalid token.'],
    ])('rejects %s with 403 and stores nothing', async (_name, token, message) => {
      const t = token === 'READ' ? ctx().readToken : token;
      const r = await ctx().client.update('1000// e2e.tok.rejected{k=v} 1', { token: t });
      expect(r.status).toBe(403);
      expect(r.body.trim()).toBe(message);
      const ok = await ctx().client.update('1000// e2e.tok.ok{k=v} 1');
      expect(await fetchText('~e2e\\.tok\\..*{}', ok.position)).toBe('1000// e2e.tok.ok{k=v} 1\n');
    });

    it.each([
      ['find without token', 'find', null, 'Missing token.'],
      ['find with an invalid token', 'find', 'not-a-token', 'Missing or invalid token.'],
      ['find with a write token', 'find', 'WRITE', 'Missing or invalid token.'],
      ['fetch without token', 'fetch', null, ''],
      ['fetch with a write token', 'fetch', 'WRITE', ''],
    ] as const)('refuses %s with 403', async (_name, endpoint, token, message) => {
      const t = token === 'WRITE' ? ctx().writeToken : token;
      const params = { selector: 'e2e.tok.ok{}', start: 0, end: 100_000 };
      const r = endpoint === 'find' ? await ctx().client.find(params, { token: t }) : await ctx().client.fetch(params, { token: t });
      expect(r.status).toBe(403);
      expect(r.body).toContain(message);
    });

    it('answers 413 to a body over the limit and stores nothing of it', async () => {
      const lines: string[] = [];
      for (let size = 0, i = 0; size <= BODY_LIMIT; i++) {
        const line = `${i}// e2e.big.s{k=v} ${i}\n`;
        lines.push(line);
        size += line.length;
      }
      const body = lines.join('');
      expect((await ctx().client.update(body)).status).toBe(413);
      expect((await ctx().client.update(body, { gzip: true })).status).toBe(413);
      const ok = await ctx().client.update('1000// e2e.big.ok{k=v} 1');
      expect(await fetchText('~e2e\\.big\\..*{}', ok.position)).toBe('1000// e2e.big.ok{k=v} 1\n');
    });
  });
}
