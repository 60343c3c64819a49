import { ValidationError } from '../errors.js';
import { OPB64_ALPHABET, opb64Decode, opb64Encode } from './opb64.js';

const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

/** Deterministic pseudo-random bytes (xorshift32), so failures reproduce. */
let seed = 0x9e3779b9;
function randomBytes(n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    out[i] = seed & 0xff;
  }
  return out;
}

describe('OPB64', () => {
  // Vectors: reference §2.2 and Warp 10's OrderPreservingBase64Test.
  it.each([
    ['', ''],
    ['000102', '..31'],
    ['ff', 'zk'],
    ['ffff', 'zzw'],
    ['ffffff', 'zzzz'],
    ['ffffffff', 'zzzzzk'],
    ['ffffffffff', 'zzzzzzw'],
    ['00', '..'],
    ['000000', '....'],
  ])('encodes %s as "%s" and decodes it back', (h, text) => {
    expect(opb64Encode(bytes(h))).toBe(text);
    expect(Buffer.from(opb64Decode(text)).toString('hex')).toBe(h);
  });

  it('uses standard base64 bit grouping over its own alphabet', () => {
    // Given random bytes, OPB64 is standard base64 with each character substituted.
    const std = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    for (let n = 0; n < 40; n++) {
      const data = randomBytes(n);
      const expected = [...data.toString('base64').replace(/=+$/, '')].map((c) => OPB64_ALPHABET[std.indexOf(c)]).join('');
      expect(opb64Encode(data)).toBe(expected);
      expect(Buffer.from(opb64Decode(expected)).equals(data)).toBe(true);
    }
  });

  it('preserves the order of byte strings of equal length', () => {
    for (let i = 0; i < 200; i++) {
      const a = randomBytes(10);
      const b = randomBytes(10);
      const byBytes = Math.sign(Buffer.compare(a, b));
      const ea = opb64Encode(a);
      const eb = opb64Encode(b);
      const byText = ea < eb ? -1 : ea > eb ? 1 : 0;
      expect(byText).toBe(byBytes);
    }
  });

  it.each([
    ['a character outside the alphabet', 'ab+d'],
    ['a character outside ASCII', 'abé.'],
    ['a padding character', 'zk=='],
    ['a length of 4k+1', 'zzzzz'],
    ['a 2-character tail with unused bits set', 'zz'],
    ['a 3-character tail with unused bits set', 'zzz'],
  ])('rejects %s', (_name, text) => {
    expect(() => opb64Decode(text)).toThrow(ValidationError);
  });
});
