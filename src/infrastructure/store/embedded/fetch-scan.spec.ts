import { MAX_TS, MIN_TS, type Datapoint } from '../../../../domain/datapoints/datapoint.js';
import type { FetchRange } from '../../../../domain/ports/datapoint-store.js';
import { PointColumns } from '../../../../domain/datapoints/point-columns.js';
import { long } from '../../../../domain/datapoints/value.js';
import { encodeBlock, keyVersion, type Block } from './block-codec.js';
import { FetchScan, ScanSpace } from './fetch-scan.js';

const p = (ts: number, v = ts): Datapoint => ({ ts: BigInt(ts), value: long(BigInt(v)) });
/** A block of the given timestamps (any order), all with one value and version. */
const block = (stamps: number[], version: number, seq = version, value?: number): Block => ({
  columns: PointColumns.of([...stamps].sort((a, b) => b - a).map((t) => p(t, value ?? t))),
  versions: version,
  seq,
});

/** Feeds blocks in key order (newest ts first, then version) and reports which were decoded or looked at. */
function run(blocks: Block[], range: FetchRange, space?: ScanSpace): { got: [number, number][]; offered: number } {
  const sorted = [...blocks].sort((a, b) => Number(b.columns.tsAt(0) - a.columns.tsAt(0)) || keyVersion(a) - keyVersion(b));
  const scan = new FetchScan(range, space);
  let offered = 0;
  for (const b of sorted) {
    if (!scan.wants(b.columns.tsAt(0))) break;
    offered++;
    scan.offer(b.columns.tsAt(0), keyVersion(b), encodeBlock(b));
  }
  return { got: scan.result().map((x) => [Number(x.ts), Number((x.value as { value: bigint }).value)]), offered };
}

const ALL: FetchRange = { start: MIN_TS, end: MAX_TS };
// Ten disjoint blocks of ten points: [91..100], [81..90], …, [1..10].
const tens = Array.from({ length: 10 }, (_, i) => block(Array.from({ length: 10 }, (_, k) => i * 10 + k + 1), i + 1));

describe('FetchScan', () => {
  it('returns every point newest first across blocks', () => {
    const { got, offered } = run(tens, ALL);
    expect(got.map(([t]) => t)).toEqual(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(offered).toBe(10);
  });

  it('merges overlapping blocks: higher version wins, then the later apply', () => {
    const blocks = [block([1, 2, 3, 4], 5, 1, 50), block([3, 4, 5], 9, 2, 90), block([2, 3], 5, 3, 51)];
    expect(run(blocks, ALL).got).toEqual([[5, 90], [4, 90], [3, 90], [2, 51], [1, 50]]);
  });

  it.each<[string, FetchRange, number[], number]>([
    ['stops once past start', { start: 75n, end: 84n }, [84, 83, 82, 81, 80, 79, 78, 77, 76, 75], 3],
    ['stops once count is satisfied', { start: MIN_TS, end: 95n, count: 3 }, [95, 94, 93], 1],
    ['reads on when count spans blocks', { start: MIN_TS, end: 95n, count: 12 }, [95, 94, 93, 92, 91, 90, 89, 88, 87, 86, 85, 84], 2],
    ['reads one more block for pre', { start: 81n, end: 90n, pre: 2 }, [90, 89, 88, 87, 86, 85, 84, 83, 82, 81, 80, 79], 3],
    ['reads newer blocks for post', { start: 50n, end: 50n, post: 2 }, [52, 51, 50], 6],
    ['stops before older blocks once count 0 is met', { start: 1n, end: 100n, count: 0 }, [], 0],
    ['keeps the range of a block it decodes only down to start', { start: 85n, end: 88n }, [88, 87, 86, 85], 2],
    ['keeps pre points of the block start falls in', { start: 85n, end: 88n, pre: 3 }, [88, 87, 86, 85, 84, 83, 82], 2],
  ])('%s', (_name, range, want, offered) => {
    const r = run(tens, range);
    expect(r.got.map(([t]) => t)).toEqual(want);
    expect(r.offered).toBe(offered);
  });

  it('does not stop early while a later block may overwrite a timestamp of the answer', () => {
    // Newest ts 10 in both blocks: the second (higher version) must still be read for count 1.
    const r = run([block([10, 9], 1, 1, 1), block([10], 2, 2, 2)], { start: MIN_TS, end: MAX_TS, count: 1 });
    expect(r.got).toEqual([[10, 2]]);
  });

  it('gives the same answers when scans one after the other share a space, an overlap merge among them', () => {
    const overlapping = [block([1, 2, 3, 4], 5, 1, 50), block([3, 4, 5], 9, 2, 90), block([2, 3], 5, 3, 51)];
    const reads: [Block[], FetchRange][] = [
      [tens, ALL],
      [overlapping, ALL],
      [tens, { start: 85n, end: 88n, pre: 3 }],
      [tens, { start: 50n, end: 50n, post: 2 }],
      [overlapping, { start: 2n, end: 4n }],
    ];
    const space = new ScanSpace();
    expect(reads.map(([blocks, range]) => run(blocks, range, space))).toEqual(reads.map(([blocks, range]) => run(blocks, range)));
  });
});
