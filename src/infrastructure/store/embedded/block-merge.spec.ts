import type { Datapoint } from '../../../../domain/datapoints/datapoint.js';
import { PointColumns } from '../../../../domain/datapoints/point-columns.js';
import { long } from '../../../../domain/datapoints/value.js';
import { encodeBlock, keyVersion, type Block as ColumnsBlock } from './block-codec.js';
import {
  blockFromPuts as fromColumnPuts,
  mergeBlocks as mergeColumns,
  mergeMany as mergeManyColumns,
  mergeStored,
  removeRange as removeColumnsRange,
  wins,
  withoutRange,
} from './block-merge.js';

const p = (ts: number, v = ts): Datapoint => ({ ts: BigInt(ts), value: long(BigInt(v)) });

/** The fixtures' blocks and puts, as Datapoints (the functions take columns: converted on the way in). */
type Block = Omit<ColumnsBlock, 'columns'> & { readonly points: readonly Datapoint[] };
const columnsOf = (b: Block): ColumnsBlock => ({ columns: PointColumns.of(b.points), versions: b.versions, seq: b.seq });
const blockFromPuts = (puts: { version: number; points: Datapoint[] }[], seq: number) =>
  fromColumnPuts(puts.map((put) => ({ version: put.version, columns: PointColumns.of(put.points) })), seq);
const mergeBlocks = (a: Block, b: Block) => mergeColumns(columnsOf(a), columnsOf(b));
const mergeMany = (blocks: Block[]) => mergeManyColumns(blocks.map(columnsOf));
const removeRange = (b: Block, start: bigint, end: bigint) => removeColumnsRange(columnsOf(b), start, end);
const view = (b: ColumnsBlock | undefined) =>
  b && { points: b.columns.toDatapoints().map((x) => [Number(x.ts), Number((x.value as { value: bigint }).value)]), versions: b.versions, seq: b.seq };

describe('wins', () => {
  it.each([
    [2, 0, 1, 9, true],
    [1, 9, 2, 0, false],
    [3, 5, 3, 4, true],
    [3, 4, 3, 5, false],
    [3, 4, 3, 4, true],
  ])('(version %i, seq %i) over (version %i, seq %i): %p', (va, sa, vb, sb, want) => {
    expect(wins(va, sa, vb, sb)).toBe(want);
  });
});

describe('blockFromPuts', () => {
  it.each<[string, { version: number; points: Datapoint[] }[], ReturnType<typeof view>]>([
    ['nothing from empty puts', [{ version: 1, points: [] }], undefined],
    ['ascending lines, reversed to newest first', [{ version: 4, points: [p(1), p(2), p(3)] }], { points: [[3, 3], [2, 2], [1, 1]], versions: 4, seq: 7 }],
    ['descending lines as they are', [{ version: 4, points: [p(3), p(1)] }], { points: [[3, 3], [1, 1]], versions: 4, seq: 7 }],
    [
      'consecutive puts of growing versions, one version per point',
      [{ version: 1, points: [p(1), p(2)] }, { version: 2, points: [p(3)] }],
      { points: [[3, 3], [2, 2], [1, 1]], versions: [2, 1, 1], seq: 7 },
    ],
    ['the later of repeated timestamps in one put', [{ version: 1, points: [p(5, 1), p(6), p(5, 2)] }], { points: [[6, 6], [5, 2]], versions: 1, seq: 7 }],
    [
      'the higher version whatever the order of puts',
      [{ version: 9, points: [p(5, 90)] }, { version: 3, points: [p(5, 30), p(4, 30)] }],
      { points: [[5, 90], [4, 30]], versions: [9, 3], seq: 7 },
    ],
    ['the later put at equal version', [{ version: 3, points: [p(5, 1)] }, { version: 3, points: [p(5, 2)] }], { points: [[5, 2]], versions: 3, seq: 7 }],
  ])('builds %s', (_name, puts, want) => {
    expect(view(blockFromPuts(puts, 7))).toEqual(want);
  });
});

describe('mergeBlocks', () => {
  it('keeps, per timestamp, the higher version, then the later apply', () => {
    const older: Block = { points: [p(5, 1), p(4, 1), p(3, 1)], versions: [8, 2, 2], seq: 1 };
    const newer: Block = { points: [p(6, 2), p(5, 2), p(4, 2)], versions: 2, seq: 2 };
    expect(view(mergeBlocks(older, newer))).toEqual({ points: [[6, 2], [5, 1], [4, 2], [3, 1]], versions: [2, 8, 2, 2], seq: 2 });
    expect(view(mergeBlocks(newer, older))).toEqual(view(mergeBlocks(older, newer)));
  });
});

