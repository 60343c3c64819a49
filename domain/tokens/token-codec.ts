import { ForbiddenError } from '../errors.js';
import { palindromicSipHash, type SipHashKey, sipHashKey } from '../series/siphash.js';
import { unwrapPadded, wrapPadded } from './aes-wrap.js';
import { opb64Decode, opb64Encode } from './opb64.js';
import { type ReadToken, TokenType, type WriteToken } from './token.js';
import {
  type DecodedStruct,
  decodeReadTokenStruct,
  decodeWriteTokenStruct,
  encodeReadTokenStruct,
  encodeWriteTokenStruct,
} from './token-thrift.js';

/** Key material shared with every Warp 10 component that mints or checks tokens (§2.5). */
export interface TokenKeys {
  /** `warp.aes.token`: 16, 24 or 32 bytes. */
  readonly tokenAes: Uint8Array;
  /** `warp.hash.token`: 16 bytes. */
  readonly tokenHash: Uint8Array;
}

/** Warp 10's messages (QuasarTokenDecoder / QuasarTokenFilter), returned verbatim to clients. */
export const TOKEN_INVALID = 'Invalid token.';
export const TOKEN_EXPIRED = 'Token Expired.';
export const READ_EXPECTED = 'Token type invalid (READ expected).';
export const WRITE_EXPECTED = 'Token type invalid (WRITE expected).';

/**
 * Tokens in Warp 10's wire form (reference §2.2, `QuasarTokenEncoder.cypherToken` and
 * `QuasarTokenDecoder`):
 *
 *   token = OPB64( AESWrap( PKCS7pad8( H(T) as 8 bytes big-endian || T ) ) )
 *
 * where T is the Thrift compact struct and H is Warp 10's *palindromic* SipHash-2-4
 * (`SipHashInline.hash24_palindromic`: SipHash of T followed by T reversed) keyed with
 * `warp.hash.token` read as two big-endian longs. Given the same keys, a cell accepts the tokens
 * of an existing Warp 10 platform and vice versa (checked against tokens minted by Warp 10's own
 * classes, see token-codec.spec.ts).
 *
 * Decoding checks, in Warp 10's order: the text decodes and unwraps, the hash matches, the struct
 * has its required fields (otherwise `Invalid token.`: a write token presented as a read token
 * lacks them, so Warp 10 answers `Invalid token.` there, not the type message), the token type
 * matches, and `expiry >= now`. Every failure is a ForbiddenError with Warp 10's message.
 * Token revocation lists (`warp.trl.dir`) are not handled here.
 */
export class TokenCodec {
  private readonly aes: Uint8Array;
  private readonly hashKey: SipHashKey;

  /** Throws a TypeError for keys of the wrong size, so a bad configuration fails at boot. */
  constructor(keys: TokenKeys) {
    const n = keys.tokenAes.length;
    if (n !== 16 && n !== 24 && n !== 32) throw new TypeError(`cannot use warp.aes.token: expected 16, 24 or 32 bytes, got ${n}`);
    if (keys.tokenHash.length !== 16) throw new TypeError(`cannot use warp.hash.token: expected 16 bytes, got ${keys.tokenHash.length}`);
    this.aes = Uint8Array.from(keys.tokenAes);
    this.hashKey = sipHashKey(keys.tokenHash);
  }

  /** The wire form of a write token. Throws a ValidationError for a malformed UUID in the claims. */
  encodeWrite(t: WriteToken): string {
    return this.seal(encodeWriteTokenStruct(t));
  }

  /** The wire form of a read token. Throws a ValidationError for a malformed UUID in the claims. */
  encodeRead(t: ReadToken): string {
    return this.seal(encodeReadTokenStruct(t));
  }

  /** Checks and decodes a write token; `nowMs` is the wall clock in ms since the epoch. */
  decodeWrite(token: string, nowMs: bigint): WriteToken {
    const struct = this.open(token, decodeWriteTokenStruct);
    if (struct.tokenType !== TokenType.WRITE) throw new ForbiddenError(WRITE_EXPECTED);
    return checkExpiry(struct.token, nowMs);
  }

  /** Checks and decodes a read token; `nowMs` is the wall clock in ms since the epoch. */
  decodeRead(token: string, nowMs: bigint): ReadToken {
    const struct = this.open(token, decodeReadTokenStruct);
    if (struct.tokenType !== TokenType.READ) throw new ForbiddenError(READ_EXPECTED);
    return checkExpiry(struct.token, nowMs);
  }

  /** Wraps an already serialized struct; exposed for tests that need hand-made structs. */
  seal(thrift: Uint8Array): string {
    const plain = new Uint8Array(8 + thrift.length);
    const [hi, lo] = palindromicSipHash(this.hashKey, thrift);
    const dv = new DataView(plain.buffer);
    dv.setUint32(0, hi);
    dv.setUint32(4, lo);
    plain.set(thrift, 8);
    return opb64Encode(wrapPadded(this.aes, plain));
  }

  private open<T>(token: string, decode: (bytes: Uint8Array, offset: number) => DecodedStruct<T>): DecodedStruct<T> {
    let plain: Uint8Array | null;
    try {
      plain = unwrapPadded(this.aes, opb64Decode(token));
    } catch (cause) {
      throw new ForbiddenError(TOKEN_INVALID, { cause });
    }
    if (plain === null || plain.length < 8) throw new ForbiddenError(TOKEN_INVALID);
    const [hi, lo] = palindromicSipHash(this.hashKey, plain.subarray(8));
    const dv = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
    if (dv.getUint32(0) !== hi || dv.getUint32(4) !== lo) throw new ForbiddenError(TOKEN_INVALID);
    try {
      return decode(plain, 8);
    } catch (cause) {
      throw new ForbiddenError(TOKEN_INVALID, { cause });
    }
  }
}

function checkExpiry<T extends { readonly expiry: bigint }>(token: T, nowMs: bigint): T {
  if (token.expiry < nowMs) throw new ForbiddenError(TOKEN_EXPIRED);
  return token;
}
