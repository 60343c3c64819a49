import { ForbiddenError, ValidationError } from '../../../domain/errors.js';
import { matchesSeries, parseSelector, selectorToString } from '../../../domain/series/selector.js';
import { seriesIdFromHex, type Series } from '../../../domain/series/series.js';
import { DirectorySigner } from './directory-signature.js';
import {
  decodeAppliedAnswer,
  decodeAppliedRequest,
  decodeFindLine,
  decodeFindRequest,
  encodeAppliedAnswer,
  encodeAppliedRequest,
  encodeEndLine,
  encodeFindRequest,
  encodeGetRequest,
  encodeSeriesLine,
} from './directory-wire.js';

const ID = seriesIdFromHex('0123456789abcdef0011223344556677');

describe('directory find request', () => {
  it.each([
    ['exact class, exact and regex labels', 'temp{room=kitchen,floor~[0-9]+}', true],
    ['regex class with a PE-encoded quantifier', '~te%7B1%7Dmp.*{}', true],
    ['absent label (absent-label support)', 'temp{room=}', true],
    ['empty exact value (no absent-label support)', 'temp{room=}', false],
    ['reserved labels and odd characters', '=a%20b{.app=x,%2C=%3D}', true],
  ])('carries %s exactly as parsed', (_, text, absentLabelSupport) => {
    const selector = parseSelector(text, { absentLabelSupport });
    const request = decodeFindRequest(encodeFindRequest([selector]));
    if (!('selectors' in request)) throw new Error('expected selectors');
    const [decoded] = request.selectors;
    expect(selectorToString(decoded)).toBe(selectorToString(selector));
    expect(decoded.labels.map((m) => m.kind)).toEqual(selector.labels.map((m) => m.kind));
    const candidate = { className: 'temp', labels: new Map([['room', '']]), attributes: new Map<string, string>() };
    expect(matchesSeries(decoded, candidate)).toBe(matchesSeries(selector, candidate));
  });

  it('carries a get by id', () => {
    expect(decodeFindRequest(encodeGetRequest(ID))).toEqual({ id: ID });
  });

  it.each([
    ['not JSON', 'selectors'],
    ['a malformed id', '{"id":"xyz"}'],
    ['no selectors', '{}'],
    ['a bad class operator', '{"selectors":[{"c":["?","x"],"l":[]}]}'],
    ['a label without text', '{"selectors":[{"c":["=","x"],"l":[["a","="]]}]}'],
    ['an unusable regex', '{"selectors":[{"c":["~","(a"],"l":[]}]}'],
  ])('refuses %s with a ValidationError', (_, body) => {
    expect(() => decodeFindRequest(body)).toThrow(ValidationError);
  });
});

describe('directory find answer lines', () => {
  it.each<[string, Series]>([
    ['labels in their order, numeric-looking names included', { id: ID, className: 'c', labels: new Map([['z', '1'], ['10', 'x'], ['a', 'é\n"']]), attributes: new Map([['unit', 'C']]) }],
    ['lastActivity', { id: ID, className: 'c 1', labels: new Map(), attributes: new Map(), lastActivity: 1_700_000_000_123 }],
  ])('round-trip a series with %s, one line each', (_, series) => {
    const line = encodeSeriesLine(series);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    const decoded = decodeFindLine(line.slice(0, -1));
    expect(decoded).toEqual({ series });
    if ('series' in decoded) expect([...decoded.series.labels.keys()]).toEqual([...series.labels.keys()]);
  });

  it('marks the end with the count sent', () => {
    expect(decodeFindLine(encodeEndLine(42).trimEnd())).toEqual({ end: 42 });
  });

  it.each(['{"c":"x"}', '{"id":"zz","c":"x"}', '{"id":"0123456789abcdef0011223344556677","c":"x","l":["a"]}', 'nope'])('refuses %s', (line) => {
    expect(() => decodeFindLine(line)).toThrow();
  });
});

describe('directory applied position', () => {
  it('round-trips request and answer', () => {
    const position = new Map([[3, 40], [0, 12]]);
    expect(decodeAppliedRequest(encodeAppliedRequest(position, 1500.7))).toEqual({ position: new Map([[0, 12], [3, 40]]), timeoutMs: 1500 });
    expect(decodeAppliedAnswer(encodeAppliedAnswer(false, position))).toEqual({ covered: false, applied: new Map([[0, 12], [3, 40]]) });
  });

  it.each(['{}', '{"position":{"x":1},"timeoutMs":1}', '{"position":{},"timeoutMs":-1}'])('refuses request %s', (body) => {
    expect(() => decodeAppliedRequest(body)).toThrow(ValidationError);
  });
});

describe('DirectorySigner (directory.psk, reference §6.2)', () => {
  const signer = new DirectorySigner(new Uint8Array(16).fill(7), 1000);
  const NOW = 1_700_000_000_000;
  const header = signer.sign('/directory-streaming', '{"selectors":[]}', NOW);

  it('accepts its own signature within the allowed age', () => {
    expect(header).toMatch(/^[0-9a-f]+:[0-9a-f]{1,16}$/);
    expect(() => signer.verify(header, '/directory-streaming', '{"selectors":[]}', NOW + 1000)).not.toThrow();
  });

  it.each([
    ['no signature', undefined, '/directory-streaming', '{"selectors":[]}', NOW],
    ['another body', header, '/directory-streaming', '{"selectors":[1]}', NOW],
    ['another path', header, '/directory-applied', '{"selectors":[]}', NOW],
    ['an old signature', header, '/directory-streaming', '{"selectors":[]}', NOW + 1001],
    ['a future signature', header, '/directory-streaming', '{"selectors":[]}', NOW - 1001],
    ['garbage', 'x:y', '/directory-streaming', '{"selectors":[]}', NOW],
    ['another key', new DirectorySigner(new Uint8Array(16).fill(8), 1000).sign('/directory-streaming', '{"selectors":[]}', NOW), '/directory-streaming', '{"selectors":[]}', NOW],
  ])('refuses %s with a ForbiddenError', (_, h, path, body, now) => {
    expect(() => signer.verify(h, path, body, now)).toThrow(ForbiddenError);
  });
});
