import { jsonLatin1String, jsonString } from './json-string.js';

describe('jsonString (Jackson with ESCAPE_NON_ASCII, reference §7.1)', () => {
  it.each([
    ['plain', 'my.class', '"my.class"'],
    ['empty', '', '""'],
    ['quote and backslash', 'a"b\\c', '"a\\"b\\\\c"'],
    ['short control escapes', '\b\t\n\f\r', '"\\b\\t\\n\\f\\r"'],
    ['other control chars as upper-case \\u00XX', '\u0000\u001f\u000b', '"\\u0000\\u001F\\u000B"'],
    ['slash and DEL kept', '/\u007f', '"/\u007f"'],
    ['non-ASCII escaped', 'é€', '"\\u00E9\\u20AC"'],
    ['surrogate pairs as two escapes', '😀', '"\\uD83D\\uDE00"'],
    ['mixed', 'a é "b"', '"a \\u00E9 \\"b\\""'],
  ])('escapes %s', (_, input, expected) => {
    expect(jsonString(input)).toBe(expected);
  });

  it('produces JSON that parses back to the input', () => {
    const input = 'x\u0001"\\é😀\u2028/';
    expect(JSON.parse(jsonString(input))).toBe(input);
  });
});

describe('jsonLatin1String', () => {
  it('prints bytes as ISO-8859-1 chars, escaped like any string', () => {
    expect(jsonLatin1String(Uint8Array.from([0x41, 0x00, 0x22, 0x7f, 0x80, 0xff]))).toBe('"A\\u0000\\"\u007f\\u0080\\u00FF"');
  });
});
