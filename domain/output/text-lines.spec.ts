import { type Datapoint } from '../datapoints/datapoint.js';
import { PointColumns } from '../datapoints/point-columns.js';
import { bool, decimal, double, long, string } from '../datapoints/value.js';
import { ByteSink } from '../text/byte-sink.js';
import { renderValueText } from '../text/value-render.js';
import { writeTextTick, writeValueText } from './point-render.js';
import { TextLineWriter } from './text-lines.js';

const pt = (ts: bigint, value: Datapoint['value']): Datapoint => ({ ts, value });

/** The fast path's lines for `points`, and the index where it stopped. */
function fused(points: readonly Datapoint[], writer = new TextLineWriter()): { text: string; stopped: number } {
  const out = new ByteSink(8);
  const stopped = writer.continuations(out, PointColumns.of(points), 0, points.length);
  return { text: Buffer.concat(out.take()).toString('utf8'), stopped };
}

/** The reference: `=` + writeTextTick + ` ` + writeValueText + `\n` per point. */
function reference(points: readonly Datapoint[]): string {
  const c = PointColumns.of(points);
  const out = new ByteSink(8);
  for (let i = 0; i < c.length; i++) {
    out.byte(61);
    writeTextTick(out, c, i);
    out.byte(32);
    writeValueText(out, c, i);
    out.byte(10);
  }
  return Buffer.concat(out.take()).toString('utf8');
}

describe('TextLineWriter.continuations', () => {
  it.each([
    ['a 2-decimal value', pt(1_700_000_000_000_000n, decimal(12345n, 2)), '=1700000000000000// 123.45\n'],
    ['trailing fraction zeros stripped', pt(1n, decimal(150n, 2)), '=1// 1.5\n'],
    ['an integral decimal keeps .0', pt(1n, decimal(1000n, 2)), '=1// 10.0\n'],
    ['a decimal zero', pt(0n, decimal(0n, 3)), '=0// 0.0\n'],
    ['a small negative decimal', pt(99_999_999n, decimal(-5n, 2)), '=99999999// -0.05\n'],
    ['scale 9', pt(100_000_000n, decimal(1n, 9)), '=100000000// 0.000000001\n'],
    ['the largest int32 decimal', pt(123_456_789_012n, decimal(2147483647n, 4)), '=123456789012// 214748.3647\n'],
    ['a long', pt(1_000_000_000_000_000n, long(42n)), '=1000000000000000// 42\n'],
    ['a negative long at the largest safe timestamp', pt(9_007_199_254_740_991n, long(-2147483647n)), '=9007199254740991// -2147483647\n'],
    ['a long zero', pt(5n, long(0n)), '=5// 0\n'],
  ])('prints %s as the part writers do', (_, p, expected) => {
    expect(fused([p])).toEqual({ text: expected, stopped: 1 });
    expect(reference([p])).toBe(expected);
  });

  it.each([
    ['a double', pt(1n, double(1.5))],
    ['a boolean', pt(1n, bool(true))],
    ['a string', pt(1n, string('x'))],
    ['a negative timestamp', pt(-1n, long(1n))],
    ['a timestamp beyond 2^53 (9999999999999999)', pt(9_999_999_999_999_999n, long(1n))],
    ['a timestamp of 17 digits', pt(10_000_000_000_000_000n, long(1n))],
    ['a long beyond int32', pt(1n, long(2147483648n))],
    ['a decimal beyond int32', pt(1n, decimal(-2147483648n, 2))],
    ['a decimal of scale 0', pt(1n, decimal(5n, 0))],
    ['a decimal of scale 10', pt(1n, decimal(5n, 10))],
    ['a decimal of negative scale', pt(1n, decimal(5n, -1))],
    ['a located point', { ts: 1n, geo: 0n, value: long(1n) }],
  ])('stops at %s, leaving it to the part writers', (_, p) => {
    const before = pt(2n, long(7n));
    expect(fused([before, p, before])).toEqual({ text: '=2// 7\n', stopped: 1 });
  });

  const timestamps = [0n, 9n, 10n, 9999n, 10_000n, 99_999_999n, 100_000_000n, 100_000_001n, 199_999_999n, 1_000_000_000_000n, 1_700_000_000_000_000n, 9_007_199_254_740_991n];
  const values: [string, Datapoint['value']][] = [
    ['long 0', long(0n)], ['long 7', long(7n)], ['long -1', long(-1n)], ['long 10000', long(10_000n)], ['long 99999999', long(99_999_999n)],
    ['long 100000000', long(100_000_000n)], ['the largest int32 long', long(2147483647n)], ['the smallest long of the fast path', long(-2147483647n)],
    ['decimal -0.05', decimal(-5n, 2)], ['decimal 0 of scale 9', decimal(0n, 9)],
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((s): [string, Datapoint['value']][] => [
      [`decimal 1 of scale ${s}`, decimal(1n, s)], [`decimal -1 of scale ${s}`, decimal(-1n, s)],
      [`decimal 10^${s} of scale ${s}`, decimal(10n ** BigInt(s), s)], [`decimal 10^${s}+10 of scale ${s}`, decimal(10n ** BigInt(s) + 10n, s)],
      [`the largest int32 decimal of scale ${s}`, decimal(2147483647n, s)], [`the smallest decimal of scale ${s}`, decimal(-2147483647n, s)],
      [`decimal 2147483000 of scale ${s}`, decimal(2147483000n, s)], [`decimal 123456789 of scale ${s}`, decimal(123456789n, s)],
      [`decimal 100000000 of scale ${s}`, decimal(100000000n, s)], [`decimal 120000 of scale ${s}`, decimal(120000n, s)],
    ]),
  ];
  it.each(values)('prints %s at edge timestamps as the part writers and renderValueText do', (_, value) => {
    const points = timestamps.map((ts) => pt(ts, value));
    const expected = timestamps.map((ts) => `=${ts}// ${renderValueText(value)}\n`).join('');
    expect(reference(points)).toBe(expected);
    expect(fused(points)).toEqual({ text: expected, stopped: points.length });
  });

  it('prints a long run of timestamps sharing and changing their high digits like the reference', () => {
    const points: Datapoint[] = [];
    for (let i = 0; i < 3000; i++) points.push(pt(1_700_000_099_000_000n - BigInt(i) * 1_000_003n + BigInt(i % 7), decimal(BigInt((i * 7919) % 200_001) - 100_000n, 1 + (i % 9))));
    expect(fused(points)).toEqual({ text: reference(points), stopped: points.length });
  });

  it('prints random int32 values of every scale at timestamps of every length like the reference', () => {
    const points: Datapoint[] = [];
    for (let i = 0; i < 5000; i++) {
      const ts = BigInt(Math.floor(Math.random() * 10 ** (1 + (i % 15))));
      const u = BigInt(Math.floor((Math.random() - 0.5) * 2 * 10 ** (i % 10)) * (i % 3 === 0 ? 1000 : 1)) % 2147483647n;
      const s = i % 10;
      points.push(pt(ts, s === 0 ? long(u) : decimal(u, s)));
    }
    expect(fused(points)).toEqual({ text: reference(points), stopped: points.length });
  });

  it('grows the sink as it writes (lines written across several buffers)', () => {
    const points = Array.from({ length: 10_000 }, (_, i) => pt(BigInt(i), long(BigInt(i))));
    const { text } = fused(points);
    expect(text.length).toBeGreaterThan(64 * 1024);
    expect(text).toBe(reference(points));
  });
});
