import type { SeriesId, SeriesName } from '../series/series.js';
import { InputParser, type InputParseOptions } from './input-format.js';
import { SeriesCache } from './series-cache.js';
import { ownedString } from './owned-string.js';

const idOf = (name: SeriesName): SeriesId => `${name.className}:${[...name.labels].map(([k, v]) => `${k}=${v}`).join(',')}` as SeriesId;

describe('SeriesCache', () => {
  it('computes the id of a new entry once and returns the same entry for the same text', () => {
    const identify = jest.fn(idOf);
    const cache = new SeriesCache(identify, 8);
    const added = cache.add('a{x=1', 0, 5, { className: 'a', labels: new Map([['x', '1']]) });
    expect(cache.get('1// a{x=1} 1', 4, 9)).toBe(added);
    expect(added.key).toBe('a{x=1');
    expect(added.id).toBe('a:x=1');
    expect(identify).toHaveBeenCalledTimes(1);
  });

  it('takes the id from the caller when given', () => {
    const identify = jest.fn(idOf);
    const entry = new SeriesCache(identify, 8).add('a{', 0, 2, { className: 'a', labels: new Map() }, 'given' as SeriesId);
    expect(entry.id).toBe('given');
    expect(identify).not.toHaveBeenCalled();
  });

  it('keeps at most its capacity, and always the entries used within the last half of it', () => {
    const cache = new SeriesCache(idOf, 4);
    const name = (i: number): SeriesName => ({ className: `c${i}`, labels: new Map() });
    for (let i = 0; i < 10; i++) {
      cache.add(`c${i}{`, 0, `c${i}{`.length, name(i));
      expect(cache.get('c0{', 0, 3)?.name.className).toBe('c0');
      expect(cache.size).toBeLessThanOrEqual(4);
    }
    expect(cache.get('c9{', 0, 3)).toBeDefined();
    expect(cache.get('c8{', 0, 3)).toBeDefined();
    expect(cache.get('c5{', 0, 3)).toBeUndefined();
  });

  it.each([0, 1, 2.5, Number.NaN])('refuses a capacity of %p', (capacity) => {
    expect(() => new SeriesCache(idOf, capacity)).toThrow(RangeError);
  });
});

describe('InputParser with a series cache', () => {
  const base: InputParseOptions = { now: () => 0n, parseAttributes: false, labelsMaxSize: 2048, attributesMaxSize: 8192, valueMaxSize: 65536 };

  it('gives every line the id of its series, and the same name object across parsers (requests)', () => {
    const seriesCache = new SeriesCache(idOf);
    const first = new InputParser({ ...base, seriesCache });
    const a = first.parseLine('1// a{x=1} 1', 1);
    const b = first.parseLine('2// b{} 2', 2);
    const c = first.parseLine('=3// 3', 3);
    const again = new InputParser({ ...base, seriesCache }).parseLine('4// a{x=1} 4', 1);
    expect([a?.id, b?.id, c?.id, again?.id]).toEqual(['a:x=1', 'b:', 'b:', 'a:x=1']);
    expect(again?.name).toBe(a?.name);
  });

  it('caches the series with the forced labels applied, and the previous object when the text differs only by them', () => {
    const seriesCache = new SeriesCache(idOf);
    const parser = new InputParser({ ...base, seriesCache, forcedLabels: new Map([['x', 'f']]) });
    const a = parser.parseLine('1// a{x=1} 1', 1);
    const b = parser.parseLine('2// a{x=2} 2', 2);
    expect(a?.id).toBe('a:x=f');
    expect(b?.name).toBe(a?.name);
    expect(seriesCache.get('a{x=2', 0, 5)?.name).toBe(a?.name);
  });

  it('caches nothing for a line that fails', () => {
    const seriesCache = new SeriesCache(idOf);
    expect(() => new InputParser({ ...base, seriesCache }).parseLine('1// a{x=%zz} 1', 1)).toThrow();
    expect(seriesCache.size).toBe(0);
  });
});

describe('ownedString', () => {
  it.each(['', 'a', 'x'.repeat(40), 'é😀'.repeat(5000)])('copies %j with the same content', (text) => {
    expect(ownedString(text)).toBe(text);
  });
});

describe('SeriesCache predictions (the series named after each one last time)', () => {
  const base: InputParseOptions = { now: () => 0n, parseAttributes: false, labelsMaxSize: 2048, attributesMaxSize: 8192, valueMaxSize: 65536 };
  const bodyOf = (order: number[]) => order.map((s, i) => `${i}// c{s=${s}} ${i}`);

  it('gives every line its own series whether the order repeats, changes or breaks off', () => {
    const identify = jest.fn(idOf);
    const seriesCache = new SeriesCache(identify);
    const orders = [[0, 1, 2, 3], [0, 1, 2, 3], [3, 2, 1, 0], [0, 2, 1, 3, 0, 0, 1], [1, 2, 3, 0]];
    for (const order of orders) {
      const parser = new InputParser({ ...base, seriesCache });
      bodyOf(order).forEach((line, i) => expect(parser.parseLine(line, i + 1)?.id).toBe(`c:s=${order[i]}`));
    }
    expect(identify).toHaveBeenCalledTimes(4);
  });

  it('keeps the series it predicts correctly, however many generations go by', () => {
    const identify = jest.fn(idOf);
    const seriesCache = new SeriesCache(identify, 8);
    for (let round = 0; round < 50; round++) {
      const parser = new InputParser({ ...base, seriesCache });
      bodyOf([0, 1, 2]).forEach((line, i) => parser.parseLine(line, i + 1));
      // a new series each round pushes generations forward
      parser.parseLine(`9// other{r=${round}} 0`, 4);
    }
    expect(identify.mock.calls.filter(([name]) => name.className === 'c')).toHaveLength(3);
    expect(seriesCache.size).toBeLessThanOrEqual(8);
  });
});
