import { InputParser } from '../datapoints/input-format.js';
import { ValidationError } from '../errors.js';
import { parseStreamUpdateRequest, readStreamUpdateBlock } from './stream-update.protocol.js';

describe('parseStreamUpdateRequest', () => {
  it.each([
    ['TOKEN abc', { verb: 'TOKEN', token: 'abc' }],
    ['TOKEN \t abc  def', { verb: 'TOKEN', token: 'abc' }],
    ['TOKEN', { verb: 'TOKEN', token: undefined }],
    ['TOKEN\nabc', { verb: 'TOKEN', token: 'abc' }],
    ['CLEARTOKEN', { verb: 'CLEARTOKEN' }],
    ['CLEARTOKEN now', { verb: 'CLEARTOKEN' }],
    ['NOOP', { verb: 'NOOP' }],
    ['ONERROR message', { verb: 'ONERROR', mode: 'message' }],
    ['ONERROR CLOSE', { verb: 'ONERROR', mode: 'close' }],
    ['ONERROR whatever', { verb: 'ONERROR', mode: undefined }],
    ['NOOPS', { verb: 'DATA' }],
    ['TOKENS abc', { verb: 'DATA' }],
    [' NOOP', { verb: 'DATA' }],
    ['noop', { verb: 'DATA' }],
    ['DELTAON', { verb: 'DATA' }],
    ['1// a{} 1', { verb: 'DATA' }],
    ['', { verb: 'DATA' }],
  ])('reads %j as %j', (message, expected) => {
    expect(parseStreamUpdateRequest(message)).toEqual(expected);
  });

  it('refuses ONERROR without a mode', () => {
    expect(() => parseStreamUpdateRequest('ONERROR')).toThrow(ValidationError);
  });
});

/** A parser whose token forces `tok=<name>`, as a session's parser for that token. */
function parserFor(token: string): InputParser {
  return new InputParser({
    now: () => 42n,
    forcedLabels: new Map([['tok', token]]),
    parseAttributes: false,
    labelsMaxSize: 2048,
    attributesMaxSize: 8192,
    valueMaxSize: 65536,
  });
}

function read(text: string, token: string | undefined): { points: string[]; switched: (string | undefined)[]; last: InputParser | undefined } {
  const points: string[] = [];
  const switched: (string | undefined)[] = [];
  const last = readStreamUpdateBlock(
    text,
    token === undefined ? undefined : parserFor(token),
    (t) => {
      switched.push(t);
      if (t === undefined) throw new ValidationError('Invalid token.');
      return parserFor(t);
    },
    { add: (name, _id, _attrs, point) => points.push(`${point.ts} ${name.className} tok=${name.labels.get('tok')} ${point.value.type === 'LONG' ? point.value.value : point.value.type}`) },
  );
  return { points, switched, last };
}

describe('readStreamUpdateBlock', () => {
  it('hands every datapoint of the block to the sink in order, continuation lines included', () => {
    expect(read('1// a{} 1\n2// 2\r\n=3// 3\r4// b{} 4\n', 'w1').points).toEqual(['1 a tok=w1 1', '2 a tok=w1 2', '3 a tok=w1 3', '4 b tok=w1 4']);
  });

  it('switches token on an UPDATE line: later lines carry the new token labels, and the new parser is returned', () => {
    const { points, switched, last } = read('1// a{} 1\nUPDATE  w2 ignored\n2// a{} 2', 'w1');
    expect(switched).toEqual(['w2']);
    expect(points).toEqual(['1 a tok=w1 1', '2 a tok=w2 2']);
    expect(last).toBeDefined();
  });

  it('accepts a block that starts with UPDATE when the session has no token', () => {
    expect(read('UPDATE w3\n5// c{} 5', undefined).points).toEqual(['5 c tok=w3 5']);
  });

  it('reports an UPDATE line without a token through switchToken', () => {
    expect(() => read('UPDATE \n1// a{} 1', 'w1')).toThrow('Invalid token.');
  });

  it('reads an empty block as no datapoint, even without a token', () => {
    expect(read('', undefined).points).toEqual([]);
  });

  it.each([
    ['a data line without token', '1// a{} 1', undefined, 'Missing token.'],
    ['an empty line', '1// a{} 1\n\n2// a{} 2', 'w1', 'String index out of range: 0'],
    ['an empty line without token (token checked first)', '\n', undefined, 'Missing token.'],
    ['a # line without /', '# comment', 'w1', "Parse error at '# comment' (Missing timestamp separator.)"],
    ['a # line with /', '#1// a{} 1', 'w1', "Parse error at '#1// a{} 1' (Invalid timestamp.)"],
    ['a bad value', "1// a{} 'x", 'w1', "Parse error at '1// a{} 'x' (Cannot parse value."],
    ['a line without separator', 'hello', 'w1', "Parse error at 'hello' (Missing timestamp separator.)"],
    ['a continuation first', '=1// 1', 'w1', "Parse error at '=1// 1' (Invalid continuation.)"],
  ])('fails on %s', (_what, text, token, message) => {
    let error: unknown;
    try {
      read(text, token);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message.startsWith(message)).toBe(true);
  });

  it('does not give the line number or index that /update adds', () => {
    expect(() => read('1// a{} 1\n2// a{ 2', 'w1')).toThrow(/^Parse error at '2\/\/ a\{ 2' \(Missing end of labels '}'\.\)$/);
  });

  it('still hands earlier lines to the sink before failing: the caller discards the block', () => {
    const points: string[] = [];
    expect(() => readStreamUpdateBlock('1// a{} 1\nbad', parserFor('w1'), (t) => parserFor(t ?? ''), { add: (_n, _i, _a, p) => points.push(String(p.ts)) })).toThrow(ValidationError);
    expect(points).toEqual(['1']);
  });
});
