import { KIND_DECIMAL, KIND_LONG } from '../datapoints/point-columns.js';
import { decimal, long, string } from '../datapoints/value.js';
import { seriesIdOf, type SeriesName } from '../series/series.js';
import { UpdateGroups } from './update.decider.js';

const a: SeriesName = { className: 'a', labels: new Map() };
const b: SeriesName = { className: 'b', labels: new Map([['x', '1']]) };
const ids = new Map([
  [a, seriesIdOf(1n, 1n)],
  [b, seriesIdOf(2n, 2n)],
]);
const idOf = (n: SeriesName) => ids.get(n)!;
const ctx = { isKnown: () => true, attributesMode: 'replace' as const, nowMs: 0 };

describe('UpdateGroups', () => {
  it('regroups interleaved numeric and object points per series, in arrival order within each', () => {
    // Given points of two series interleaved, numeric ones and others
    const groups = new UpdateGroups(idOf);
    groups.addNumeric(a, undefined, undefined, 10, { kind: KIND_DECIMAL, num: 125, scale: 2 });
    groups.addNumeric(b, undefined, undefined, 10, { kind: KIND_LONG, num: -3, scale: 0 });
    groups.add(a, undefined, undefined, { ts: 11n, value: string('s') });
    groups.add(b, undefined, undefined, { ts: 2n ** 60n, value: long(1n) });
    groups.addNumeric(a, undefined, undefined, 12, { kind: KIND_LONG, num: 7, scale: 0 });
    // When
    const d = groups.decide(ctx);
    // Then
    expect(d.points).toBe(5);
    expect(d.data.map((e) => [e.series, e.points])).toEqual([
      [idOf(a), [{ ts: 10n, value: decimal(125n, 2) }, { ts: 11n, value: string('s') }, { ts: 12n, value: long(7n) }]],
      [idOf(b), [{ ts: 10n, value: long(-3n) }, { ts: 2n ** 60n, value: long(1n) }]],
    ]);
    expect(d.data.map((e) => [e.columns?.from, e.columns?.to])).toEqual([
      [0, 3],
      [3, 5],
    ]);
  });

  it('hands the columns as they are when the request names one series', () => {
    const groups = new UpdateGroups(idOf);
    groups.addNumeric(b, undefined, undefined, 1, { kind: KIND_LONG, num: 1, scale: 0 });
    groups.addNumeric(b, undefined, undefined, 2, { kind: KIND_LONG, num: 2, scale: 0 });
    const [event] = groups.decide(ctx).data;
    expect(event.points.map((p) => p.ts)).toEqual([1n, 2n]);
    expect(event.points).toBe(event.points);
  });

  it('groups series named in a repeating order, and when the order changes, by series', () => {
    // Given a third series, and lines cycling a, b, c, then out of that order (a new name object for b too)
    const c: SeriesName = { className: 'c', labels: new Map() };
    const b2: SeriesName = { className: 'b', labels: new Map([['x', '1']]) };
    const idOf3 = (n: SeriesName) => (n === c ? seriesIdOf(3n, 3n) : n === b2 ? idOf(b) : idOf(n));
    const groups = new UpdateGroups(idOf3);
    const order = [a, b, c, a, b, c, a, c, b2, b, a, a, c];
    order.forEach((n, i) => groups.addNumeric(n, undefined, undefined, i, { kind: KIND_LONG, num: i, scale: 0 }));
    // When
    const d = groups.decide(ctx);
    // Then each series has its own points, in arrival order
    expect(d.data.map((e) => [e.series, e.points.map((p) => Number(p.ts))])).toEqual([
      [idOf(a), [0, 3, 6, 10, 11]],
      [idOf(b), [1, 4, 8, 9]],
      [idOf3(c), [2, 5, 7, 12]],
    ]);
  });

  it('keeps the last attributes block of a series', () => {
    const groups = new UpdateGroups(idOf);
    groups.addNumeric(a, undefined, new Map([['k', '1']]), 1, { kind: KIND_LONG, num: 1, scale: 0 });
    groups.addNumeric(a, undefined, new Map([['k', '2']]), 2, { kind: KIND_LONG, num: 2, scale: 0 });
    expect(groups.decide(ctx).metadata).toMatchObject([{ type: 'AttributesUpdated', attributes: new Map([['k', '2']]) }]);
  });
});
