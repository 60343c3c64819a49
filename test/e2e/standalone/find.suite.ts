import { expectStatus } from '../../harness/expect-status.js';
import { expectPlausibleActivity, normaliseActivity, type GetContext } from './context.js';

const BODY = ['1000// e2e.find.a{host=h1,env=prod} 1', '1000// e2e.find.a{host=h2,env=dev} 2', '1000// e2e.find.b{env=prod} 3', '1000// e2e.find.b{env=test} 4'].join('\n');

/** /find: text and JSON, showattr, sortmeta, exact and regex selectors, token as parameter or header (§6.3, §6.4). */
export function findSuite(ctx: GetContext): void {
  describe('standalone: find', () => {
    let position = '';
    let writtenAt = 0;

    beforeAll(async () => {
      writtenAt = Date.now();
      const { cell, client } = ctx();
      expectStatus(await client.update(BODY), 200, cell);
      const m = await client.meta('e2e.find.b{env=prod}{owner=ops,tier=1}');
      expectStatus(m, 200, cell);
      position = client.seenPosition;
    });

    const find = async (params: Record<string, string>) => {
      const r = await ctx().client.find(params, { position });
      expectStatus(r, 200, ctx().cell);
      return r.body;
    };

    it('text lists class{labels}{attributes} per series, sorted by class then labels (sortmeta sorts names)', async () => {
      expect(await find({ selector: '~e2e\\.find\\..*{}', sortmeta: 'true' })).toBe(
        ['e2e.find.a{env=dev,host=h2}{}', 'e2e.find.a{env=prod,host=h1}{}', 'e2e.find.b{env=prod}{owner=ops,tier=1}', 'e2e.find.b{env=test}{}', ''].join('\n'),
      );
    });

    it('showattr=false leaves the attributes block out', async () => {
      expect(await find({ selector: 'e2e.find.b{}', showattr: 'false' })).toBe('e2e.find.b{env=prod}\ne2e.find.b{env=test}\n');
    });

    it('without sortmeta, the same labels are listed', async () => {
      const body = await find({ selector: 'e2e.find.a{env=prod}' });
      expect(body).toMatch(/^e2e\.find\.a\{(env=prod,host=h1|host=h1,env=prod)\}\{\}\n$/);
    });

    it('json gives [, one object per line, ] with owner and producer hidden', async () => {
      const { json, activity } = normaliseActivity(await find({ selector: 'e2e.find.b{}', format: 'json', sortmeta: 'true' }));
      expect(json).toBe(
        ['[', '{"c":"e2e.find.b","l":{"env":"prod"},"a":{"owner":"ops","tier":"1"},"la":"*"},', '{"c":"e2e.find.b","l":{"env":"test"},"a":{},"la":"*"}', ']', ''].join('\n'),
      );
      expect(activity).toHaveLength(2);
      expectPlausibleActivity(activity, writtenAt);
    });

    it.each([
      ['an exact label selector', 'e2e.find.a{env=dev}', ['e2e.find.a{env=dev,host=h2}{}']],
      ['a regex label selector (whole-value match)', 'e2e.find.a{host~h[12]}', ['e2e.find.a{env=dev,host=h2}{}', 'e2e.find.a{env=prod,host=h1}{}']],
      ['a regex that matches only part of the value', 'e2e.find.a{host~h}', []],
      ['a regex class selector', '~e2e\\.find\\.[b]{env=test}', ['e2e.find.b{env=test}{}']],
      ['an exact class selector with =', '=e2e.find.b{env=test}', ['e2e.find.b{env=test}{}']],
      ['a label selector matched against attributes when the label is absent', 'e2e.find.b{owner=ops}', ['e2e.find.b{env=prod}{owner=ops,tier=1}']],
      ['an empty value meaning the label is absent', '~e2e\\.find\\..*{host=}', ['e2e.find.b{env=prod}{owner=ops,tier=1}', 'e2e.find.b{env=test}{}']],
      ['a selector matching nothing', 'e2e.find.zzz{}', []],
    ])('%s', async (_name, selector, lines) => {
      const body = await find({ selector, sortmeta: 'true' });
      expect(body).toBe(lines.map((l) => `${l}\n`).join(''));
    });

    it('an empty json result is [, ]', async () => {
      expect(await find({ selector: 'e2e.find.zzz{}', format: 'json' })).toBe('[\n\n]\n');
    });

    it('accepts the token as a parameter or a header', async () => {
      const params = { selector: 'e2e.find.b{env=test}' };
      const byParam = await ctx().client.find(params, { position, tokenAsParam: true });
      const byHeader = await ctx().client.find(params, { position });
      expectStatus(byParam, 200, ctx().cell);
      expect(byParam.body).toBe('e2e.find.b{env=test}{}\n');
      expect(byHeader.body).toBe(byParam.body);
    });

    it('POST with a form body answers like GET', async () => {
      const r = await ctx().client.find({ selector: 'e2e.find.b{env=test}' }, { position, method: 'POST' });
      expectStatus(r, 200, ctx().cell);
      expect(r.body).toBe('e2e.find.b{env=test}{}\n');
    });
  });
}
