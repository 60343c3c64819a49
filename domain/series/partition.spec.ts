import { partitionOf } from './partition.js';

// An independent, slow SipHash-2-4 on BigInt taking the key as two 64-bit words, as Java's
// SipHashInline.hash24(k0, k1, ...) does; used to cross-check the 32-bit-halves implementation.
const M = (1n << 64n) - 1n;
const rotl = (x: bigint, b: bigint) => ((x << b) | (x >> (64n - b))) & M;
function referenceSipHash(k0: bigint, k1: bigint, data: Uint8Array): bigint {
  let v0 = k0 ^ 0x736f6d6570736575n;
  let v1 = k1 ^ 0x646f72616e646f6dn;
  let v2 = k0 ^ 0x6c7967656e657261n;
  let v3 = k1 ^ 0x7465646279746573n;
  const round = () => {
    v0 = (v0 + v1) & M; v1 = rotl(v1, 13n); v1 ^= v0; v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & M; v3 = rotl(v3, 16n); v3 ^= v2;
    v0 = (v0 + v3) & M; v3 = rotl(v3, 21n); v3 ^= v0;
    v2 = (v2 + v1) & M; v1 = rotl(v1, 17n); v1 ^= v2; v2 = rotl(v2, 32n);
  };
  const words = Math.floor(data.length / 8);
  for (let w = 0; w <= words; w++) {
    let m = 0n;
    if (w < words) {
      for (let j = 7; j >= 0; j--) m = (m << 8n) | BigInt(data[w * 8 + j]);
    } else {
      m = BigInt(data.length & 0xff) << 56n;
      for (let j = data.length % 8 - 1; j >= 0; j--) m |= BigInt(data[w * 8 + j]) << BigInt(8 * j);
    }
    v3 ^= m; round(); round(); v0 ^= m;
  }
  v2 ^= 0xffn;
  round(); round(); round(); round();
  return v0 ^ v1 ^ v2 ^ v3;
}
const warp10Partition = (key: Uint8Array, n: number) =>
  Number((referenceSipHash(0x7ce95e3a16db4fa3n, 0x95037e0c0db5b059n, key) & 0x7fffffffn) % BigInt(n));

const bytes = (...b: number[]) => Uint8Array.from(b);
const seq = (n: number, start = 0) => Uint8Array.from({ length: n }, (_, i) => (start + i * 37) & 0xff);

describe('partitionOf (Warp 10 KafkaPartitioner, §4.1)', () => {
  it('uses an oracle that matches the SipHash-2-4 reference vectors', () => {
    const k0 = 0x0706050403020100n;
    const k1 = 0x0f0e0d0c0b0a0908n;
    expect(referenceSipHash(k0, k1, new Uint8Array(0)).toString(16)).toBe('726fdb47dd0e0e31');
    expect(referenceSipHash(k0, k1, Uint8Array.from({ length: 15 }, (_, i) => i)).toString(16)).toBe('a129ca6149be45e5');
  });

  it.each([
    ['a 16-byte series id', seq(16), 8],
    ['another series id', seq(16, 200), 8],
    ['a 16-byte id with high bytes', bytes(0xff, 0xfe, 0x80, 0x7f, 0, 1, 2, 3, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x10, 0x20), 3],
    ['a 7-byte key (no full word)', seq(7, 5), 5],
    ['a 9-byte key', seq(9, 9), 1000],
    ['a one-byte key', bytes(42), 2],
  ])('agrees with an independent SipHash-2-4 for %s', (_name, key, n) => {
    expect(partitionOf(key, n)).toBe(warp10Partition(key, n));
  });

  it('spreads many series ids over every partition, each in range', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 4000; i++) {
      const key = seq(16, i * 7919);
      key[0] = i & 0xff;
      key[1] = i >> 8;
      const p = partitionOf(key, 16);
      expect(p).toBe(warp10Partition(key, 16));
      counts[p]++;
    }
    for (const c of counts) expect(c).toBeGreaterThan(150);
  });

  it('always answers 0 with one partition', () => {
    expect(partitionOf(seq(16), 1)).toBe(0);
  });

  it('gives an empty key some partition in range', () => {
    for (let i = 0; i < 50; i++) {
      const p = partitionOf(new Uint8Array(0), 4);
      expect(p >= 0 && p < 4 && Number.isInteger(p)).toBe(true);
    }
  });

  it.each([0, -1, 1.5, NaN])('rejects a partition count of %p', (n) => {
    expect(() => partitionOf(seq(16), n)).toThrow(TypeError);
  });
});
