import { javaWhitespaceSplit, parseJavaDouble, parsePlasmaCommand, type PlasmaCommand } from './plasma-command.js';

describe('parsePlasmaCommand', () => {
  it.each<[string, PlasmaCommand]>([
    ['SUBSCRIBE tok cls{a=b}', { verb: 'SUBSCRIBE', token: 'tok', selector: 'cls{a=b}' }],
    ['UNSUBSCRIBE\ttok  ~c.*{}\n', { verb: 'UNSUBSCRIBE', token: 'tok', selector: '~c.*{}' }],
    ['SUBSCRIBE tok cls{} extra', { verb: 'SUBSCRIBE', token: 'tok', selector: 'cls{}' }],
    ['SUBSCRIPTIONS', { verb: 'SUBSCRIPTIONS' }],
    ['CLEAR', { verb: 'CLEAR' }],
    ['NOOP', { verb: 'NOOP' }],
    ['', { verb: 'NOOP' }],
    [' SUBSCRIBE tok cls{}', { verb: 'NOOP' }],
    ['GEO whatever', { verb: 'GEO' }],
    ['STATS', { verb: 'STATS' }],
    ['TEXT', { verb: 'FORMAT', format: 'TEXT' }],
    ['FULLTEXT', { verb: 'FORMAT', format: 'FULLTEXT' }],
    ['JSON', { verb: 'FORMAT', format: 'JSON' }],
    ['RAW', { verb: 'FORMAT', format: 'RAW' }],
    ['WRAPPER', { verb: 'FORMAT', format: 'WRAPPER' }],
    ['SAMPLE 0.5', { verb: 'SAMPLE', rate: 0.5 }],
    ['SAMPLE 1', { verb: 'SAMPLE', rate: 1 }],
    ['SAMPLE 0', { verb: 'SAMPLE', rate: 1 }],
    ['SAMPLE 2', { verb: 'SAMPLE', rate: 1 }],
    ['SAMPLE -0.5', { verb: 'SAMPLE', rate: 1 }],
    ['SAMPLE NaN', { verb: 'SAMPLE', rate: 1 }],
    ['SAMPLE .25d', { verb: 'SAMPLE', rate: 0.25 }],
    ['SAMPLE 5e-1', { verb: 'SAMPLE', rate: 0.5 }],
    ['SAMPLE abc', { verb: 'CLOSE', reason: 'For input string: "abc"' }],
    ['SAMPLE', { verb: 'CLOSE', reason: 'Index 1 out of bounds for length 1' }],
    ['SUBSCRIBE tok', { verb: 'CLOSE', reason: 'Index 2 out of bounds for length 2' }],
    ['   ', { verb: 'CLOSE', reason: 'Index 0 out of bounds for length 0' }],
    ['subscribe tok cls{}', { verb: 'CLOSE', reason: 'Invalid verb.' }],
    ['HELLO', { verb: 'CLOSE', reason: 'Invalid verb.' }],
  ])('%j parses as %j', (message, expected) => {
    expect(parsePlasmaCommand(message)).toEqual(expected);
  });
});

describe('javaWhitespaceSplit (Java split("\\\\s+"))', () => {
  it.each<[string, string[]]>([
    ['a b', ['a', 'b']],
    ['a  \t b\n', ['a', 'b']],
    [' a', ['', 'a']],
    ['', ['']],
    ['  ', []],
    ['a\u00a0b', ['a\u00a0b']],
  ])('%j splits into %j', (text, words) => {
    expect(javaWhitespaceSplit(text)).toEqual(words);
  });
});

describe('parseJavaDouble', () => {
  it.each<[string, number | undefined]>([
    ['0.5', 0.5], [' 1 ', 1], ['1f', 1], ['-Infinity', -Infinity], ['1.', 1], ['', undefined], ['0x1p3', undefined], ['1e', undefined],
  ])('%j reads as %p', (text, value) => {
    expect(parseJavaDouble(text)).toBe(value);
  });
});
