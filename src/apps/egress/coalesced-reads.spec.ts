import { PointColumns } from '../../../domain/datapoints/point-columns.js';
import type { DatapointStore, FetchRange } from '../../../domain/ports/datapoint-store.js';
import { long } from '../../../domain/datapoints/value.js';
import type { SeriesId } from '../../../domain/series/series.js';
import { coalescedReads } from './coalesced-reads.js';

const a = 'a'.repeat(32) as SeriesId;
const b = 'b'.repeat(32) as SeriesId;
const c = 'c'.repeat(32) as SeriesId;
const range: FetchRange = { start: 0n, end: 100n, count: 10 };

/** Columns whose one point's value tells the series and the range end it was read for. */
const columnsOf = (series: SeriesId, r: FetchRange) => PointColumns.of([{ ts: r.end, value: long(BigInt(series.charCodeAt(0))) }]);

function store(fail = false): DatapointStore & Required<Pick<DatapointStore, 'fetchColumnsMany'>> & { calls: [SeriesId[], FetchRange][]; single: number } {
  const calls: [SeriesId[], FetchRange][] = [];
  const s = {
    calls,
    single: 0,
    apply: async () => undefined,
    fetch: async () => [],
    truncate: async () => undefined,
    fetchColumns: async (series: SeriesId, r: FetchRange) => {
      s.single++;
      return columnsOf(series, r);
    },
    fetchColumnsMany: async (series: readonly SeriesId[], r: FetchRange) => {
      calls.push([[...series], r]);
      if (fail) throw new Error('store thread gone');
      return series.map((id) => columnsOf(id, r));
    },
  };
  return s;
}

const read = (s: DatapointStore, id: SeriesId, r: FetchRange) => (s.fetchColumns as NonNullable<DatapointStore['fetchColumns']>)(id, r);
const values = (cols: PointColumns[]) => cols.map((x) => x.toDatapoints().map((p) => [p.ts, (p.value as { value: bigint }).value]));

describe('coalescedReads', () => {
  it('sends the reads of one tick with equal ranges as one call, each caller getting its series', async () => {
    const inner = store();
    const s = coalescedReads(inner);
    const got = await Promise.all([read(s, a, range), read(s, b, { ...range }), read(s, c, range)]);
    expect(inner.calls).toEqual([[[a, b, c], range]]);
    expect(values(got)).toEqual([[[100n, 97n]], [[100n, 98n]], [[100n, 99n]]]);
  });

  it('sends one call per distinct range, and reads of a later tick in a call of their own', async () => {
    const inner = store();
    const s = coalescedReads(inner);
    const other = { ...range, end: 50n };
    const first = await Promise.all([read(s, a, range), read(s, b, other), read(s, c, range)]);
    const later = await read(s, a, range);
    expect(inner.calls).toEqual([[[a, c], range], [[b], other], [[a], range]]);
    expect(values([...first, later])).toEqual([[[100n, 97n]], [[50n, 98n]], [[100n, 99n]], [[100n, 97n]]]);
    expect(inner.single).toBe(0);
  });

  it("gives every caller of a failed call its error", async () => {
    const s = coalescedReads(store(true));
    const results = await Promise.allSettled([read(s, a, range), read(s, b, range)]);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok'))).toEqual(['store thread gone', 'store thread gone']);
  });

  it('leaves a store that cannot read several series at once as it is', () => {
    const plain: DatapointStore = { apply: async () => undefined, fetch: async () => [], truncate: async () => undefined };
    expect(coalescedReads(plain)).toBe(plain);
  });
});
