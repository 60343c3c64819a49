import { TOKEN_EXPIRED } from '../../../domain/tokens/token-codec.js';
import { DecodedTokenCache } from './decoded-token-cache.js';

interface Fake {
  readonly name: string;
  readonly expiry: bigint;
}

describe('decoded token cache', () => {
  const counting = () => {
    const seen: string[] = [];
    const decode = (text: string): Fake => {
      seen.push(text);
      if (text === 'bad') throw new Error('Invalid token.');
      return { name: text, expiry: 1_000n };
    };
    return { seen, decode };
  };

  it('decodes a token once and answers later uses from the cache', () => {
    const cache = new DecodedTokenCache<Fake>();
    const { seen, decode } = counting();
    const first = cache.get('t1', 10n, decode);
    expect(cache.get('t1', 20n, decode)).toBe(first);
    expect(seen).toEqual(['t1']);
  });

  it('keeps no refused token: each use decodes (and throws) again', () => {
    const cache = new DecodedTokenCache<Fake>();
    const { seen, decode } = counting();
    expect(() => cache.get('bad', 10n, decode)).toThrow('Invalid token.');
    expect(() => cache.get('bad', 10n, decode)).toThrow('Invalid token.');
    expect(seen).toEqual(['bad', 'bad']);
    expect(cache.size).toBe(0);
  });

  it.each([
    [999n, 'accepted'],
    [1_000n, 'accepted'],
    [1_001n, 'expired'],
  ])('checks a cached token for expiry on every use (now %p: %s)', (now, outcome) => {
    const cache = new DecodedTokenCache<Fake>();
    const { decode } = counting();
    cache.get('t1', 10n, decode);
    if (outcome === 'accepted') expect(cache.get('t1', now, decode).name).toBe('t1');
    else expect(() => cache.get('t1', now, decode)).toThrow(TOKEN_EXPIRED);
  });

  it('forgets an expired token, so a later use decodes it again', () => {
    const cache = new DecodedTokenCache<Fake>();
    const { seen, decode } = counting();
    cache.get('t1', 10n, decode);
    expect(() => cache.get('t1', 2_000n, decode)).toThrow(TOKEN_EXPIRED);
    expect(cache.size).toBe(0);
    cache.get('t1', 10n, decode);
    expect(seen).toEqual(['t1', 't1']);
  });

  it('holds at most its capacity, dropping the oldest token first', () => {
    const cache = new DecodedTokenCache<Fake>(2);
    const { seen, decode } = counting();
    for (const t of ['a', 'b', 'c', 'b', 'a']) cache.get(t, 10n, decode);
    expect(cache.size).toBe(2);
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
  });
});
