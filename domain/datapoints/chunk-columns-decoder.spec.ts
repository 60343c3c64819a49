import { decodeChunkColumns, decodeChunkInto, decodeNewestInto } from './chunk-columns-decoder.js';
import { CHUNK_VERSION, ChunkFormatError, decodeChunk, encodeChunk } from './chunk-codec.js';
import { MAX_TS, MIN_TS, type Datapoint } from './datapoint.js';
import { KIND_DECIMAL, KIND_OBJECT, PointColumns } from './point-columns.js';
import { binary, bool, decimal, double, long, string, type Value } from './value.js';

const MAX_LONG = 2n ** 63n - 1n;
const MIN_LONG = -MAX_LONG - 1n;

/** Deterministic PRNG (mulberry32). */
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
  const p: { ts: bigint; geo?: bigint; elev?: bigint; value: Value } = { ts, value };
  if (geo !== undefined) p.geo = geo;
  if (elev !== undefined) p.elev = elev;
  return p;
};

/** The columns decoder must give exactly what the object decoder gives. */
function expectSameAsObjects(points: Datapoint[]): PointColumns {
  const bytes = encodeChunk(points);
  const columns = decodeChunkColumns(bytes);
  expect(columns.toDatapoints()).toStrictEqual(decodeChunk(bytes));
  return columns;
}

