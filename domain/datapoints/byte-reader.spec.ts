import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';

/** Writes `v` as a zig-zag varint and reads it back: the number, or NaN and bigValue. */
function roundTrip(v: bigint): { n: number; big: bigint; pos: number; length: number } {
  const w = new ByteWriter(16);
  w.zigzagBig(v);
  const bytes = w.result();
  const r = new ByteReader(bytes);
  const n = r.zigzag();
  return { n, big: r.bigValue, pos: r.pos, length: bytes.length };
}

describe('ByteReader.zigzag', () => {
  const two = (k: number): bigint => 2n ** BigInt(k);

  it.each([0n, 1n, -1n, two(27) - 1n, -two(27), two(48) - 1n, -two(48), two(48), two(51), -two(51), 1_700_000_000_000_000n, two(52) - 1n, -two(52)])(
    'answers %p as an exact number (|n| < 2^52)',
    (v) => {
      const { n, pos, length } = roundTrip(v);
      expect(n).toBe(Number(v));
      expect(pos).toBe(length);
    },
  );

  it.each([two(52), -two(52) - 1n, two(53) + 1n, two(62), two(63) - 1n, -two(63)])('answers %p as NaN with the exact bigValue', (v) => {
    const { n, big, pos, length } = roundTrip(v);
    expect(n).toBeNaN();
    expect(big).toBe(v);
    expect(pos).toBe(length);
  });

  it('says where an 8-group varint is truncated', () => {
    const r = new ByteReader(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
    expect(() => r.zigzag()).toThrow('truncated at byte 7');
  });
});