describe('mergeMany', () => {
  it('concatenates disjoint blocks newest first, whatever their order', () => {
    const a: Block = { points: [p(2), p(1)], versions: 1, seq: 1 };
    const b: Block = { points: [p(4), p(3)], versions: 2, seq: 2 };
    const c: Block = { points: [p(6), p(5)], versions: 3, seq: 3 };
    expect(view(mergeMany([b, a, c]))).toEqual({ points: [[6, 6], [5, 5], [4, 4], [3, 3], [2, 2], [1, 1]], versions: [3, 3, 2, 2, 1, 1], seq: 3 });
  });

  it('resolves overlapping blocks like mergeBlocks', () => {
    const a: Block = { points: [p(5, 1), p(1, 1)], versions: 1, seq: 1 };
    const b: Block = { points: [p(6, 2), p(5, 2)], versions: 2, seq: 2 };
    const c: Block = { points: [p(3, 3)], versions: 1, seq: 3 };
    expect(view(mergeMany([a, b, c]))).toEqual({ points: [[6, 2], [5, 2], [3, 3], [1, 1]], versions: [2, 2, 1, 1], seq: 3 });
  });
});

describe('removeRange', () => {
  const block: Block = { points: [p(5), p(4), p(3), p(2)], versions: [3, 3, 1, 1], seq: 4 };

  it.each<[string, number, number, ReturnType<typeof view>]>([
    ['undefined when nothing is in range', 6, 9, undefined],
    ['an empty block when everything is', 0, 9, { points: [], versions: [], seq: 4 }],
    ['the rest, with its versions, for an inclusive range', 3, 4, { points: [[5, 5], [2, 2]], versions: [3, 1], seq: 4 }],
    ['one shared version when the rest has one', 2, 3, { points: [[5, 5], [4, 4]], versions: 3, seq: 4 }],
  ])('gives %s', (_name, start, end, want) => {
    expect(view(removeRange(block, BigInt(start), BigInt(end)))).toEqual(want);
  });
});

describe('mergeStored', () => {
  const stored = (b: Block) => ({ value: encodeBlock(columnsOf(b)), maxTs: b.points[0].ts, version: keyVersion(b) });
  const a: Block = { points: [p(2), p(1)], versions: 1, seq: 1 };
  const b: Block = { points: [p(4, 40), p(3)], versions: [2, 5], seq: 2 };
  const c: Block = { points: [p(6), p(5)], versions: 3, seq: 3 };
  const overlapping: Block = { points: [p(5, 9), p(3, 9)], versions: 9, seq: 4 };

  it.each<[string, Block[], Block | undefined]>([
    ['disjoint stored blocks, whatever their order', [b, a, c], undefined],
    ['disjoint stored blocks and a newer new block', [a, b], c],
    ['disjoint stored blocks and a new block between them', [a, c], b],
    ['disjoint stored blocks and an older new block', [c, b], a],
    ['overlapping stored blocks', [a, overlapping, c], undefined],
    ['stored blocks and an overlapping new block', [b, c], overlapping],
    ['a new block on the newest stored timestamp', [a, { points: [p(5, 50)], versions: 8, seq: 5 }], { points: [p(5, 51)], versions: 8, seq: 6 }],
  ])('merges %s like mergeMany', (_name, blocks, extra) => {
    const want = view(mergeMany(extra === undefined ? blocks : [...blocks, extra]));
    expect(view(mergeStored(blocks.map(stored), extra && columnsOf(extra)))).toEqual(want);
  });
});

describe('withoutRange', () => {
  it.each<[string, number, number, number[]]>([
    ['the same columns when nothing is in range', 6, 9, [1, 3, 2, 5]],
    ['the points outside an inclusive range, in their order', 2, 3, [1, 5]],
  ])('gives %s', (_name, start, end, want) => {
    const columns = PointColumns.of([p(1), p(3), p(2), p(5)]);
    const out = withoutRange(columns, BigInt(start), BigInt(end));
    expect(out.toDatapoints().map((x) => Number(x.ts))).toEqual(want);
    expect(out === columns).toBe(want.length === 4);
  });
});

describe('mergeMany of overlapping blocks', () => {
  /** Deterministic blocks over a few timestamps, with colliding versions and seqs. */
  const randomBlocks = (seed: number): Block[] => {
    let x = seed;
    const next = (n: number) => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return x % n;
    };
    return Array.from({ length: 2 + next(5) }, () => {
      const stamps = [...new Set(Array.from({ length: 1 + next(6) }, () => next(12)))].sort((a, b) => b - a);
      const versions = stamps.map(() => next(3));
      return { points: stamps.map((t) => p(t, next(100))), versions: next(2) === 0 ? versions[0] : versions, seq: next(3) };
    });
  };

  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('keeps what merging pairwise keeps (seed %i)', (seed) => {
    const blocks = randomBlocks(seed);
    const sorted = blocks.map(columnsOf).sort((a, b) => Number(b.columns.tsAt(0) - a.columns.tsAt(0)));
    expect(view(mergeMany(blocks))).toEqual(view(sorted.reduce((acc, b) => mergeColumns(acc, b))));
    expect(view(mergeStored(blocks.slice(1).map((b) => ({ value: encodeBlock(columnsOf(b)), maxTs: b.points[0].ts, version: keyVersion(b) })), columnsOf(blocks[0])))).toEqual(
      view(mergeMany([...blocks.slice(1), blocks[0]])),
    );
  });
});
