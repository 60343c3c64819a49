import { CHUNK_VERSION, ChunkFormatError, decodeChunk, encodeChunk } from './chunk-codec.js';
import { MAX_TS, MIN_TS, type Datapoint } from './datapoint.js';
import { binary, bool, decimal, double, long, string, type Value } from './value.js';

const MIN_LONG = -(2n ** 63n);
const MAX_LONG = 2n ** 63n - 1n;

/** Deterministic PRNG (mulberry32) so size assertions are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const at = (ts: bigint, value: Value, geo?: bigint, elev?: bigint): Datapoint => {
  if (geo !== undefined && elev !== undefined) return { ts, geo, elev, value };
  if (geo !== undefined) return { ts, geo, value };
  if (elev !== undefined) return { ts, elev, value };
  return { ts, value };
};

function roundTrip(points: Datapoint[]): Datapoint[] {
  const decoded = decodeChunk(encodeChunk(points));
  expect(decoded).toStrictEqual(points);
  return decoded;
}

describe('chunk codec', () => {
  it('encodes no points as the version byte alone', () => {
    expect(Array.from(encodeChunk([]))).toEqual([CHUNK_VERSION]);
    expect(decodeChunk(Uint8Array.of(CHUNK_VERSION))).toEqual([]);
  });

  it.each<[string, Value[]]>([
    ['LONG', [long(0n), long(1n), long(-1n), long(MAX_LONG), long(MIN_LONG), long(MAX_LONG), long(0n), long(2n ** 53n + 1n), long(-(2n ** 52n))]],
    ['LONG repeated from the start', [long(0n), long(0n), long(7n), long(7n), long(7n)]],
    ['DOUBLE', [double(0), double(-0), double(NaN), double(Infinity), double(-Infinity), double(Number.MIN_VALUE), double(Number.MAX_VALUE), double(0.1), double(-2.5e-300)]],
    ['DOUBLE integral', [double(42), double(-42), double(2 ** 48 - 1), double(2 ** 48), double(-(2 ** 48)), double(1 - 2 ** 48), double(2 ** 52 + 1), double(2 ** 60), double(1e300), double(-0), double(0)]],
    ['DOUBLE repeated', [double(NaN), double(NaN), double(1.5), double(1.5), double(-0), double(-0), double(0)]],
    ['DECIMAL', [decimal(150n, 2), decimal(15n, 1), decimal(-3n, 0), decimal(0n, 0), decimal(MAX_LONG, 18), decimal(MIN_LONG, 18), decimal(12345n, -3)]],
    ['DECIMAL repeated, scale changes with same unscaled', [decimal(0n, 0), decimal(0n, 0), decimal(5n, 1), decimal(5n, 2), decimal(5n, 2), decimal(6n, 2)]],
    ['BOOLEAN', [bool(true), bool(false), bool(false), bool(true)]],
    ['STRING', [string(''), string('a'), string('a'), string(''), string('héllo wörld ✓ 日本語 🎉'), string('x'.repeat(50)), string('é'.repeat(5000))]],
    ['BINARY', [binary(new Uint8Array(0)), binary(Uint8Array.of(0, 255, 128, 127)), binary(Uint8Array.of(0, 255, 128, 127))]],
    ['mixed types', [long(5n), double(5.5), string('5'), decimal(55n, 1), bool(true), binary(Uint8Array.of(5)), long(6n), double(5.5)]],
  ])('round-trips %s values exactly', (_name, values) => {
    const points = values.map((v, i) => at(BigInt(i) * 1000n, v));
    const decoded = roundTrip(points);
    decoded.forEach((p, i) => {
      const want = values[i];
      if (want.type === 'DOUBLE') expect(Object.is((p.value as typeof want).value, want.value)).toBe(true);
    });
  });

  it('round-trips a big binary and keeps it independent of the encoded bytes', () => {
    const big = new Uint8Array(1 << 20);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
    const bytes = encodeChunk([at(1n, binary(big)), at(2n, string('after'))]);
    const [first, second] = decodeChunk(bytes);
    expect(first.value.type).toBe('BINARY');
    expect(Buffer.compare((first.value as { value: Uint8Array }).value, big)).toBe(0);
    expect(second.value).toEqual(string('after'));
    bytes.fill(0);
    expect((first.value as { value: Uint8Array }).value[1]).toBe(7919 & 0xff);
  });

  it.each<[string, bigint[]]>([
    ['negative', [-5n, -4n, -3n, -1_000_000_000_000n, 0n]],
    ['out of order', [10n, 3n, 7n, 7n, -2n, 100n, 99n]],
    ['extremes', [MIN_TS, MAX_TS, MIN_TS, 0n, MAX_TS, MAX_TS - 1n]],
    ['nanoseconds (beyond 2^53), regular', Array.from({ length: 20 }, (_, i) => 1_700_000_000_000_000_000n + BigInt(i) * 1_000_000_000n)],
    ['around 2^53', [2n ** 53n - 2n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 53n - 1n, -(2n ** 53n) + 1n, -(2n ** 53n)]],
    ['duplicates', [5n, 5n, 5n, 6n, 6n]],
    ['starting at zero', [0n, 0n, 1n, 2n]],
  ])('round-trips %s timestamps', (_name, stamps) => {
    roundTrip(stamps.map((ts, i) => at(ts, long(BigInt(i)))));
  });

  it('round-trips every mix of absent and present geo and elevation', () => {
    const geos = [undefined, 0n, 0n, 0x0145014501450145n, MIN_LONG, MAX_LONG, undefined, -1n, -1n];
    const elevs = [undefined, 0n, 12_000n, 12_000n, undefined, -500n, MIN_LONG, MAX_LONG, undefined];
    const points: Datapoint[] = [];
    for (let i = 0; i < geos.length; i++) {
      for (let j = 0; j < elevs.length; j++) points.push(at(BigInt(points.length), double(i + j / 10), geos[i], elevs[j]));
    }
    roundTrip(points);
  });

  it('round-trips random points of every type', () => {
    const rand = rng(42);
    const randLong = () => BigInt.asIntN(64, (BigInt(Math.floor(rand() * 2 ** 32)) << 32n) | BigInt(Math.floor(rand() * 2 ** 32)));
    const values: (() => Value)[] = [
      () => long(rand() < 0.5 ? randLong() : BigInt(Math.floor(rand() * 200) - 100)),
      () => double(rand() < 0.5 ? (rand() - 0.5) * 1e6 : Math.round(rand() * 100)),
      () => decimal(BigInt(Math.floor(rand() * 20000) - 10000), Math.floor(rand() * 4)),
      () => bool(rand() < 0.5),
      () => string(String.fromCodePoint(...Array.from({ length: Math.floor(rand() * 10) }, () => Math.floor(rand() * 0x10000) % 0xd800))),
      () => binary(Uint8Array.from({ length: Math.floor(rand() * 10) }, () => Math.floor(rand() * 256))),
    ];
    const points = Array.from({ length: 5000 }, () =>
      at(
        rand() < 0.1 ? randLong() : BigInt(Math.floor(rand() * 1e6)),
        values[Math.floor(rand() * values.length)](),
        rand() < 0.3 ? randLong() : undefined,
        rand() < 0.3 ? BigInt(Math.floor(rand() * 1e5)) : undefined,
      ),
    );
    roundTrip(points);
  });

  it('costs less than 3 bytes per point for a regular random walk with 2 decimals (W1-like)', () => {
    const rand = rng(7);
    let unscaled = 10_000n;
    const points = Array.from({ length: 1000 }, (_, i) => {
      unscaled += BigInt(Math.round((rand() - 0.5) * 100)); // steps of at most ±0.50
      return at(1_700_000_000_000_000n + BigInt(i) * 1_000_000n, decimal(unscaled, 2));
    });
    const bytes = encodeChunk(points);
    expect(bytes.length / points.length).toBeLessThan(3);
    roundTrip(points);
  });

  it('spends no timestamp byte on a regular series after its second point', () => {
    const points = Array.from({ length: 100 }, (_, i) => at(1_000_000n * BigInt(i + 1), bool(true)));
    // version + 100 flags + first delta (3 bytes) + second delta (3 bytes; equals the first, so 0): 1 + 100 + 3
    expect(encodeChunk(points).length).toBe(104);
  });

  it.each<[string, Datapoint]>([
    ['a timestamp above 2^63-1', at(MAX_TS + 1n, bool(true))],
    ['a timestamp below -2^63', at(MIN_TS - 1n, bool(true))],
    ['a LONG above 2^63-1', at(0n, long(MAX_LONG + 1n))],
    ['a geo point below -2^63', at(0n, bool(true), MIN_LONG - 1n)],
    ['a fractional DECIMAL scale', at(0n, decimal(1n, 1.5))],
  ])('refuses to encode %s', (_name, point) => {
    expect(() => encodeChunk([point])).toThrow(RangeError);
  });

  it('refuses a value of unknown type', () => {
    expect(() => encodeChunk([{ ts: 0n, value: { type: 'FLOAT', value: 1 } as unknown as Value }])).toThrow(TypeError);
  });

  it.each<[string, number[]]>([
    ['no bytes', []],
    ['an unknown version', [9]],
    ['an unknown type', [CHUNK_VERSION, 7 << 3, 0]],
    ['a LONG with unknown flags', [CHUNK_VERSION, (2 << 3) | 4, 0, 0]],
    ['a BOOLEAN with flags', [CHUNK_VERSION, (1 << 3) | 1, 0]],
    ['a repeated DOUBLE without a previous one', [CHUNK_VERSION, (3 << 3) | 1, 0]],
    ['a geo byte with nothing present', [CHUNK_VERSION, 0x80, 0x00, 0]],
    ['a geo byte with unknown bits', [CHUNK_VERSION, 0x80, 0x41, 0, 0]],
    ['a truncated double', [CHUNK_VERSION, 3 << 3, 0, 1, 2, 3]],
    ['a truncated string', [CHUNK_VERSION, 5 << 3, 0, 5, 0x61]],
    ['invalid UTF-8', [CHUNK_VERSION, 5 << 3, 0, 2, 0xc3, 0x28]],
    ['a varint longer than 10 bytes', [CHUNK_VERSION, 2 << 3, ...Array(11).fill(0xff), 0x01]],
  ])('rejects %s', (_name, bytes) => {
    expect(() => decodeChunk(Uint8Array.from(bytes))).toThrow(ChunkFormatError);
  });

  it('either rejects a truncated chunk or returns a prefix of its points', () => {
    const points = [at(1n, long(MAX_LONG), 5n, 7n), at(2n, double(0.5)), at(-9n, string('abc')), at(4n, decimal(12n, 1)), at(5n, binary(Uint8Array.of(1, 2)))];
    const bytes = encodeChunk(points);
    for (let n = 0; n < bytes.length; n++) {
      let decoded: Datapoint[] | undefined;
      try {
        decoded = decodeChunk(bytes.subarray(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(ChunkFormatError);
      }
      if (decoded) expect(decoded).toStrictEqual(points.slice(0, decoded.length));
    }
  });

  it('decodes a chunk that is a view into a larger buffer', () => {
    const bytes = encodeChunk([at(3n, double(1.25)), at(4n, long(-8n))]);
    const padded = new Uint8Array(bytes.length + 7);
    padded.set(bytes, 3);
    expect(decodeChunk(padded.subarray(3, 3 + bytes.length))).toStrictEqual([at(3n, double(1.25)), at(4n, long(-8n))]);
  });

  it('returns independent results from consecutive encodings', () => {
    const a = encodeChunk([at(1n, string('first'))]);
    const b = encodeChunk([at(2n, string('second, longer'))]);
    expect(decodeChunk(a)).toStrictEqual([at(1n, string('first'))]);
    expect(decodeChunk(b)).toStrictEqual([at(2n, string('second, longer'))]);
  });
});
