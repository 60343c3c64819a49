import { seriesIdOf } from '../../../domain/series/series.js';
import { KnownSeriesCache } from './known-series.cache.js';

describe('known series cache', () => {
  it('remembers, forgets, and evicts the oldest beyond its capacity', () => {
    const cache = new KnownSeriesCache(2);
    const [a, b, c] = [1n, 2n, 3n].map((n) => seriesIdOf(n, n));
    cache.add(a);
    cache.add(b);
    cache.add(a);
    expect(cache.has(a) && cache.has(b)).toBe(true);
    cache.add(c);
    expect(cache.has(a)).toBe(false);
    expect(cache.has(c)).toBe(true);
    cache.forget(c);
    expect(cache.has(c)).toBe(false);
  });
});
