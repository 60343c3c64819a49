import { parseNumericIn, parseValueIn, valueOfNumeric, type NumericValue } from './value-parser.js';

describe('parseNumericIn (the fast path of parseValueIn)', () => {
  it.each(['0', '-0', '+7', '42', '-12345678901234', '999999999999999', '1.50', '-0.0', '0.000', '.5', '5.', '-1.25', '+3.140', '12.3400000000', '1.0000000000001', '70368744177.663'])(
    'reads %s as parseValueIn does',
    (text) => {
      const out: NumericValue = { kind: -1, num: NaN, scale: NaN };
      expect(parseNumericIn(text, 0, text.length, out)).toBe(true);
      expect(valueOfNumeric(out)).toEqual(parseValueIn(text, 0, text.length));
      expect(Object.is(out.num, -0)).toBe(false);
    },
  );

  it.each(['', '-', '+', '.', '1..2', '1-2', '--1', '1e5', '1234567890123456', '0.1234567890123456', ' 1', '1 ', 'T', "'a'", '70368744177.664', '-1234567890123456', '1.00000000000001'])(
    'leaves %j to parseValueIn',
    (text) => {
      const out: NumericValue = { kind: -1, num: NaN, scale: NaN };
      expect(parseNumericIn(text, 0, text.length, out)).toBe(false);
      expect(out.kind).toBe(-1);
    },
  );

  it('reads a value inside a line', () => {
    const out: NumericValue = { kind: -1, num: NaN, scale: NaN };
    expect(parseNumericIn('1// a{} 12.5 tail', 8, 12, out)).toBe(true);
    expect(valueOfNumeric(out)).toEqual(parseValueIn('12.5', 0, 4));
  });
});
