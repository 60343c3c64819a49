import { toGeoPoint } from '../series/geo.js';
import { parseInputBody, splitLines } from './input-body.js';
import { InputParser, type InputParseOptions, type ParsedLine } from './input-format.js';
import { bool, decimal, double, long, string } from './value.js';

const NOW = 1000n;
const base: InputParseOptions = {
  now: () => NOW,
  parseAttributes: false,
  labelsMaxSize: 2048,
  attributesMaxSize: 8192,
  valueMaxSize: 65536,
};

function parseAll(lines: string[], options: Partial<InputParseOptions> = {}): (ParsedLine | undefined)[] {
  const parser = new InputParser({ ...base, ...options });
  return lines.map((line, i) => parser.parseLine(line, i + 1));
}

function parseOne(line: string, options: Partial<InputParseOptions> = {}): ParsedLine {
  const [parsed] = parseAll([line], options);
  if (parsed === undefined) throw new Error(`line skipped: ${line}`);
  return parsed;
}

const labelsOf = (p: ParsedLine) => Object.fromEntries(p.name.labels);

describe('InputParser reads timestamps, locations and elevations (§1.2)', () => {
  it.each<[string, Partial<InputParseOptions>, bigint]>([
    ['1// a{} 1', {}, 1n],
    ['+5// a{} 1', {}, 5n],
    ['-5// a{} 1', {}, -5n],
    ['// a{} 1', {}, NOW],
    ['/48.0:-4.5/ a{} 1', {}, NOW],
    ['T-5000// a{} 1', {}, NOW - 5000n],
    ['T+5// a{} 1', {}, NOW + 5n],
    ['1// a{} 1', { timeshift: 10n }, 11n],
    ['// a{} 1', { timeshift: -10n }, NOW - 10n],
    ['T5// a{} 1', { timeshift: 10n }, NOW + 15n],
    ['9223372036854775807// a{} 1', { timeshift: 1n }, -(2n ** 63n)],
  ])('%s with %j has timestamp %s', (line, options, ts) => {
    expect(parseOne(line, options).point.ts).toBe(ts);
  });

  it.each<[string, bigint | undefined, bigint | undefined]>([
    ['1// a{} 1', undefined, undefined],
    ['1/48.0:-4.5/ a{} 1', toGeoPoint(48, -4.5), undefined],
    ['1/ 48.0 : -4.5 / a{} 1', toGeoPoint(48, -4.5), undefined],
    ['1/1e1:2d/ a{} 1', toGeoPoint(10, 2), undefined],
    ['1/123456/ a{} 1', 123456n, undefined],
    ['1//100 a{} 1', undefined, 100n],
    ['1/48.0:-4.5/-3 a{} 1', toGeoPoint(48, -4.5), -3n],
    // Warp 10's "no location" / "no elevation" markers written explicitly mean absent
    [`1/${0x0145014501450145n}/ a{} 1`, undefined, undefined],
    ['1//-9223372036854775808 a{} 1', undefined, undefined],
  ])('%s has geo %s and elevation %s', (line, geo, elev) => {
    const { point } = parseOne(line);
    expect([point.geo, point.elev]).toEqual([geo, elev]);
  });

  it('asks for "now" only for lines without an absolute timestamp', () => {
    const now = jest.fn(() => NOW);
    parseAll(['1// a{} 1', '// a{} 2', 'T1// a{} 3', '=4// 4'], { now });
    expect(now).toHaveBeenCalledTimes(2);
  });
});

describe('InputParser reads class names and labels with Warp 10 quirks (§1.2, §1.7)', () => {
  it.each<[string, string, Record<string, string>]>([
    ['1// a{} 1', 'a', {}],
    ['1//   a{b=c}   1', 'a', { b: 'c' }],
    ['1// a b{} 1', 'a b', {}],
    ['1// a%20b{} 1', 'a b', {}],
    ['1// a+b%21{} 1', 'a+b!', {}],
    ['1// a+b{} 1', 'a+b', {}],
    ['1// a{x=1=2} 1', 'a', { x: '1' }],
    ['1// a{a = b} 1', 'a', { 'a ': ' b' }],
    ['1// a{,,x=1,,} 1', 'a', { x: '1' }],
    ['1// a{x=} 1', 'a', { x: '' }],
    ['1// a{ x=1 , y=2 } 1', 'a', { x: '1', y: '2' }],
    ['1// a{x%3D=1%2C2%7D} 1', 'a', { 'x=': '1,2}' }],
    ['1// a{x=1,x=2} 1', 'a', { x: '2' }],
    ['1// a{b~c,b=d} 1', 'a', { b: 'd' }],
    ['1// a{x=1}{k=v} 1', 'a', { x: '1' }],
  ])('%s is class %j with labels %j', (line, className, labels) => {
    const parsed = parseOne(line);
    expect([parsed.name.className, labelsOf(parsed)]).toEqual([className, labels]);
  });

  it('lets labels forced by the token override the line labels (§1.2, §2.3)', () => {
    const forcedLabels = new Map([['.owner', 'o'], ['b', 'forced']]);
    expect(labelsOf(parseOne('1// a{b=c,d=e} 1', { forcedLabels }))).toEqual({ b: 'forced', d: 'e', '.owner': 'o' });
  });

  it('skips the attributes block unless parseAttributes is on', () => {
    expect(parseOne('1// a{x=1}{k=v} 1').attributes).toBeUndefined();
    const parsed = parseOne('1// a{x=1}{k=v,l=%2A} 1', { parseAttributes: true });
    expect(Object.fromEntries(parsed.attributes ?? [])).toEqual({ k: 'v', l: '*' });
    expect(parseOne('1// a{}{} 1', { parseAttributes: true }).attributes?.size).toBe(0);
  });
});

