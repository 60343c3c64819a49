import { percentDecode, percentEncode } from './percent.js';

describe('percent-encoding (reference §1.7)', () => {
  const encodes: [string, string][] = [
    ['abc.-*_XYZ09', 'abc.-*_XYZ09'],
    ['a b', 'a%20b'],
    ['~', '%7E'],
    ["'", '%27'],
    ['+', '%2B'],
    ['/', '%2F'],
    [':', '%3A'],
    ['é', '%C3%A9'],
    ['{a=b,c}', '%7Ba%3Db%2Cc%7D'],
  ];
  it.each(encodes)('encodes %j as %j', (input, want) => expect(percentEncode(input)).toBe(want));

  const decodes: [string, string][] = [
    ['plain+text', 'plain+text'],
    ['a%20b+c', 'a b+c'],
    ['%C3%A9t%C3%A9', 'été'],
    ['%7e%7E', '~~'],
  ];
  it.each(decodes)('decodes %j as %j', (input, want) => expect(percentDecode(input)).toBe(want));

  it.each(['%zz', '%4', 'abc%'])('rejects the invalid escape %j', (input) => {
    expect(() => percentDecode(input)).toThrow(/invalid escape/);
  });

  it('round-trips any text', () => {
    for (const s of ['', ' ', '%', 'a=b,c}d{', '日本語', '\u0000\u007f']) expect(percentDecode(percentEncode(s))).toBe(s);
  });
});
