import { MAX_TS, MIN_TS, type Datapoint } from '../../../../domain/datapoints/datapoint.js';
import { PointColumns } from '../../../../domain/datapoints/point-columns.js';
import { decimal, long, string } from '../../../../domain/datapoints/value.js';
import { BlockFormatError, decodeBlock as decodeColumns, decodeBlockHeader, decodeBlockInto, encodeBlock as encodeColumns, keyVersion, type Block as ColumnsBlock } from './block-codec.js';

const p = (ts: bigint, v = long(ts)): Datapoint => ({ ts, value: v });
const newestFirst = (stamps: bigint[]) => stamps.map((t) => p(t));

/** The fixtures' blocks, as Datapoints (blocks hold columns: converted on the way in and out). */
type Block = Omit<ColumnsBlock, 'columns'> & { readonly points: readonly Datapoint[] };
const encodeBlock = (b: Block): Uint8Array => encodeColumns({ columns: PointColumns.of(b.points), versions: b.versions, seq: b.seq });
const decodeBlock = (value: Uint8Array, maxTs: bigint, version: number): Block => {
  const { columns, versions, seq } = decodeColumns(value, maxTs, version);
  return { points: columns.toDatapoints(), versions, seq };
};

describe('block codec', () => {
  it.each<[string, Block]>([
    ['one point', { points: [p(5n)], versions: 3, seq: 1 }],
    ['a regular series with one version', { points: newestFirst([30n, 20n, 10n]), versions: 7, seq: 2 }],
    ['per-point versions in runs', { points: newestFirst([6n, 5n, 4n, 3n, 2n, 1n]), versions: [9, 9, 4, 4, 4, 9], seq: 5 }],
    ['the extreme timestamps (a span over 2^52)', { points: newestFirst([MAX_TS, 0n, MIN_TS]), versions: [0, 2 ** 40, 1], seq: 0 }],
    ['mixed value types', { points: [p(3n, string('x')), p(2n, decimal(150n, 2)), p(1n)], versions: 1, seq: 9 }],
  ])('round-trips %s', (_name, block) => {
    const bytes = encodeBlock(block);
    const maxTs = block.points[0].ts;
    const back = decodeBlock(bytes, maxTs, keyVersion(block));
    const versions = typeof block.versions === 'number' ? block.versions : [...block.versions];
    expect(back).toEqual({ points: block.points, versions, seq: block.seq });
    expect(decodeBlockHeader(bytes, maxTs)).toEqual({ minTs: block.points[block.points.length - 1].ts, count: block.points.length, seq: block.seq });
  });

  it('stores a shared version as one number and costs a few bytes over the chunk', () => {
    const points = Array.from({ length: 1000 }, (_, i) => p(BigInt(1000 - i) * 1_000_000n, decimal(BigInt(5000 + (i % 7)), 2)));
    const uniform = encodeBlock({ points, versions: Array<number>(1000).fill(4), seq: 1 });
    expect(decodeBlock(uniform, points[0].ts, 4).versions).toBe(4);
    const runs = encodeBlock({ points, versions: points.map((_, i) => 4 + Math.floor(i / 100)), seq: 1 });
    expect(runs.length - uniform.length).toBeLessThan(40);
  });

  it('refuses to encode an empty block', () => {
    expect(() => encodeBlock({ points: [], versions: 1, seq: 1 })).toThrow(RangeError);
  });

  it.each<[string, (good: Uint8Array) => Uint8Array, bigint]>([
    ['an unknown format byte', (b) => Uint8Array.of(9, ...b.subarray(1)), 30n],
    ['a truncated chunk', (b) => b.subarray(0, b.length - 1), 30n],
    ['a key whose newest ts is not the block\'s', (b) => b, 31n],
  ])('rejects %s with a BlockFormatError', (_name, corrupt, maxTs) => {
    const good = encodeBlock({ points: newestFirst([30n, 20n, 10n]), versions: 1, seq: 1 });
    expect(() => decodeBlock(corrupt(good), maxTs, 1)).toThrow(BlockFormatError);
  });

  it.each<[string, number, bigint[]]>([
    ['every point without a bound', -Infinity, [30n, 20n, 10n]],
    ['the points not older than the bound', 15, [30n, 20n]],
    ['a point exactly at the bound', 20, [30n, 20n]],
    ['none when the newest is older', 31, []],
  ])('decodes into columns %s, with the versions of the whole block', (_name, oldest, stamps) => {
    const good = encodeBlock({ points: newestFirst([30n, 20n, 10n]), versions: [5, 4, 3], seq: 2 });
    const out = new PointColumns();
    expect(decodeBlockInto(good, 30n, 5, out, oldest)).toEqual({ versions: [5, 4, 3], seq: 2, count: stamps.length });
    expect(out.toDatapoints()).toEqual(newestFirst(stamps));
  });

  it.each<[string, (good: Uint8Array) => Uint8Array, bigint, number]>([
    ['a truncated chunk read whole', (b) => b.subarray(0, b.length - 1), 30n, -Infinity],
    ['a truncated chunk ending before the bound', (b) => b.subarray(0, b.length - 2), 30n, 5],
    ['a key whose newest ts is not the block\'s, read down to a bound', (b) => b, 31n, 15],
  ])('rejects %s into columns with a BlockFormatError', (_name, corrupt, maxTs, oldest) => {
    const good = encodeBlock({ points: newestFirst([30n, 20n, 10n]), versions: 1, seq: 1 });
    expect(() => decodeBlockInto(corrupt(good), maxTs, 1, new PointColumns(), oldest)).toThrow(BlockFormatError);
  });
});
