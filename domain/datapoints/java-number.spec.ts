import { parseJavaLongAt, readSafeLongAt } from './java-number.js';

/** readSafeLongAt's number, NaN when it refuses the text. */
function safeLongAt(text: string, from: number, to: number): number {
  const out = { value: 0 };
  return readSafeLongAt(text, from, to, out) ? out.value : NaN;
}

describe('readSafeLongAt', () => {
  it.each([
    ['1700000000000000', 1700000000000000],
    ['+42', 42],
    ['-42', -42],
    ['-0', 0],
    ['0000012', 12],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
    ['-9007199254740991', -Number.MAX_SAFE_INTEGER],
  ])('reads %s as the number Long.parseLong gives', (text, expected) => {
    const n = safeLongAt(` ${text} `, 1, text.length + 1);
    expect(Object.is(n, expected)).toBe(true);
    expect(BigInt(n)).toBe(parseJavaLongAt(text, 0, text.length));
  });

  it.each(['', '+', '-', ' 1', '1 ', '1.5', '12a', '9007199254740992', '-9007199254740992', '99999999999999999999'])(
    'refuses %j (invalid, or beyond the safe range: the caller reads those as BigInts)',
    (text) => {
      expect(safeLongAt(text, 0, text.length)).toBeNaN();
    },
  );
});
