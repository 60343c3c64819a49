import { seriesIdOf } from '../../../domain/series/series.js';
import { KnownSeriesCache } from './known-series.cache.js';

describe('known series cache', () => {
  const [a, b, c] = [1n, 2n, 3n].map((n) => seriesIdOf(n, n));

  it('remembers, forgets, and evicts the oldest beyond its capacity', () => {
    const cache = new KnownSeriesCache(2);
    cache.add(a, new Map());
    cache.add(b, new Map());
    cache.add(a, new Map());
    expect(cache.has(a) && cache.has(b)).toBe(true);
    cache.add(c, new Map());
    expect(cache.has(a)).toBe(false);
    expect(cache.has(c)).toBe(true);
    cache.forget(c);
    expect(cache.has(c)).toBe(false);
  });

  it('answers the metadata position covering the registrations of known series', () => {
    const cache = new KnownSeriesCache();
    const first = new Map([[0, 5]]);
    cache.add(a, first);
    cache.add(b, first);
    cache.add(c, new Map([[0, 3], [1, 9]]));
    cache.add(a, new Map([[0, 99]])); // already known: the first registration stands
    expect([...cache.registrationsOf([a, b])]).toEqual([[0, 5]]);
    expect([...cache.registrationsOf([a, c, seriesIdOf(7n, 7n)])]).toEqual([[0, 5], [1, 9]]);
    expect(cache.registrationsOf([]).size).toBe(0);
  });

  it('after a write, remembers the series it registered and answers the registrations of the others, as registrationsOf then add do', () => {
    const cache = new KnownSeriesCache();
    const first = new Map([[0, 5]]);
    cache.add(a, first);
    cache.add(b, new Map([[1, 2]]));
    const now = new Map([[0, 8]]);
    expect([...cache.written([a, c, b], now)]).toEqual([[0, 5], [1, 2]]);
    expect([...cache.registrationsOf([c])]).toEqual([[0, 8]]);
    expect([...cache.written([c], new Map([[0, 99]]))]).toEqual([[0, 8]]);
    expect(cache.written([seriesIdOf(7n, 7n)], now).size).toBe(0);
  });

  describe('registrations in flight', () => {
    const deferred = () => {
      let resolve!: (v: string) => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<string>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    };

    it('has none until an append carrying registrations is tracked, and none once it settled', async () => {
      const cache = new KnownSeriesCache();
      expect(cache.registrationsInFlight([a, b])).toBeUndefined();
      const append = deferred();
      expect(cache.track([a], append.promise)).toBe(append.promise);
      const waiting = cache.registrationsInFlight([b, a]);
      expect(waiting).toBeDefined();
      expect(cache.registrationsInFlight([b, c])).toBeUndefined();
      append.resolve('done');
      await waiting;
      expect(cache.registrationsInFlight([a])).toBeUndefined();
    });

    it.each([
      ['durable', true],
      ['failed', false],
    ])('lets a waiting request resume once the append is %s, the durable registrations recorded first', async (_name, durable) => {
      const cache = new KnownSeriesCache();
      const append = deferred();
      const owner = cache.track([a, b], append.promise).then(
        () => void cache.written([a, b], new Map([[0, 4]])),
        () => undefined,
      );
      let knownWhenResumed: boolean | undefined;
      const waiter = (cache.registrationsInFlight([b]) as Promise<void>).then(() => (knownWhenResumed = cache.has(b)));
      if (durable) append.resolve('ok');
      else append.reject(new Error('disk full'));
      await Promise.all([owner, waiter]);
      expect(knownWhenResumed).toBe(durable);
    });

    it('tracks nothing for an append that registers no series', () => {
      const cache = new KnownSeriesCache();
      const append = Promise.resolve(1);
      expect(cache.track([], append)).toBe(append);
      expect(cache.registrationsInFlight([a])).toBeUndefined();
    });
  });
});