describe('decodeChunkInto (columns)', () => {
  it.each<[string, Value[]]>([
    ['LONG, safe and beyond 2^53', [long(0n), long(-1n), long(MAX_LONG), long(MIN_LONG), long(2n ** 53n - 1n), long(2n ** 53n), long(0n), long(0n)]],
    ['DOUBLE', [double(0), double(-0), double(NaN), double(Infinity), double(-Infinity), double(Number.MIN_VALUE), double(0.1), double(42), double(42), double(2 ** 60)]],
    ['DECIMAL, safe and beyond, scale changes', [decimal(150n, 2), decimal(150n, 3), decimal(MAX_LONG, 18), decimal(-3n, 0), decimal(-3n, 0), decimal(12345n, -3), decimal(1n, 2 ** 40)]],
    ['BOOLEAN', [bool(true), bool(false), bool(false)]],
    ['STRING and BINARY', [string('a'), string('a'), string('héllo'), binary(Uint8Array.of(1, 2)), string('')]],
  ])('decodes %s as the object decoder does', (_, values) => {
    expectSameAsObjects(values.map((v, i) => at(BigInt(i) * 1000n, v)));
  });

  it.each<[string, bigint[]]>([
    ['extremes', [MIN_TS, MAX_TS, MIN_TS, 0n, MAX_TS, MAX_TS - 1n]],
    ['around 2^53', [2n ** 53n - 2n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 53n - 1n, -(2n ** 53n) + 1n, -(2n ** 53n)]],
    ['nanoseconds, regular', Array.from({ length: 20 }, (_, i) => 1_700_000_000_000_000_000n + BigInt(i) * 1_000_000_000n)],
    ['a regular series then a jump beyond 2^53 and back', [10n, 20n, 30n, 2n ** 60n, 2n ** 60n + 10n, 40n, 50n]],
  ])('decodes %s timestamps exactly', (_, stamps) => {
    expectSameAsObjects(stamps.map((ts, i) => at(ts, long(BigInt(i)))));
  });

  it('decodes geo and elevation points (kept as objects) among numeric ones', () => {
    const columns = expectSameAsObjects([at(1n, double(1)), at(2n, double(2), 0x0145014501450145n), at(3n, long(3n), undefined, -5n), at(4n, long(4n), 7n, 7n), at(5n, bool(true))]);
    expect(Array.from(columns.kind.subarray(0, 5)).map((k) => k === KIND_OBJECT)).toEqual([false, true, true, true, false]);
  });

  it('decodes random points of every type as the object decoder does', () => {
    const rand = rng(11);
    const randLong = () => BigInt.asIntN(64, (BigInt(Math.floor(rand() * 2 ** 32)) << 32n) | BigInt(Math.floor(rand() * 2 ** 32)));
    const values: (() => Value)[] = [
      () => long(rand() < 0.3 ? randLong() : BigInt(Math.floor(rand() * 200) - 100)),
      () => double(rand() < 0.5 ? (rand() - 0.5) * 1e6 : Math.round(rand() * 100)),
      () => decimal(rand() < 0.1 ? randLong() : BigInt(Math.floor(rand() * 20000) - 10000), Math.floor(rand() * 4)),
      () => bool(rand() < 0.5),
      () => string(rand() < 0.5 ? 'same' : String(rand())),
      () => binary(Uint8Array.from({ length: Math.floor(rand() * 5) }, () => Math.floor(rand() * 256))),
    ];
    const points = Array.from({ length: 3000 }, () =>
      at(
        rand() < 0.05 ? randLong() : BigInt(Math.floor(rand() * 1e6)),
        values[Math.floor(rand() * values.length)](),
        rand() < 0.1 ? randLong() : undefined,
        rand() < 0.1 ? BigInt(Math.floor(rand() * 1e5)) : undefined,
      ),
    );
    expectSameAsObjects(points);
  });

  it('keeps plain points in the columns, without objects', () => {
    const points = Array.from({ length: 50 }, (_, i) => at(1_700_000_000_000_000n + BigInt(i) * 1_000_000n, decimal(BigInt(1000 + i), 2)));
    const columns = expectSameAsObjects(points);
    expect(columns.kind.subarray(0, 50).every((k) => k === KIND_DECIMAL)).toBe(true);
    expect(columns.num[49]).toBe(1049);
    expect(columns.scale[49]).toBe(2);
    expect(columns.ts[49]).toBe(1_700_000_049_000_000);
  });

  it('appends to columns that already hold points and returns how many it added', () => {
    const out = PointColumns.of([at(99n, long(1n))]);
    expect(decodeChunkInto(encodeChunk([at(1n, long(5n)), at(2n, string('x'))]), out)).toBe(2);
    expect(out.toDatapoints()).toStrictEqual([at(99n, long(1n)), at(1n, long(5n)), at(2n, string('x'))]);
  });

  it.each<[string, number[]]>([
    ['no bytes', []],
    ['an unknown version', [9]],
    ['an unknown type', [CHUNK_VERSION, 7 << 3, 0]],
    ['a LONG with unknown flags', [CHUNK_VERSION, (2 << 3) | 4, 0, 0]],
    ['a BOOLEAN with flags', [CHUNK_VERSION, (1 << 3) | 1, 0]],
    ['a repeated DOUBLE without a previous one', [CHUNK_VERSION, (3 << 3) | 1, 0]],
    ['a DECIMAL with unknown flags', [CHUNK_VERSION, (4 << 3) | 4, 0]],
    ['a geo byte with nothing present', [CHUNK_VERSION, 0x80, 0x00, 0]],
    ['a truncated double', [CHUNK_VERSION, 3 << 3, 0, 1, 2, 3]],
    ['invalid UTF-8', [CHUNK_VERSION, 5 << 3, 0, 2, 0xc3, 0x28]],
    ['a varint longer than 10 bytes', [CHUNK_VERSION, 2 << 3, ...Array(11).fill(0xff), 0x01]],
    ['a timestamp beyond 2^63', [CHUNK_VERSION, 2 << 3 | 1, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, (2 << 3) | 1, 0x02]],
  ])('rejects %s like the object decoder', (_, bytes) => {
    const chunk = Uint8Array.from(bytes);
    expect(() => decodeChunk(chunk)).toThrow(ChunkFormatError);
    expect(() => decodeChunkColumns(chunk)).toThrow(ChunkFormatError);
  });
});

describe('decodeNewestInto (a newest-first chunk down to a bound)', () => {
  const newestFirst = [at(2n ** 60n, long(9n)), at(50n, long(5n)), at(40n, decimal(4n, 1)), at(30n, double(3)), at(20n, bool(true)), at(10n, string('x'))];
  const chunk = encodeChunk(newestFirst);

  it.each<[string, number, number, boolean]>([
    ['no bound: the whole chunk', -Infinity, 6, true],
    ['a bound below every point: the whole chunk', 10, 6, true],
    ['a bound between points: those not older than it', 35, 3, false],
    ['a bound on a point: that point included', 30, 4, false],
    ['a bound above every safe timestamp: only the point beyond 2^53 (never compared as a number)', 51, 1, false],
  ])('%s', (_, oldest, kept, whole) => {
    const out = new PointColumns();
    expect(decodeNewestInto(chunk, out, oldest)).toBe(whole);
    expect(out.toDatapoints()).toStrictEqual(decodeChunk(chunk).slice(0, kept));
  });
});
