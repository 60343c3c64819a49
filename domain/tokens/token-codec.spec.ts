import { ForbiddenError } from '../errors.js';
import { type ReadToken, TokenType, type WriteToken } from './token.js';
import { READ_EXPECTED, TOKEN_EXPIRED, TOKEN_INVALID, TokenCodec, WRITE_EXPECTED } from './token-codec.js';
import { encodeReadTokenStruct, encodeWriteTokenStruct } from './token-thrift.js';
import { OPB64_ALPHABET } from './opb64.js';

const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

/*
 * Real Warp 10 tokens. They were minted once by Warp 10's own code (SipHashInline,
 * OrderPreservingBase64, CryptoUtils.wrap as QuasarTokenEncoder.cypherToken chains them, over
 * structs serialized by the generated Thrift classes with TCompactProtocol), and RSTW_TOKEN was
 * checked with QuasarTokenDecoder, which also answered `Invalid token.` for a write token
 * presented as a read token and vice versa. No token + key pair is published by Warp 10 itself.
 */
const KEYS_1 = {
  tokenAes: bytes('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'),
  tokenHash: bytes('0f0e0d0c0b0a09080706050403020100'),
};
const WRITE_TOKEN =
  'hTKzvccHJRB1.R3IHboVFr7lcGgBmH4guiNfycnM.2frRDilHmPlHAZOHMkN6fS3wZ6PH4oX6HO8BRY8XnM26_aTKQ61shNKwNcy' +
  '2YcGFScGrSg9v7QPfHgUDAbys7IjqmjisjMY0NCOrQ2LcCieYF';
const READ_TOKEN =
  'is7vjX3xL75migwJ7jHvzbw6AJPsuS7YgLlvSKiHO0ZkhRKd5VStzYCacXlknPk6GL7dBdMzY4vh3FWUuUO4GwOVWEFBAPmz.jY7' +
  'ezoQySG3aL.Mv38iKo3MPRsEgOQ8sSCxtNNb6LhJ4bVDO3iisxTSr.MSIVPFP_uN7Uuy7gZmDtU9.9FpK.';
/** READ_TOKEN's struct with tokenType = WRITE. */
const RSTW_TOKEN =
  '.1Yy_kTZAMge2CKurKegHB4OkVWYcZTr6uKrWdQsANOSIws6b7K9w_LZjsC84Fxj0jA2ckqOFqp6cyaisPat3WPW18DEHuX28IVm' +
  'zcS25gEJcc1rr1EXyVFs37MbO0F2GjJghYOFP5hkD2QMTyP88e_FGUB5D0Th1ZOnOgjapLdKQpseddReok';
const KEYS_128 = { tokenAes: bytes('2b7e151628aed2a6abf7158809cf4f3c'), tokenHash: new Uint8Array(16) };
const W3_TOKEN =
  'fh48.xYSekYIaUn_brQBaD5wEHeeylpNbHmw5CQ1JO7XoXXvn7sWHGSAkw4WzWX88X.6h11.4aHaxPohBpntZ_QtbizY6giVNLiw' +
  'IOWK_v1xSgnVrWaamV';
const KEYS_192 = { tokenAes: bytes('000102030405060708090a0b0c0d0e0f1011121314151617'), tokenHash: bytes('0123456789abcdeffedcba9876543210') };
const R3_TOKEN =
  'NBM1QdvH60WiY_lFzXAsbFzmQfp020d1GUBa2QQ5InX.1SxLQSzyhbSZM4SDwA7g7gU475GixrLYYtMX1PRBScoW6B1Xx5ZrMSmA' +
  'z2SnuHB2CMhvGXZ06CuojqAxLT0xBne9rSTM2v_DBlYjTN8uKEbtwnaPEYnQmLzgWoDq48JZldy02ay2PHaKVIkHJUowQgaK4A.Y' +
  'TfyZLUkLJQXpD.';

const P = '11111111-2222-3333-4444-555555555555';
const O = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const NOW = 1700000000001n;

const WRITE_CLAIMS: WriteToken = {
  issuance: 1700000000000n,
  expiry: 4102444800000n,
  producer: P,
  owner: O,
  app: 'my.app',
  labels: new Map([['env', 'prod']]),
  attributes: new Map([['.nodelete', '']]),
};
const READ_CLAIMS: ReadToken = {
  issuance: 1700000000000n,
  expiry: 4102444800000n,
  appName: 'my.app',
  apps: ['my.app', 'other.app'],
  owners: [O],
  producers: [],
  billedId: P,
  labels: new Map([['env', '~prod.*']]),
  attributes: new Map([['.expose', 'true']]),
  dataviz: true,
};

function forbidden(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ForbiddenError);
    return (e as Error).message;
  }
  throw new Error('expected a ForbiddenError');
}

describe('TokenCodec with tokens minted by Warp 10', () => {
  const codec = new TokenCodec(KEYS_1);

  it('decodes a Warp 10 write token', () => {
    expect(codec.decodeWrite(WRITE_TOKEN, NOW)).toEqual(WRITE_CLAIMS);
  });

  it('decodes a Warp 10 read token', () => {
    expect(codec.decodeRead(READ_TOKEN, NOW)).toEqual(READ_CLAIMS);
  });

  it('mints exactly the tokens Warp 10 mints from the same claims and keys', () => {
    expect(codec.encodeWrite(WRITE_CLAIMS)).toBe(WRITE_TOKEN);
    expect(codec.encodeRead(READ_CLAIMS)).toBe(READ_TOKEN);
  });

  it('decodes with AES-128 and AES-192 keys', () => {
    expect(new TokenCodec(KEYS_128).decodeWrite(W3_TOKEN, 0n)).toMatchObject({ issuance: -5n, app: 'café', indices: [1n, -2n, 300n] });
    expect(new TokenCodec(KEYS_192).decodeRead(R3_TOKEN, 2n)).toMatchObject({ lookup: false, hooks: new Map([['PRIVATE_HOOK', 'NOW']]) });
  });

  it('answers "Invalid token." for a write token presented as a read token, and vice versa, as Warp 10 does', () => {
    expect(forbidden(() => codec.decodeRead(WRITE_TOKEN, NOW))).toBe(TOKEN_INVALID);
    expect(forbidden(() => codec.decodeWrite(READ_TOKEN, NOW))).toBe(TOKEN_INVALID);
  });

  it('answers the type message when a well-formed struct carries the other token type', () => {
    expect(forbidden(() => codec.decodeRead(RSTW_TOKEN, NOW))).toBe(READ_EXPECTED);
  });
});

