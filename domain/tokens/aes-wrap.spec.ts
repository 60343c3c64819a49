import { aesKeyUnwrap, aesKeyWrap, pkcs7Pad8, pkcs7Unpad8, unwrapPadded, wrapPadded } from './aes-wrap.js';

const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
const hex = (b: Uint8Array | null): string | null => (b === null ? null : Buffer.from(b).toString('hex'));

const KEK128 = '000102030405060708090A0B0C0D0E0F';
const KEK192 = '000102030405060708090A0B0C0D0E0F1011121314151617';
const KEK256 = '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F';
const DATA128 = '00112233445566778899AABBCCDDEEFF';
const DATA192 = '00112233445566778899AABBCCDDEEFF0001020304050607';
const DATA256 = '00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F';

describe('AES key wrap (RFC 3394)', () => {
  // RFC 3394 section 4 test vectors.
  it.each([
    ['4.1', KEK128, DATA128, '1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5'],
    ['4.2', KEK192, DATA128, '96778B25AE6CA435 F92B5B97C050AED2 468AB8A17AD84E5D'],
    ['4.3', KEK256, DATA128, '64E8C3F9CE0F5BA2 63E9777905818A2A 93C8191E7D6E8AE7'],
    ['4.4', KEK192, DATA192, '031D33264E15D332 68F24EC260743EDC E1C6C7DDEE725A93 6BA814915C6762D2'],
    ['4.5', KEK256, DATA192, 'A8F9BC1612C68B3F F6E6F4FBE30E71E4 769C8B80A32CB895 8CD5D17D6B254DA1'],
    ['4.6', KEK256, DATA256, '28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21'],
  ])('matches RFC 3394 vector %s both ways', (_id, kek, data, wrapped) => {
    expect(hex(aesKeyWrap(bytes(kek), bytes(data)))).toBe(hex(bytes(wrapped)));
    expect(hex(aesKeyUnwrap(bytes(kek), bytes(wrapped)))).toBe(hex(bytes(data)));
  });

  it('returns null when the wrapped data was altered', () => {
    const wrapped = aesKeyWrap(bytes(KEK128), bytes(DATA128));
    wrapped[5] ^= 0x01;
    expect(aesKeyUnwrap(bytes(KEK128), wrapped)).toBeNull();
  });

  it('returns null when unwrapping with another key', () => {
    const wrapped = aesKeyWrap(bytes(KEK128), bytes(DATA128));
    const other = bytes(KEK128);
    other[0] = 0xff;
    expect(aesKeyUnwrap(other, wrapped)).toBeNull();
  });

  it.each([0, 8, 16, 20, 23, 25])('returns null for %i bytes that cannot be wrapped data', (n) => {
    expect(aesKeyUnwrap(bytes(KEK128), new Uint8Array(n))).toBeNull();
  });

  it.each([8, 12])('refuses to wrap %i bytes (RFC 3394 needs n >= 2 blocks of 8)', (n) => {
    expect(() => aesKeyWrap(bytes(KEK128), new Uint8Array(n))).toThrow(RangeError);
  });

  it('refuses keys that are not 128, 192 or 256 bits', () => {
    expect(() => aesKeyWrap(new Uint8Array(20), bytes(DATA128))).toThrow(TypeError);
    expect(() => aesKeyUnwrap(new Uint8Array(8), new Uint8Array(24))).toThrow(TypeError);
  });
});

describe('PKCS7 padding to 8 bytes', () => {
  it.each([
    [0, 8],
    [1, 7],
    [7, 1],
    [8, 8],
    [9, 7],
    [15, 1],
    [16, 8],
  ])('pads %i bytes with %i bytes of that value', (len, added) => {
    const padded = pkcs7Pad8(new Uint8Array(len).fill(0xee));
    expect(padded.length).toBe(len + added);
    expect([...padded.subarray(len)]).toEqual(Array(added).fill(added));
    expect(pkcs7Unpad8(padded)?.length).toBe(len);
  });

  it.each([
    ['empty data', ''],
    ['a zero pad byte', '0102030405060700'],
    ['a pad byte over 8', '0102030405060709'],
    ['a pad count over the length', '0303'],
    ['inconsistent pad bytes', '0102030405020302'],
  ])('rejects %s', (_name, h) => {
    expect(pkcs7Unpad8(bytes(h))).toBeNull();
  });
});

describe('wrapPadded / unwrapPadded (Warp 10 CryptoUtils.wrap/unwrap)', () => {
  it.each([8, 9, 15, 16, 100])('round-trips %i bytes', (n) => {
    const data = new Uint8Array(n).map((_, i) => i * 7);
    const wrapped = wrapPadded(bytes(KEK256), data);
    expect(wrapped.length).toBe(n + (8 - (n % 8)) + 8);
    expect(hex(unwrapPadded(bytes(KEK256), wrapped))).toBe(hex(data));
  });

  it('returns null when the unwrapped padding is malformed', () => {
    // Given data wrapped without padding whose last byte is not a valid pad count
    const wrapped = aesKeyWrap(bytes(KEK128), bytes('00112233445566778899AABBCCDDEE00'));
    expect(unwrapPadded(bytes(KEK128), wrapped)).toBeNull();
  });
});
