import { base64UrlEncode } from './base64url.js';

describe('base64UrlEncode', () => {
  it.each([
    [[], ''],
    [[1, 2, 3], 'AQID'], // reference §7.1: hex:010203 comes back as b64:AQID
    [[0xfb], '-w'],
    [[0xfb, 0xff], '-_8'],
    [[0xfb, 0xff, 0xbf], '-_-_'],
    [[0, 0, 0, 0], 'AAAAAA'],
  ])('encodes %j as %s (URL-safe alphabet, no padding)', (bytes, expected) => {
    expect(base64UrlEncode(Uint8Array.from(bytes))).toBe(expected);
  });

  it('agrees with the platform encoder on all lengths up to 64', () => {
    const bytes = Uint8Array.from({ length: 64 }, (_, i) => (i * 97 + 13) & 0xff);
    for (let n = 0; n <= 64; n++) {
      expect(base64UrlEncode(bytes.subarray(0, n))).toBe(Buffer.from(bytes.subarray(0, n)).toString('base64url'));
    }
  });
});
