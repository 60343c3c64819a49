import { ForbiddenError } from '../../../domain/errors.js';
import { TOKEN_EXPIRED } from '../../../domain/tokens/token-codec.js';

/** How many decoded tokens a cache keeps: clients reuse a handful of tokens, and each entry is a few hundred bytes. */
export const TOKEN_CACHE_SIZE = 1024;

/**
 * Tokens already decoded and accepted, keyed by their wire text. Decoding a token (base64, AES unwrap, SipHash,
 * Thrift) costs ~0.1 ms, a sizeable part of a small /fetch, and clients send the same token with every request.
 * Only tokens that passed every check are kept; a kept token still expires: a hit past its expiry is refused
 * with the codec's own message (and forgotten), as decoding it again would. Bounded: the oldest entry goes first.
 */
export class DecodedTokenCache<T extends { readonly expiry: bigint }> {
  private readonly tokens = new Map<string, T>();

  constructor(private readonly capacity: number = TOKEN_CACHE_SIZE) {}

  /**
   * The token `text` decodes to: from the cache when it was accepted before, else `decode(text)` (which throws on
   * a bad token) kept for next time. `nowMs` is the wall clock in ms since the epoch.
   */
  get(text: string, nowMs: bigint, decode: (text: string) => T): T {
    const hit = this.tokens.get(text);
    if (hit !== undefined) {
      if (hit.expiry >= nowMs) return hit;
      this.tokens.delete(text);
      throw new ForbiddenError(TOKEN_EXPIRED);
    }
    const decoded = decode(text);
    if (this.tokens.size >= this.capacity) this.tokens.delete(this.tokens.keys().next().value as string);
    this.tokens.set(text, decoded);
    return decoded;
  }

  get size(): number {
    return this.tokens.size;
  }
}
