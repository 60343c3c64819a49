import type { SeriesId, SeriesName } from '../series/series.js';
import { LineScanner, parseInputBody, readInputBody, splitLines } from './input-body.js';
import { InputParseError, InputParser, type InputParseOptions, type ParsedLine } from './input-format.js';
import { SeriesCache } from './series-cache.js';

const base: InputParseOptions = { now: () => 1000n, parseAttributes: true, labelsMaxSize: 2048, attributesMaxSize: 8192, valueMaxSize: 65536 };

/** The oracle: the body cut into line strings, each parsed on its own (what the body reader must match). */
function lineByLine(text: string, options: InputParseOptions): ParsedLine[] | string {
  const parser = new InputParser(options);
  const out: ParsedLine[] = [];
  try {
    splitLines(text).forEach((line, i) => {
      const parsed = parser.parseLine(line, i + 1);
      if (parsed !== undefined) out.push(parsed);
    });
  } catch (e) {
    return (e as Error).message;
  }
  return out;
}

function inPlace(text: string, options: InputParseOptions): ParsedLine[] | string {
  try {
    return parseInputBody(text, options);
  } catch (e) {
    expect(e).toBeInstanceOf(InputParseError);
    return (e as Error).message;
  }
}

const GOOD = ['1// a{x=1} 1', '2/48.0:2.0/3 b{y=2}{k=v} 2.50', '=3// -7', '4// T', "5// a{x=1} 'it%27s'", '6// 1.5e3', '7//12 c{} hex:0A'];

describe('readInputBody reads lines in place exactly as InputParser reads them one by one', () => {
  it.each<[string, string]>([
    ['\\n-terminated', GOOD.join('\n')],
    ['\\r\\n-terminated with a final terminator', `${GOOD.join('\r\n')}\r\n`],
    ['\\r-terminated', GOOD.join('\r')],
    ['mixed terminators, comments and empty lines', `# c\n${GOOD[0]}\r\r\n${GOOD[1]}\n\n${GOOD[2]}\r${GOOD[3]}`],
    ['lines without braces after a series', '1// a{} 1\n2// 2\n3// 3\n4//  4'],
    ['braces only in a value', "1// a{} 1\n2// a{} 'x{y}'\n3// 3"],
    ['the same timestamp text on every line', '100// a{} 1\n100// b{} 2\n100// a{} 3\n1000// a{} 4\n100// a{} 5'],
    ['relative timestamps between absolute ones', '5// a{} 1\nT5// a{} 2\n5// a{} 3\n// a{} 4'],
    ['a bad value on line 3', '1// a{} 1\n# c\n3// a{} x\n4// a{} y'],
    ['a missing value at the end of a line, another line after', '1// a{}\n2// a{} 2'],
    ['a missing closing brace, braces on the next line', '1// a{b=c 1\n2// a{b=c} 2'],
    ['a missing separator, separators on the next line', '1 a{} 1\n2// a{} 2'],
    ['a missing space, spaces on the next line', '1//a{}1\n2// a{} 2'],
    ['a too large metadata line', `1// a{} 1\n2// a{k=${'v'.repeat(300)}} 2`],
  ])('%s', (_, text) => {
    const options = { ...base, labelsMaxSize: 100 };
    expect(inPlace(text, options)).toEqual(lineByLine(text, options));
  });

  it('reads the same with a time window that skips lines, and with a timeshift', () => {
    const text = '50// a{} 1\n150// a{} 2\n150// b{} 3\n50// b{} 4';
    const options = { ...base, timeshift: 7n, timeWindow: { min: 0n, max: 100n, ignoreOutOfRange: true } };
    expect(inPlace(text, options)).toEqual(lineByLine(text, options));
    expect(inPlace(text, options)).toHaveLength(2);
  });

  it('gives the sink each series as one object and its cached id', () => {
    const idOf = (n: SeriesName) => `${n.className}${n.labels.size}` as SeriesId;
    const got: [SeriesName, SeriesId | undefined, bigint][] = [];
    readInputBody('1// a{} 1\n2// b{x=1} 2\n3// a{} 3', { ...base, seriesCache: new SeriesCache(idOf) }, { add: (name, id, _, point) => got.push([name, id, point.ts]) });
    expect(got.map(([, id, ts]) => [id, ts])).toEqual([['a0', 1n], ['b1', 2n], ['a0', 3n]]);
    expect(got[2][0]).toBe(got[0][0]);
  });

  it('reads a large body of lines without braces (each line does not rescan the rest of the body for a brace)', () => {
    const text = `0// a{} 0\n${Array.from({ length: 50_000 }, (_, i) => `${i}// ${i}`).join('\n')}`;
    expect(inPlace(text, base)).toHaveLength(50_001);
  });
});

describe('LineScanner', () => {
  it.each<[string, [number, number][]]>([
    ['', []],
    ['a', [[0, 1]]],
    ['ab\r\ncd\re\n', [[0, 2], [4, 6], [7, 8]]],
    ['\n\r\n\r', [[0, 0], [1, 1], [3, 3]]],
  ])('cuts %j into %j', (text, ranges) => {
    const scanner = new LineScanner(text);
    const got: [number, number][] = [];
    while (scanner.next()) got.push([scanner.start, scanner.end]);
    expect(got).toEqual(ranges);
  });
});
