import { MAX_TS, MIN_TS } from '../../../../domain/datapoints/datapoint.js';
import { seriesIdOf } from '../../../../domain/series/series.js';
import { BlockIndex, blockCount, blockKeyAt, seriesKey } from './block-index.js';
import type { KvOp } from './kv-engine.js';
import { blockKey, registryKey, seriesKeyBytes } from './store-keys.js';

const A = seriesKeyBytes(seriesIdOf(1n, 1n));
const B = seriesKeyBytes(seriesIdOf(2n, 2n));
const put = (series: Uint8Array, ts: bigint, version: number): KvOp => ({ key: blockKey(series, ts, version), value: Uint8Array.of(1) });
const del = (series: Uint8Array, ts: bigint, version: number): KvOp => ({ key: blockKey(series, ts, version), value: undefined });

/** The keys an index lists for a series, as hex (undefined when it does not know the series). */
function listed(index: BlockIndex, series: Uint8Array): string[] | undefined {
  const list = index.lookup(seriesKey(series));
  if (list === undefined) return undefined;
  const out: string[] = [];
  for (let i = 0; i < blockCount(list); i++) out.push(Buffer.from(blockKeyAt(series, list, i)).toString('hex'));
  return out;
}
const hex = (op: KvOp) => Buffer.from(op.key).toString('hex');

function commit(index: BlockIndex, ops: KvOp[]): void {
  index.committed(index.begin(ops));
}

describe('block index', () => {
  it('lists each series its block keys in key order (newest block first), whatever the order they were written in', () => {
    const index = new BlockIndex();
    index.resetEmpty();
    const ops = [put(A, 10n, 1), put(A, 30n, 3), put(B, 5n, 2), put(A, 20n, 2), put(A, 30n, 4)];
    commit(index, ops);
    expect(listed(index, A)).toEqual([ops[1], ops[4], ops[3], ops[0]].map(hex));
    expect(listed(index, B)).toEqual([hex(ops[2])]);
    expect(index.size).toBe(5);
  });

  it.each([
    ['the smallest and largest timestamps, large versions', MIN_TS, MAX_TS, 2 ** 40 + 7],
    ['negative and positive timestamps', -1n, 1n, 0],
  ])('gives back the exact keys it was told (%s)', (_what, older, newer, version) => {
    const index = new BlockIndex();
    index.resetEmpty();
    const ops = [put(A, older, version), put(A, newer, version + 1)];
    commit(index, ops);
    expect(listed(index, A)).toEqual([hex(ops[1]), hex(ops[0])]);
  });

  it('drops the keys an apply removes, and ignores keys that are not block keys', () => {
    const index = new BlockIndex();
    index.resetEmpty();
    commit(index, [put(A, 10n, 1), put(A, 20n, 2), { key: registryKey(seriesIdOf(1n, 1n)), value: Uint8Array.of(1) }]);
    commit(index, [del(A, 10n, 1), del(A, 99n, 9)]);
    expect(listed(index, A)).toEqual([hex(put(A, 20n, 2))]);
    expect(index.size).toBe(1);
  });

  it.each([
    ['empty from the start (resetEmpty)', (i: BlockIndex) => i.resetEmpty(), []],
    ['never loaded', (_i: BlockIndex) => undefined, undefined],
  ])('answers an unwritten series as %s', (_what, setUp, expected) => {
    const index = new BlockIndex();
    setUp(index);
    expect(listed(index, A)).toEqual(expected);
  });

  it('does not know the series an apply in flight writes until it is committed; an abandoned write changes nothing', () => {
    const index = new BlockIndex();
    index.resetEmpty();
    commit(index, [put(A, 10n, 1), put(B, 10n, 1)]);
    const change = index.begin([put(A, 20n, 2)]);
    expect(listed(index, A)).toBeUndefined();
    expect(listed(index, B)).toEqual([hex(put(B, 10n, 1))]);
    index.abandoned(change);
    expect(listed(index, A)).toEqual([hex(put(A, 10n, 1))]);
    const next = index.begin([put(A, 30n, 3)]);
    index.abandoned(change);
    expect(listed(index, A)).toBeUndefined();
    index.committed(next);
    expect(listed(index, A)).toEqual([hex(put(A, 30n, 3)), hex(put(A, 10n, 1))]);
  });

  it('loads a scan of the store; past its capacity it keeps only the series read whole and knows nothing of the others', async () => {
    const keys = [put(A, 1n, 1), put(A, 2n, 2), put(B, 1n, 1)].map((op) => op.key).sort(Buffer.compare);
    const whole = new BlockIndex();
    await whole.load(keys);
    expect(listed(whole, B)).toHaveLength(1);
    expect(listed(whole, seriesKeyBytes(seriesIdOf(3n, 3n)))).toEqual([]);
    const first = keys[0][1] === A[0] ? A : B;
    const second = first === A ? B : A;
    const bounded = new BlockIndex(1);
    await bounded.load(keys);
    expect(listed(bounded, first)).toHaveLength(first === A ? 2 : 1);
    expect(listed(bounded, second)).toBeUndefined();
    expect(listed(bounded, seriesKeyBytes(seriesIdOf(3n, 3n)))).toBeUndefined();
  });

  it('past its capacity forgets the series listed longest, then no longer takes new series', () => {
    const index = new BlockIndex(2);
    index.resetEmpty();
    commit(index, [put(A, 1n, 1), put(A, 2n, 2)]);
    commit(index, [put(B, 1n, 1)]);
    expect(listed(index, A)).toBeUndefined();
    expect(listed(index, B)).toHaveLength(1);
    const C = seriesKeyBytes(seriesIdOf(3n, 3n));
    commit(index, [put(C, 1n, 1)]);
    expect(listed(index, C)).toBeUndefined();
    commit(index, [put(B, 2n, 2)]);
    expect(listed(index, B)).toHaveLength(2);
  });

  it('forgets everything while the store is emptied, and knows every series empty afterwards', () => {
    const index = new BlockIndex();
    index.resetEmpty();
    commit(index, [put(A, 1n, 1)]);
    index.forgetAll();
    expect(listed(index, A)).toBeUndefined();
    index.resetEmpty();
    expect(listed(index, A)).toEqual([]);
    expect(index.size).toBe(0);
  });

  it('stops listing a series that a read dropped', () => {
    const index = new BlockIndex();
    index.resetEmpty();
    commit(index, [put(A, 1n, 1), put(B, 1n, 1)]);
    index.drop(seriesKey(A));
    expect(listed(index, A)).toBeUndefined();
    expect(listed(index, B)).toHaveLength(1);
  });
});