describe('InputParser takes the rest of the line as the value (§1.3)', () => {
  it.each([
    ['1// a{} 42', long(42n)],
    ['1// a{} 42 ', double(42)],
    ['1// a{} 1.50', decimal(15n, 1)],
    ["1// a{} 'x y '", string('x y ')],
    ["1// a{} 'a{b}'", string('a{b}')],
    ['1// a{} T', bool(true)],
    ['1// a{b=c}{k=v}   F', bool(false)],
  ])('%j', (line, value) => {
    expect(parseOne(line).point.value).toEqual(value);
  });
});

describe('InputParser groups lines by series', () => {
  it('gives continuation lines and lines without braces the previous series, same object', () => {
    const [a, b, c] = parseAll(['1// a{x=1} 1', '=2/48.0:2.0/3 2', '3// 3']);
    expect(b?.name).toBe(a?.name);
    expect(c?.name).toBe(a?.name);
    expect(b?.point).toEqual({ ts: 2n, geo: toGeoPoint(48, 2), elev: 3n, value: long(2n) });
    expect(c?.point.ts).toBe(3n);
  });

  it('reuses the series object for the same class and labels, however written', () => {
    const [a, b, c] = parseAll(['1// a{x=1,y=2} 1', '2// a{x=1,y=2} 2', '3// a{y=2, x=1} 3']);
    expect(b?.name).toBe(a?.name);
    expect(c?.name).toBe(a?.name);
  });

  it('starts a new series object when class or labels change', () => {
    const [a, b, c] = parseAll(['1// a{x=1} 1', '2// a{x=2} 2', '3// a{x=1} 3']);
    expect(b?.name).not.toBe(a?.name);
    expect(c?.name).not.toBe(b?.name);
    expect(c?.name).toEqual(a?.name);
  });

  it('keeps the series object when forced labels make two texts the same series', () => {
    const forcedLabels = new Map([['x', 'f']]);
    const [a, b] = parseAll(['1// a{x=1} 1', '2// a{x=2} 2'], { forcedLabels });
    expect(b?.name).toBe(a?.name);
  });
});

describe('InputParser skips lines', () => {
  it.each(['', '#', '# 1// a{} x', '#comment'])('%j', (line) => {
    expect(parseAll([line])).toEqual([undefined]);
  });

  it('drops out-of-range points when ignoreOutOfRange is set, but they still name the series', () => {
    const timeWindow = { min: 0n, max: 100n, ignoreOutOfRange: true };
    const [a, b, c] = parseAll(['-1// a{} 1', '2// 2', '101// b{} 3'], { timeWindow });
    expect(a).toBeUndefined();
    expect(b?.name.className).toBe('a');
    expect(c).toBeUndefined();
  });

  it('accepts timestamps on the bounds of the time window', () => {
    const timeWindow = { min: 0n, max: 100n, ignoreOutOfRange: false };
    expect(parseAll(['0// a{} 1', '100// a{} 1'], { timeWindow }).map((p) => p?.point.ts)).toEqual([0n, 100n]);
  });
});

describe('InputParser metadata limits (§1.4)', () => {
  const labelValue = (n: number) => 'v'.repeat(n);

  it('accepts labels up to labelsMaxSize + 91 chars', () => {
    const parsed = parseOne(`1// a{k=${labelValue(100)}} 1`, { labelsMaxSize: 10 });
    expect(parsed.name.labels.get('k')).toHaveLength(100);
  });

  it('skips the check on lines too short to break a limit', () => {
    expect(parseOne('1// a{}{.owner=x} 1', { parseAttributes: true }).attributes?.get('.owner')).toBe('x');
  });
});

describe('splitLines and parseInputBody', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['\n', ['']],
    ['a', ['a']],
    ['a\nb', ['a', 'b']],
    ['a\r\nb\rc\n', ['a', 'b', 'c']],
    ['a\n\n', ['a', '']],
    ['a\r\r\nb', ['a', '', 'b']],
  ])('splits %j like readLine', (text, lines) => {
    expect(splitLines(text)).toEqual(lines);
  });

  it('returns every datapoint of a body, skipping comments and empty lines', () => {
    const parsed = parseInputBody('# header\r\n1// a{} 1\n\n=2// 2\r3// b{} 3\n', base);
    expect(parsed.map((p) => [p.name.className, p.point.ts])).toEqual([['a', 1n], ['a', 2n], ['b', 3n]]);
  });

  it('throws for the first bad line, with its 1-based line number', () => {
    expect(() => parseInputBody('1// a{} 1\n# c\n3// a{} x\n4// a{} y', base)).toThrow(
      `Parse error at index 8 in '3// a{} x' (Cannot parse value. (For input string: "x")) at line 3`,
    );
  });
});