describe('TokenCodec checks', () => {
  const codec = new TokenCodec(KEYS_1);

  it.each([
    ['write', (t: bigint) => codec.decodeWrite(codec.encodeWrite({ ...WRITE_CLAIMS, expiry: t }), t)],
    ['read', (t: bigint) => codec.decodeRead(codec.encodeRead({ ...READ_CLAIMS, expiry: t }), t)],
  ])('accepts a %s token until its expiry ms inclusive', (_kind, decodeAtExpiry) => {
    expect(decodeAtExpiry(5000n).expiry).toBe(5000n);
  });

  it.each([
    ['write', () => codec.decodeWrite(codec.encodeWrite({ ...WRITE_CLAIMS, expiry: 5000n }), 5001n)],
    ['read', () => codec.decodeRead(codec.encodeRead({ ...READ_CLAIMS, expiry: 5000n }), 5001n)],
  ])('answers "Token Expired." for a %s token one ms after its expiry', (_kind, decode) => {
    expect(forbidden(decode)).toBe(TOKEN_EXPIRED);
  });

  it('checks the type before the expiry', () => {
    const expiredWrongType = codec.seal(encodeWriteTokenStruct({ ...WRITE_CLAIMS, expiry: 0n }, TokenType.READ));
    expect(forbidden(() => codec.decodeWrite(expiredWrongType, NOW))).toBe(WRITE_EXPECTED);
  });

  it('answers "Token type invalid (WRITE expected)." for a write struct typed READ', () => {
    const token = codec.seal(encodeWriteTokenStruct(WRITE_CLAIMS, TokenType.READ));
    expect(forbidden(() => codec.decodeWrite(token, NOW))).toBe(WRITE_EXPECTED);
  });

  it('answers "Token type invalid (READ expected)." for a read struct typed WRITE', () => {
    const token = codec.seal(encodeReadTokenStruct(READ_CLAIMS, TokenType.WRITE));
    expect(forbidden(() => codec.decodeRead(token, NOW))).toBe(READ_EXPECTED);
  });

  it('rejects every single-character change of a token as "Invalid token."', () => {
    for (let i = 0; i < WRITE_TOKEN.length; i++) {
      const c = OPB64_ALPHABET.indexOf(WRITE_TOKEN[i]);
      const tampered = WRITE_TOKEN.slice(0, i) + OPB64_ALPHABET[(c + 1) % 64] + WRITE_TOKEN.slice(i + 1);
      expect(forbidden(() => codec.decodeWrite(tampered, NOW))).toBe(TOKEN_INVALID);
    }
  });

  it.each([
    ['another AES key', { ...KEYS_1, tokenAes: bytes('ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f') }],
    ['another hash key', { ...KEYS_1, tokenHash: bytes('ff0e0d0c0b0a09080706050403020100') }],
    ['an AES key of another size', { ...KEYS_1, tokenAes: bytes('000102030405060708090a0b0c0d0e0f') }],
  ])('rejects a token decoded with %s as "Invalid token."', (_name, keys) => {
    expect(forbidden(() => new TokenCodec(keys).decodeWrite(WRITE_TOKEN, NOW))).toBe(TOKEN_INVALID);
  });

  it.each([
    ['an empty string', ''],
    ['characters outside the alphabet', '&~#{[]}' + WRITE_TOKEN],
    ['a truncated token', WRITE_TOKEN.slice(0, -4)],
    ['an extended token', WRITE_TOKEN + '....'],
    ['short garbage', 'abcd'],
  ])('rejects %s as "Invalid token."', (_name, token) => {
    expect(forbidden(() => codec.decodeWrite(token, NOW))).toBe(TOKEN_INVALID);
  });

  it('rejects a struct that is not a token struct but carries a valid hash', () => {
    expect(forbidden(() => codec.decodeWrite(codec.seal(new Uint8Array([0x16, 0x02, 0x00])), NOW))).toBe(TOKEN_INVALID);
  });

  it.each([
    ['an AES key of 20 bytes', { tokenAes: new Uint8Array(20), tokenHash: new Uint8Array(16) }],
    ['a hash key of 8 bytes', { tokenAes: new Uint8Array(16), tokenHash: new Uint8Array(8) }],
  ])('refuses to be built with %s', (_name, keys) => {
    expect(() => new TokenCodec(keys)).toThrow(TypeError);
  });

  it('round-trips claims with every optional field', () => {
    const w: WriteToken = { ...WRITE_CLAIMS, indices: [], labels: new Map(), attributes: new Map([['a', 'b'], ['c', '']]) };
    const r: ReadToken = { ...READ_CLAIMS, hooks: new Map([['h', 'v']]), lookup: true, dataviz: false, producers: [P, O] };
    expect(codec.decodeWrite(codec.encodeWrite(w), NOW)).toEqual(w);
    expect(codec.decodeRead(codec.encodeRead(r), NOW)).toEqual(r);
  });
});
