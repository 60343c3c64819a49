import type { Datapoint } from '../datapoints/datapoint.js';
import { long } from '../datapoints/value.js';
import { seriesIdOf, type Series, type SeriesId, type SeriesName } from '../series/series.js';
import { decideDelete } from './delete.decider.js';
import { decideMeta } from './meta.decider.js';
import { decideUpdate } from './update.decider.js';

const name = (className: string, labels: Record<string, string> = {}): SeriesName => ({ className, labels: new Map(Object.entries(labels)) });
const ids = new Map<string, SeriesId>();
const idOf = (n: SeriesName): SeriesId => {
  const k = `${n.className}${JSON.stringify([...n.labels])}`;
  if (!ids.has(k)) ids.set(k, seriesIdOf(BigInt(ids.size + 1), 7n));
  return ids.get(k)!;
};
const pt = (ts: number, v: number): Datapoint => ({ ts: BigInt(ts), value: long(BigInt(v)) });

describe('update decider', () => {
  const a = name('a');
  const b = name('b', { x: '1' });

  it('groups points per series in request order and registers unknown series once', () => {
    // Given lines a, b, a (a new object for the second a, as after another series)
    const lines = [{ name: a, point: pt(1, 1) }, { name: b, point: pt(2, 2) }, { name: name('a'), point: pt(3, 3) }, { name: a, point: pt(0, 4) }];
    // When
    const d = decideUpdate(lines, { idOf, isKnown: () => false, attributesMode: 'replace', nowMs: 42 });
    // Then
    expect(d.points).toBe(4);
    expect(d.data.map((e) => [e.series, e.points.map((p) => p.ts)])).toEqual([
      [idOf(a), [1n, 3n, 0n]],
      [idOf(b), [2n]],
    ]);
    expect(d.metadata.map((e) => e.type)).toEqual(['SeriesRegistered', 'SeriesRegistered']);
    expect(d.metadata[0]).toMatchObject({ series: { id: idOf(a), className: 'a', lastActivity: 42 } });
  });

  it('does not register known series, and emits attribute updates with the requested mode', () => {
    const attrs = new Map([['k', 'v']]);
    const d = decideUpdate([{ name: a, attributes: attrs, point: pt(1, 1) }], { idOf, isKnown: () => true, attributesMode: 'merge', nowMs: 0 });
    expect(d.metadata).toEqual([{ type: 'AttributesUpdated', series: { id: idOf(a), className: 'a', labels: a.labels }, attributes: attrs, mode: 'merge' }]);
  });
});

describe('meta decider', () => {
  it('emits one attribute update per line', () => {
    const events = decideMeta([{ name: name('m'), attributes: new Map([['x', '']]) }], idOf, 'replace');
    expect(events).toEqual([{ type: 'AttributesUpdated', series: { id: idOf(name('m')), className: 'm', labels: new Map() }, attributes: new Map([['x', '']]), mode: 'replace' }]);
  });
});

describe('delete decider', () => {
  const s: Series = { id: seriesIdOf(9n, 9n), className: 'c', labels: new Map(), attributes: new Map() };

  it('deletes a range on the data topic only', () => {
    const d = decideDelete([s], { kind: 'range', start: 10n, end: 20n });
    expect(d.data).toEqual([{ type: 'DatapointsDeleted', series: s.id, start: 10n, end: 20n }]);
    expect(d.metadata).toEqual([]);
  });

  it('deletes everything and removes the series from the directory for deleteall', () => {
    const d = decideDelete([s], { kind: 'all' });
    expect(d.data[0]).toMatchObject({ start: -(2n ** 63n), end: 2n ** 63n - 1n });
    expect(d.metadata).toEqual([{ type: 'SeriesDeleted', series: { id: s.id, className: 'c', labels: s.labels } }]);
  });
});
