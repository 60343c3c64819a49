import { decimalToJavaString, decimalToPlainText } from './java-big-decimal.js';

describe('DECIMAL text forms', () => {
  // Expected: Java BigDecimal.valueOf(unscaled, scale).stripTrailingZeros(), then toPlainString() (+ ".0"
  // when scale <= 0, GTSHelper.encodeValue) and toString(), recorded with JDK 25; reference §7.1.
  it.each([
    [15n, 1, '1.5', '1.5'],
    [150n, 2, '1.5', '1.5'],
    [100n, 1, '10.0', '1E+1'],
    [1n, 5, '0.00001', '0.00001'],
    [1n, 7, '0.0000001', '1E-7'],
    [1n, 6, '0.000001', '0.000001'],
    [100n, 0, '100.0', '1E+2'],
    [0n, 0, '0.0', '0'],
    [0n, 3, '0.0', '0'],
    [-1234n, 2, '-12.34', '-12.34'],
    [-1n, 7, '-0.0000001', '-1E-7'],
    [123456789012345n, 3, '123456789012.345', '123456789012.345'],
    [5n, -3, '5000.0', '5E+3'],
    [1n, 0, '1.0', '1'],
    [10n, 0, '10.0', '1E+1'],
    [-500n, 1, '-50.0', '-5E+1'],
    [7n, -1, '70.0', '7E+1'],
    [123n, 9, '0.000000123', '1.23E-7'],
    [123n, 8, '0.00000123', '0.00000123'],
    [31415n, 4, '3.1415', '3.1415'],
  ])('(%p, scale %p) prints %s in text and %s in JSON', (unscaled, scale, text, json) => {
    expect(decimalToPlainText(unscaled, scale)).toBe(text);
    expect(decimalToJavaString(unscaled, scale)).toBe(json);
  });
});
