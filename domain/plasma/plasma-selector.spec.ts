import { ValidationError } from '../errors.js';
import { matchesSeries, selectorToString } from '../series/selector.js';
import type { ReadToken } from '../tokens/token.js';
import { parsePlasmaSelector, plasmaAcceptsToken, plasmaSelector as forced } from './plasma-selector.js';

const token = (over: Partial<ReadToken> = {}): ReadToken => ({
  issuance: 0n, expiry: 1n, apps: [], owners: ['o1'], producers: [], billedId: '', labels: new Map(), attributes: new Map(), ...over,
});
const options = { absentLabelSupport: false };
const plasmaSelector = (text: string, t: ReadToken, o: typeof options) => forced(parsePlasmaSelector(text, o), t, o);

describe('plasmaSelector', () => {
  it.each<[string, string]>([
    ['cls{a=b}', '=cls{a=b,.owner=o1}'],
    ['~cls.*{a~x.*}', '~cls.*{a~x.*,.owner=o1}'],
    ['cls{.owner=other,.app=z}', '=cls{.owner=o1}'],
    ['c%20x{a=b%20c}', '=c%2520x{a=b%20c,.owner=o1}'],
  ])('%s becomes %s (token forcing, class not percent-decoded)', (text, expected) => {
    expect(selectorToString(plasmaSelector(text, token(), options))).toBe(expected);
  });

  it('keeps a percent sign in the class as written', () => {
    const s = plasmaSelector('c%20x{}', token({ owners: [] }), options);
    expect(matchesSeries(s, { className: 'c%20x', labels: new Map(), attributes: new Map() })).toBe(true);
    expect(matchesSeries(s, { className: 'c x', labels: new Map(), attributes: new Map() })).toBe(false);
  });

  it.each(['cls', '{a=b}', 'cls{a}', 'cls{a=b'])('refuses %s', (text) => {
    expect(() => plasmaSelector(text, token(), options)).toThrow(ValidationError);
  });

  it('refuses tokens with hooks', () => {
    expect(plasmaAcceptsToken(token())).toBe(true);
    expect(plasmaAcceptsToken(token({ hooks: new Map([['h', 'x']]) }))).toBe(false);
  });
});
