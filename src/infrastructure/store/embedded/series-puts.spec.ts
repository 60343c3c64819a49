import { encodeChunk } from '../../../../domain/datapoints/chunk-codec.js';
import type { Datapoint } from '../../../../domain/datapoints/datapoint.js';
import { PointColumns } from '../../../../domain/datapoints/point-columns.js';
import { long, string } from '../../../../domain/datapoints/value.js';
import type { DatapointWrite } from '../../../../domain/ports/datapoint-store.js';
import type { SeriesId } from '../../../../domain/series/series.js';
import { groupBySeries, ownColumns, seriesPuts, sharedColumns } from './series-puts.js';

const A = 'a'.repeat(32) as SeriesId;
const B = 'b'.repeat(32) as SeriesId;
const p = (ts: number): Datapoint => ({ ts: BigInt(ts), value: ts % 2 === 0 ? long(BigInt(ts)) : string(`s${ts}`) });
const put = (series: SeriesId, version: number, stamps: number[]): DatapointWrite => ({ type: 'put', series, version, points: stamps.map(p) });
/** A put that holds its chunks, whose `points` must never be read. */
const chunked = (series: SeriesId, version: number, ...chunks: number[][]): DatapointWrite => ({
  type: 'put',
  series,
  version,
  chunks: chunks.map((c) => encodeChunk(c.map(p))),
  get points(): Datapoint[] {
    throw new Error('points read');
  },
});
const del = (series: SeriesId, start: number, end: number): DatapointWrite => ({ type: 'delete', series, start: BigInt(start), end: BigInt(end) });
const stampsOf = (c: PointColumns) => c.toDatapoints().map((x) => Number(x.ts));

describe('seriesPuts', () => {
  it.each<[string, DatapointWrite[], { version: number; stamps: number[] }[]]>([
    ['a put of points', [put(A, 3, [1, 2])], [{ version: 3, stamps: [1, 2] }]],
    ['a put of chunks, from its chunks in order', [chunked(A, 4, [5, 6], [1])], [{ version: 4, stamps: [5, 6, 1] }]],
    ['several puts, in apply order', [put(A, 1, [1]), put(B, 9, [9]), chunked(A, 2, [2, 3])], [{ version: 1, stamps: [1] }, { version: 2, stamps: [2, 3] }]],
    ['a put stripped of what later deletes remove', [put(A, 1, [1, 2, 3, 4, 5]), del(A, 2, 2), del(A, 4, 9)], [{ version: 1, stamps: [1, 3] }]],
    ['only the puts before a delete stripped', [chunked(A, 1, [1, 2]), del(A, 2, 5), put(A, 2, [3, 4])], [{ version: 1, stamps: [1] }, { version: 2, stamps: [3, 4] }]],
    ['an empty put', [put(A, 1, [])], [{ version: 1, stamps: [] }]],
  ])('reads %s', (_name, writes, want) => {
    const plan = groupBySeries(writes).get(A);
    expect(plan && seriesPuts(plan).map((x) => ({ version: x.version, stamps: stampsOf(x.columns) }))).toEqual(want);
  });

  it('keeps the deletes of a series without puts', () => {
    const plan = groupBySeries([del(B, 1, 2), put(A, 1, [1]), del(B, 5, 6)]).get(B);
    expect(plan?.deletes).toEqual([{ start: 1n, end: 2n }, { start: 5n, end: 6n }]);
    expect(plan && seriesPuts(plan)).toEqual([]);
  });

  it('decodes a lone put into the shared columns, which ownColumns copies', () => {
    const plan = groupBySeries([chunked(A, 1, [1, 2])]).get(A);
    const [only] = plan ? seriesPuts(plan) : [];
    expect(only.columns).toBe(sharedColumns);
    const own = ownColumns(only.columns);
    expect(own).not.toBe(sharedColumns);
    sharedColumns.clear();
    expect(stampsOf(own)).toEqual([1, 2]);
    const other = new PointColumns();
    expect(ownColumns(other)).toBe(other);
  });
});
