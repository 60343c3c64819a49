import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { javaDigits, javaDoubleToString } from './java-double.js';

const fromBits = (hex: string) => {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, BigInt(`0x${hex}`));
  return dv.getFloat64(0);
};

describe('javaDoubleToString', () => {
  // Expected texts are Java's Double.toString, reference §7.1 "Value rendering" and JDK 25.
  it.each([
    [1000.0, '1000.0'],
    [1.0e7, '1.0E7'],
    [1.0e-5, '1.0E-5'],
    [0.001, '0.001'],
    [9.999999999999998e-4, '9.999999999999998E-4'],
    [9999999.0, '9999999.0'],
    [9999999.999999998, '9999999.999999998'],
    [Number('1.2345678901234567'), '1.2345678901234567'],
    [123456789.0, '1.23456789E8'],
    [Number('1.0E-323'), '9.9E-324'],
    [Number.MAX_VALUE, '1.7976931348623157E308'],
    [Number.MIN_VALUE, '4.9E-324'],
    [2.2250738585072014e-308, '2.2250738585072014E-308'],
    [-0.0, '-0.0'],
    [0.0, '0.0'],
    [-1.5, '-1.5'],
    [-1.0e7, '-1.0E7'],
    [-3.14e-10, '-3.14E-10'],
    [2.0e23, '2.0E23'],
    [1.0e21, '1.0E21'],
    [0.1, '0.1'],
    [100.0, '100.0'],
    [0.002, '0.002'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('prints %p as %s', (x, expected) => {
    expect(javaDoubleToString(x)).toBe(expected);
  });

  it('agrees with Java 25 on the recorded golden doubles (random bits, subnormals, decimals, powers of ten)', () => {
    const lines = readFileSync(join(__dirname, 'java-double.golden.tsv'), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(lines.length).toBeGreaterThan(2800);
    const mismatches = lines
      .map((l) => l.split('\t'))
      .filter(([bits, text]) => javaDoubleToString(fromBits(bits)) !== text)
      .slice(0, 5);
    expect(mismatches).toEqual([]);
  });
});

describe('javaDigits', () => {
  it.each([
    [1.5, '15', 0],
    [1200, '12', 3],
    [Number.MIN_VALUE, '49', -324],
    [Number('1E-323'), '99', -324],
    [0.25, '25', -1],
  ])('gives the significant digits and exponent of %p', (x, digits, exponent) => {
    expect(javaDigits(x)).toEqual({ digits, exponent });
  });
});
