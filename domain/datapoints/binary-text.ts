/**
 * Decoders for the binary input values `b64:` and `hex:` (reference §1.3), with the acceptance rules
 * of the Java code behind them, so that the same client text is accepted or rejected.
 */

const B64 = new Int8Array(128).fill(-1);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
for (let i = 0; i < ALPHABET.length; i++) B64[ALPHABET.charCodeAt(i)] = i;
B64[0x2b] = 62; // +
B64[0x2d] = 62; // -
B64[0x2f] = 63; // /
B64[0x5f] = 63; // _

/**
 * Lenient base64 as Apache commons-codec `Base64.decodeBase64`: standard and URL-safe alphabets
 * both accepted, padding optional, any other character skipped, decoding stops at the first `=`,
 * and an incomplete final group yields the whole bytes it holds (a lone trailing char is dropped).
 * Never throws.
 */
export function decodeBase64Lenient(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 2);
  let n = 0;
  let acc = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d) break;
    const v = c < 128 ? B64[c] : -1;
    if (v < 0) continue;
    acc = (acc << 6) | v;
    if (++count === 4) {
      out[n++] = (acc >> 16) & 0xff;
      out[n++] = (acc >> 8) & 0xff;
      out[n++] = acc & 0xff;
      acc = 0;
      count = 0;
    }
  }
  if (count === 2) {
    out[n++] = (acc >> 4) & 0xff;
  } else if (count === 3) {
    out[n++] = (acc >> 10) & 0xff;
    out[n++] = (acc >> 2) & 0xff;
  }
  return out.slice(0, n);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * Strict hex as Warp 10 `WarpHexDecoder.decode`: an even number of `0-9 a-f A-F` digits. Throws an
 * Error whose message is Warp 10's (`Odd number of hexadecimal digits.` / `Invalid hex character.`).
 */
export function decodeHexStrict(text: string): Uint8Array {
  if (text.length % 2 !== 0) throw new Error('Odd number of hexadecimal digits.');
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexValue(text.charCodeAt(2 * i));
    const lo = hexValue(text.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new Error('Invalid hex character.');
    out[i] = (hi << 4) | lo;
  }
  return out;
}
