import { ByteSink } from './byte-sink.js';
import { writeDecimalJson, writeDecimalText } from './decimal-bytes.js';
import { decimalToJavaString, decimalToPlainText } from './java-big-decimal.js';

function written(write: (out: ByteSink, u: number, s: number) => void, u: number, s: number): string {
  const sink = new ByteSink(2);
  write(sink, u, s);
  return Buffer.concat(sink.take()).toString('utf8');
}

const cases: [number, number][] = [
  [0, 0], [0, 5], [0, -3], [1, 0], [-1, 0], [150, 2], [15, 1], [-5, 2], [5, 2], [1, 7], [1, 6], [12, 8], [1000, 2], [10, 0], [-100, 1],
  [12345, -3], [7, -1], [123456789, 4], [-123456789, 9], [Number.MAX_SAFE_INTEGER, 0], [Number.MAX_SAFE_INTEGER, 18], [-Number.MAX_SAFE_INTEGER, 3],
  [5, 30], [5, 31], [5, -31], [100, 33], [-7, 40],
];

describe('writeDecimalText / writeDecimalJson', () => {
  it.each(cases)('print %p × 10^-%p as decimalToPlainText and decimalToJavaString do', (u, s) => {
    expect(written(writeDecimalText, u, s)).toBe(decimalToPlainText(BigInt(u), s));
    expect(written(writeDecimalJson, u, s)).toBe(decimalToJavaString(BigInt(u), s));
  });

  const int32Edges = [0, 1, -1, 5, -5, 9, 10, 99, 100, 1000, 9999, 10_000, 10_010, 120_000, 99_999_999, 100_000_000, 123_456_789, 999_999_999, 1_000_000_000, 2_147_483_000, 2_147_483_647, -2_147_483_647];
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9])('print int32 edge values of scale %p as the BigInt functions do', (s) => {
    for (const u of int32Edges) {
      expect([u, written(writeDecimalText, u, s)]).toEqual([u, decimalToPlainText(BigInt(u), s)]);
      expect([u, written(writeDecimalJson, u, s)]).toEqual([u, decimalToJavaString(BigInt(u), s)]);
    }
  });

  it('print random 2-to-6-decimal values as the BigInt functions do', () => {
    for (let i = 0; i < 5000; i++) {
      const u = Math.floor((Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 12));
      const s = Math.floor(Math.random() * 9) - 2;
      expect([u, s, written(writeDecimalText, u, s)]).toEqual([u, s, decimalToPlainText(BigInt(u), s)]);
      expect([u, s, written(writeDecimalJson, u, s)]).toEqual([u, s, decimalToJavaString(BigInt(u), s)]);
    }
  });
});
