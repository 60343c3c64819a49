import { ValidationError } from '../errors.js';
import { InputParseError, InputParser, type InputParseOptions } from './input-format.js';
import { chainedMessage } from './input-parse-error.js';

const base: InputParseOptions = {
  now: () => 1000n,
  parseAttributes: false,
  labelsMaxSize: 2048,
  attributesMaxSize: 8192,
  valueMaxSize: 65536,
};

/** Parses the lines in order and returns the error thrown by the last one. */
function errorOf(lines: string[], options: Partial<InputParseOptions> = {}): InputParseError {
  const parser = new InputParser({ ...base, ...options });
  lines.slice(0, -1).forEach((line, i) => parser.parseLine(line, i + 1));
  try {
    parser.parseLine(lines[lines.length - 1], lines.length);
  } catch (e) {
    if (e instanceof InputParseError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

const PREVIOUS = '0// p{x=1} 0';

/** Pads optional trailing cells with undefined (jest passes `done` to a test with more parameters than cells). */
function padded<T extends unknown[]>(rows: T[], width: number): T[] {
  return rows.map((row) => [...row, ...new Array(width - row.length).fill(undefined)] as T);
}

// Reference §1.5: every reason, with the index Warp 10 reports.
describe('InputParser rejects malformed lines with Warp 10 reasons and indexes', () => {
  it.each<[string[], number, string, string?]>(padded([
    [['abc'], 0, 'Missing timestamp separator.'],
    [['   '], 0, 'Missing timestamp separator.'],
    [[PREVIOUS, '=abc'], 1, 'Missing timestamp separator.'],
    [['x// a{} 1'], 0, 'Invalid timestamp.'],
    [['1.5// a{} 1'], 0, 'Invalid timestamp.'],
    [[' 1// a{} 1'], 0, 'Invalid timestamp.'],
    [['9223372036854775808// a{} 1'], 0, 'Invalid timestamp.'],
    [['T// a{} 1'], 0, 'Invalid timestamp.'],
    [['Tx// a{} 1'], 0, 'Invalid timestamp.'],
    [[PREVIOUS, '=x// 1'], 1, 'Invalid timestamp.'],
    [['1/ a{} 1'], 2, 'Missing location/elevation separator.'],
    [['1/x:y/ a{} 1'], 2, "Invalid location: 'x:y'."],
    [['1/48.0/ a{} 1'], 2, "Invalid location: '48.0'."],
    [['1/1:2:3/ a{} 1'], 2, "Invalid location: '1:2:3'."],
    [['1//a{}1'], 3, 'Missing GTS name, labels and value.'],
    [[PREVIOUS, '=1//2'], 4, 'Missing value.'],
    [['1//x a{} 1'], 3, "Invalid elevation: 'x'."],
    [['1//1.5 a{} 1'], 3, "Invalid elevation: '1.5'."],
    [['1// '], 4, 'Missing value'],
    [[PREVIOUS, '1//    '], 7, 'Missing value'],
    [['1// 42'], 4, 'Missing or invalid GTS name and labels.'],
    [['1// a{b=c 1'], 10, "Missing end of labels '}'."],
    [['1// a{b} 1'], 6, 'Invalid label definition.', 'b'],
    [['1// a{x=1, b c } 1'], 6, 'Invalid label definition.', 'b c'],
    [['1// a{b~c} 1'], 6, 'Invalid label definition.', '~c'],
    [['1// a{b~%41} 1'], 6, 'Invalid label definition.', '~A'],
    [['1// a{%zz=1} 1'], 6, 'URLDecoder: Illegal hex characters in escape (%) pattern - For input string: "zz"'],
    [['1// %zz{} 1'], 4, 'URLDecoder: Illegal hex characters in escape (%) pattern - For input string: "zz"'],
    [['1// a{}'], 6, 'Missing value.'],
    [['1// a{}   '], 9, 'Missing value.'],
    [['1// a{}{k=v 1'], 12, 'Missing value.'],
    [['1// a{} abc'], 8, 'Cannot parse value.', 'For input string: "abc"'],
    [['1// a{} HH:1:y'], 13, 'Cannot parse longitude.', 'For input string: "y"'],
    [['1// a{} :m:x'], 8, "Unsupported value ':m:x'"],
    [[PREVIOUS, "2// 'x{y=z}'"], 11, 'Cannot parse value.', 'String index out of range: -1'],
    [['=1// 2'], 0, 'Invalid continuation.'],
  ], 4))('%j → index %i, %s (%s)', (lines, index, reason, cause) => {
    const e = errorOf(lines);
    expect({ index: e.index, reason: e.reason, cause: e.causeMessage }).toEqual({ index, reason, cause });
  });

  it.each<[string, number, string, string?]>(padded([
    ['1// a{}{k=v 1', 12, "Missing end of attributes '}'."],
    ['1// a{}{k} 1', 9, 'Invalid attribute definition.', 'k'],
    ['1// a{}{k=%4} 1', 8, 'URLDecoder: Incomplete trailing escape (%) pattern'],
  ], 4))('with parseAttributes, %j → index %i, %s', (line, index, reason, cause) => {
    const e = errorOf([line], { parseAttributes: true });
    expect({ index: e.index, reason: e.reason, cause: e.causeMessage }).toEqual({ index, reason, cause });
  });

  it.each<[string, number, string]>([
    ['-1// a{} 1', 2, 'Timestamp -1 is too far in the past.'],
    ['101// a{} 1', 3, 'Timestamp 101 is too far in the future.'],
    ['T-1001// a{} 1', 6, 'Timestamp -1 is too far in the past.'],
  ])('outside the time window, %j → index %i, %s', (line, index, reason) => {
    const e = errorOf([line], { timeWindow: { min: 0n, max: 100n, ignoreOutOfRange: false } });
    expect([e.index, e.reason]).toEqual([index, reason]);
  });

  it('still rejects a malformed out-of-range line when out-of-range points are ignored', () => {
    const e = errorOf(['-1// a{} x'], { timeWindow: { min: 0n, ignoreOutOfRange: true } });
    expect(e.reason).toBe('Cannot parse value.');
  });
});

describe('InputParser value size limit (§1.3)', () => {
  it.each<[string[], string]>([
    [["1// a{} 'abcd'"], 'Value too large for GTS '],
    [['1// a{} hex:01020304'], 'Value too large for GTS '],
    [['1// a{} b64:AQIDBA'], 'Value too large for GTS '],
    // Warp 10 names the previous line's series
    [['1// p%2C{x=1,%C3%A9=%20,a=b} 1', "2// a{} 'abcd'"], 'Value too large for GTS p%2C{a=b,x=1,%C3%A9=%20}'],
    [['1// ~p{} 1', "2// a{} 'abcd'"], 'Value too large for GTS =%7Ep{}'],
    [['1// a{} 1', "=2// 'abcd'"], 'Value too large for GTS a{}'],
  ])('%j → %s', (lines, reason) => {
    const e = errorOf(lines, { valueMaxSize: 3 });
    expect(e.reason).toBe(reason);
  });

  it('accepts values of exactly the maximum size', () => {
    const parser = new InputParser({ ...base, valueMaxSize: 3 });
    expect(parser.parseLine("1// a{} 'abc'", 1)?.point.value).toEqual({ type: 'STRING', value: 'abc' });
  });
});

describe('InputParser metadata checks (§1.4)', () => {
  it.each<[string, Partial<InputParseOptions>]>([
    [`1// a{k=${'v'.repeat(101)}} 1`, { labelsMaxSize: 10 }],
    ['1// a{}{.owner=x} 1', { parseAttributes: true, attributesMaxSize: 5 }],
    ['1// a{}{.producer=x} 1', { parseAttributes: true, attributesMaxSize: 5 }],
    ['1// a{}{.app=x} 1', { parseAttributes: true, attributesMaxSize: 5 }],
    ['1// a{k=v}{k=w} 1', { parseAttributes: true, attributesMaxSize: 5 }],
    ['1// a{}{k=123456} 1', { parseAttributes: true, attributesMaxSize: 6 }],
  ])('%j with %j → Invalid or too large metadata at index 0', (line, options) => {
    const e = errorOf([line], options);
    expect([e.index, e.reason]).toEqual([0, 'Invalid or too large metadata']);
  });

  it('checks the forced labels too', () => {
    const forcedLabels = new Map([['k', 'v']]);
    const e = errorOf(['1// a{}{k=w} 1'], { forcedLabels, parseAttributes: true, attributesMaxSize: 5 });
    expect(e.reason).toBe('Invalid or too large metadata');
  });
});

describe('InputParseError message', () => {
  it('is Warp 10 shaped, with the line number appended', () => {
    const e = errorOf(['1// a{} 1', '2// a{} x']);
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toBe(`Parse error at index 8 in '2// a{} x' (Cannot parse value. (For input string: "x")) at line 2`);
    expect([e.line, e.lineNumber]).toEqual(['2// a{} x', 2]);
  });

  it('has no cause part when Warp 10 has none', () => {
    expect(errorOf(['abc']).message).toBe("Parse error at index 0 in 'abc' (Missing timestamp separator.) at line 1");
  });

  it('is shortened in the middle of its longest parts to fit the 1024-char HTTP reason', () => {
    const line = `1// a{} ${'x'.repeat(3000)}`;
    const message = errorOf([line]).message;
    const warp10Part = message.slice(0, -' at line 1'.length);
    expect(message.endsWith('")) at line 1')).toBe(true);
    expect(warp10Part.length).toBeLessThanOrEqual(998);
    expect(warp10Part).toMatch(/^Parse error at index 8 in '1\/\/ a\{\} x+\.\.\.x+' \(Cannot parse value\. \(For input string: "x+\.\.\.x+"\)\)$/);
  });

  it('shortens like ThrowableUtils.getErrorMessage', () => {
    const expected = `${'a'.repeat(15)}...${'a'.repeat(14)} (${'b'.repeat(13)}...${'b'.repeat(13)})`;
    expect(chainedMessage(['a'.repeat(50), 'b'.repeat(50)], 64)).toBe(expected);
    expect(chainedMessage(['short', 'chain'], 64)).toBe('short (chain)');
  });
});
