import { TailCache, type CachedFrame } from './tail-cache.js';

/** A frame of `count` records from `base`, `bytes` long (contents do not matter to the cache). */
function frame(base: number, count: number, bytes = 100, echoes?: CachedFrame['echoes']): CachedFrame {
  return { base, count, frame: Buffer.alloc(bytes), echoes };
}

/** Frames of 3, 1 and 2 records: offsets 10-12, 13, 14-15. */
function filled(maxBytes = 1000): TailCache {
  const cache = new TailCache(maxBytes);
  cache.add(frame(10, 3));
  cache.add(frame(13, 1));
  cache.add(frame(14, 2));
  return cache;
}

describe('TailCache', () => {
  it.each([
    [9, undefined],
    [10, 10],
    [12, 10],
    [13, 13],
    [14, 14],
    [15, 14],
    [16, undefined],
  ])('finds offset %i in the frame starting at %p', (offset, base) => {
    expect(filled().find(offset)?.base).toBe(base);
  });

  it('finds nothing when empty', () => {
    expect(new TailCache(1000).find(0)).toBeUndefined();
  });

  it('evicts the oldest frames once over its budget, and then finds only the newer ones', () => {
    const cache = filled(250);
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(200);
    expect(cache.find(12)).toBeUndefined();
    expect(cache.find(13)?.base).toBe(13);
    cache.add(frame(16, 5, 200));
    expect([cache.size, cache.bytes, cache.find(15), cache.find(20)?.base]).toEqual([1, 200, undefined, 16]);
  });

  it('counts the echoes of a frame in its cost', () => {
    const cache = new TailCache(10_000);
    cache.add(frame(0, 10, 100, new Array(10).fill(() => ({}))));
    expect(cache.bytes).toBeGreaterThan(200 + 10 * 50);
  });

  it('keeps no frame larger than its budget, and forgets the older ones (no gap between cached frames)', () => {
    const cache = filled(250);
    cache.add(frame(16, 1, 251));
    expect([cache.size, cache.bytes, cache.find(14)]).toEqual([0, 0, undefined]);
    cache.add(frame(17, 1));
    expect(cache.find(17)?.base).toBe(17);
  });

  it('keeps nothing with a budget of 0', () => {
    const cache = new TailCache(0);
    cache.add(frame(0, 1, 1));
    expect([cache.size, cache.find(0)]).toEqual([0, undefined]);
  });

  it('drops everything on clear', () => {
    const cache = filled();
    cache.clear();
    expect([cache.size, cache.bytes, cache.find(10)]).toEqual([0, 0, undefined]);
  });
});
