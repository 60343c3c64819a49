import { parseSelectors } from '../../domain/series/selector.js';
import { seriesIdOf, type Series } from '../../domain/series/series.js';
import { SeededRandom } from '../seeded-random.js';
import { DirectoryIndex } from './directory-index.js';

let next = 1n;
function series(className: string, labels: Record<string, string>, attributes: Record<string, string> = {}): Series {
  next++;
  return { id: seriesIdOf(next, next * 3n), className, labels: new Map(Object.entries(labels)), attributes: new Map(Object.entries(attributes)) };
}

const all = [
  series('temp', { room: 'b', floor: '1' }),
  series('temp', { room: 'a', floor: '2' }),
  series('temp', { floor: '1' }, { room: 'c' }),
  series('temp', {}),
  series('humidity', { room: 'a' }),
  series('temp.max', { room: 'a' }),
  series('Temp', { room: 'a' }),
];

/** `class{labels}` of each result, labels in name order. */
const names = (found: readonly Series[]) =>
  found.map((s) => `${s.className}{${[...s.labels].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(',')}}`);

function indexOf(items: readonly Series[], seed = 1): DirectoryIndex {
  const index = new DirectoryIndex();
  const random = new SeededRandom(seed);
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  for (const s of shuffled) index.upsert(s);
  return index;
}

const find = (index: DirectoryIndex, text: string) => names(index.find(parseSelectors(text, { absentLabelSupport: true })));

describe('DirectoryIndex', () => {
  it.each([
    ['temp{}', ['temp{}', 'temp{floor=1}', 'temp{floor=1,room=b}', 'temp{floor=2,room=a}']],
    ['temp{room=a}', ['temp{floor=2,room=a}']],
    ['temp{room~[bc]}', ['temp{floor=1}', 'temp{floor=1,room=b}']],
    ['temp{room=}', ['temp{}']],
    ['~temp.*{room=a}', ['temp{floor=2,room=a}', 'temp.max{room=a}']],
    ['~(?i)temp{room=a}', ['Temp{room=a}', 'temp{floor=2,room=a}']],
    ['~.*{room=a}', ['Temp{room=a}', 'humidity{room=a}', 'temp{floor=2,room=a}', 'temp.max{room=a}']],
    ['pressure{}', []],
    ['temp{room=a} ~.*{room=a} humidity{}', ['Temp{room=a}', 'humidity{room=a}', 'temp{floor=2,room=a}', 'temp.max{room=a}']],
  ])('finds %s in class then label order, each series once', (selector, expected) => {
    expect(find(indexOf(all), selector)).toEqual(expected);
  });

  it('gives the same order whatever the insertion order', () => {
    const orders = [1, 2, 3, 4].map((seed) => find(indexOf(all, seed), '~.*{}'));
    expect(new Set(orders.map((o) => o.join(' '))).size).toBe(1);
    expect(orders[0]).toHaveLength(all.length);
  });

  it('gets by id, counts, replaces and removes', () => {
    const index = indexOf(all);
    expect(index.size).toBe(all.length);
    expect(index.get(all[4].id)).toBe(all[4]);
    const renamed = { ...all[4], attributes: new Map([['unit', '%']]) };
    index.upsert(renamed);
    expect(index.size).toBe(all.length);
    expect(index.find(parseSelectors('humidity{unit=%25}', { absentLabelSupport: true }))).toEqual([renamed]);
    expect(index.remove(all[4].id)).toBe(true);
    expect(index.remove(all[4].id)).toBe(false);
    expect(index.get(all[4].id)).toBeUndefined();
    expect(find(index, 'humidity{}')).toEqual([]);
    expect(index.size).toBe(all.length - 1);
    index.clear();
    expect(index.size).toBe(0);
    expect(find(index, '~.*{}')).toEqual([]);
  });
});
