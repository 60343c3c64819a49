import { seriesIdOf, type Series } from '../../domain/series/series.js';
import { SeriesCompactor } from './series-compactor.js';

/** Another copy of the same text, as the decoder gives each series. */
const copyOf = (text: string): string => [...text].join('');

function decoded(n: bigint, labels: [string, string][], attributes: [string, string][] = [], lastActivity?: number): Series {
  const series: Series = {
    id: seriesIdOf(n, n),
    className: copyOf('temp'),
    labels: new Map(labels.map(([k, v]) => [copyOf(k), copyOf(v)])),
    attributes: new Map(attributes.map(([k, v]) => [copyOf(k), copyOf(v)])),
  };
  return lastActivity === undefined ? series : { ...series, lastActivity };
}

describe('SeriesCompactor', () => {
  it.each([
    ['labels only', decoded(1n, [['host', 'h1'], ['.owner', 'o']])],
    ['labels in no particular order, attributes and lastActivity', decoded(2n, [['z', '1'], ['a', '2']], [['unit', '%']], 1_700_000_000_000)],
    ['no labels', decoded(3n, [])],
  ])('keeps the series as it was (%s)', (_, series) => {
    const compact = new SeriesCompactor().compact(series);
    expect(compact).toEqual(series);
    expect([...compact.labels.keys()]).toEqual([...series.labels.keys()]);
    expect('lastActivity' in compact).toBe(series.lastActivity !== undefined);
  });

  // (Shared strings cannot be told from copies in JavaScript: heap snapshots measure them, BENCHMARKS.md.)
  it('lets series without attributes share one empty map', () => {
    const compactor = new SeriesCompactor();
    const [a, b] = [1n, 2n].map((n) => compactor.compact(decoded(n, [['host', `h${n}`]])));
    expect(a.attributes).toBe(b.attributes);
    expect(a.attributes.size).toBe(0);
  });

  it('keeps the maps of what it kept before when they did not change', () => {
    const compactor = new SeriesCompactor();
    const kept = compactor.compact(decoded(1n, [['host', 'h1']], [['unit', '%']]));
    const touched = compactor.compact({ ...kept, lastActivity: 5 }, kept);
    expect(touched.labels).toBe(kept.labels);
    expect(touched.attributes).toBe(kept.attributes);
    expect(touched.lastActivity).toBe(5);
    const relabelled = compactor.compact({ ...kept, attributes: new Map([['unit', 'C']]) }, kept);
    expect(relabelled.labels).toBe(kept.labels);
    expect([...relabelled.attributes]).toEqual([['unit', 'C']]);
  });
});
