import { matchesSeries, parseSelectors } from '../../domain/series/selector.js';
import { seriesIdOf, type Series, type SeriesId } from '../../domain/series/series.js';
import { SeededRandom } from '../seeded-random.js';
import { DirectoryIndex } from './directory-index.js';

let next = 1000n;
function series(className: string, labels: Record<string, string>, attributes: Record<string, string> = {}): Series {
  next++;
  return { id: seriesIdOf(next, next * 7n), className, labels: new Map(Object.entries(labels)), attributes: new Map(Object.entries(attributes)) };
}

const ids = (found: readonly Series[]) => found.map((s) => s.id);
const parse = (text: string) => parseSelectors(text, { absentLabelSupport: true });

describe('DirectoryIndex find through label postings', () => {
  it('finds by an exact label the series a full scan finds, in the same order, through any history', () => {
    const random = new SeededRandom(7);
    const index = new DirectoryIndex();
    const live = new Map<SeriesId, Series>();
    const selectors = ['m{host=h3}', 'm{rack=r1}', 'm{rack=r1,host=h12}', 'm{rack=r2,dc~dc[01]}', 'm{host=none}', 'm{rack=r0,dc=}', '~m|n{rack=r1}', 'm{.app=a,rack=r2}'];
    for (let step = 0; step < 400; step++) {
      const i = random.int(0, 59);
      const labels: Record<string, string> = { host: `h${i}`, rack: `r${i % 4}`, '.app': 'a' };
      if (i % 5 !== 0) labels.dc = `dc${i % 3}`;
      const s = series(i % 7 === 0 ? 'n' : 'm', labels);
      if (random.int(0, 3) === 0 && live.size > 0) {
        const victim = [...live.keys()][random.int(0, live.size - 1)];
        index.remove(victim);
        live.delete(victim);
      } else {
        index.upsert(s);
        live.set(s.id, s);
      }
      if (step % 20 === 0 || step === 399) {
        for (const text of selectors) {
          const selector = parse(text);
          const expected = [...live.values()].filter((x) => selector.some((sel) => matchesSeries(sel, x)));
          expect(new Set(ids(index.find(selector)))).toEqual(new Set(ids(expected)));
        }
      }
    }
  });

  it('still finds a series whose attribute stands for a label it lacks (Warp 10 matches attributes too)', () => {
    const index = new DirectoryIndex();
    const labelled = series('c', { host: 'h1' });
    const byAttribute = series('c', { rack: 'r1' }, { host: 'h1' });
    index.upsert(labelled);
    expect(ids(index.find(parse('c{host=h1}')))).toEqual([labelled.id]);
    index.upsert(byAttribute);
    expect(new Set(ids(index.find(parse('c{host=h1}'))))).toEqual(new Set([labelled.id, byAttribute.id]));
    index.remove(byAttribute.id);
    expect(ids(index.find(parse('c{host=h1}')))).toEqual([labelled.id]);
  });

  it('keeps the postings current after a series is re-registered with new attributes', () => {
    const index = new DirectoryIndex();
    const s = series('c', { host: 'h1' });
    index.upsert(s);
    expect(ids(index.find(parse('c{host=h1}')))).toEqual([s.id]);
    index.upsert({ ...s, attributes: new Map([['k', 'v']]) });
    expect(index.find(parse('c{host=h1}'))[0].attributes.get('k')).toBe('v');
    index.remove(s.id);
    expect(index.find(parse('c{host=h1}'))).toEqual([]);
    index.upsert(s);
    expect(ids(index.find(parse('c{host=h1}')))).toEqual([s.id]);
  });
});
