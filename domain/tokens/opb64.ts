import { ValidationError } from '../errors.js';

/**
 * Order-preserving base64 (Warp 10 `io.warp10.crypto.OrderPreservingBase64`, reference §2.2):
 * standard base64 bit grouping over an alphabet sorted in ASCII order, so encoded strings sort
 * like the bytes they encode. No padding: n bytes give ceil(4n/3) characters
 * (`00 01 02` → `..31`, `ff` → `zk`).
 */
export const OPB64_ALPHABET = '.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < OPB64_ALPHABET.length; i++) DECODE[OPB64_ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes as OPB64 text. */
export function opb64Encode(bytes: Uint8Array): string {
  const a = OPB64_ALPHABET;
  let out = '';
  const full = bytes.length - (bytes.length % 3);
  let i = 0;
  for (; i < full; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += a[n >>> 18] + a[(n >>> 12) & 0x3f] + a[(n >>> 6) & 0x3f] + a[n & 0x3f];
  }
  const rest = bytes.length - full;
  if (rest === 1) {
    out += a[bytes[i] >>> 2] + a[(bytes[i] & 0x03) << 4];
  } else if (rest === 2) {
    const n = (bytes[i] << 8) | bytes[i + 1];
    out += a[n >>> 10] + a[(n >>> 4) & 0x3f] + a[(n & 0x0f) << 2];
  }
  return out;
}

/**
 * Decodes OPB64 text. Throws a ValidationError for a character outside the alphabet, for a length
 * of 4k+1 characters (no byte count encodes to that), and for a non-canonical last character (one
 * whose unused low bits are not zero). Warp 10 ignores those bits; rejecting them means every byte
 * string has exactly one accepted spelling, so a changed character always changes the bytes.
 */
export function opb64Decode(text: string): Uint8Array {
  const len = text.length;
  const rest = len % 4;
  if (rest === 1) throw new ValidationError(`cannot decode OPB64 text: length ${len} is not a valid length`);
  const out = new Uint8Array(((len - rest) / 4) * 3 + (rest === 0 ? 0 : rest - 1));
  const sextet = (k: number): number => {
    const c = text.charCodeAt(k);
    const v = c < 128 ? DECODE[c] : -1;
    if (v < 0) throw new ValidationError(`cannot decode OPB64 text: invalid character at offset ${k}`);
    return v;
  };
  let o = 0;
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const n = (sextet(i) << 18) | (sextet(i + 1) << 12) | (sextet(i + 2) << 6) | sextet(i + 3);
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  if (rest === 2) {
    const a = sextet(i);
    const b = sextet(i + 1);
    if ((b & 0x0f) !== 0) throw new ValidationError(`cannot decode OPB64 text: non-canonical last character at offset ${i + 1}`);
    out[o] = (a << 2) | (b >>> 4);
  } else if (rest === 3) {
    const n = (sextet(i) << 12) | (sextet(i + 1) << 6) | sextet(i + 2);
    if ((n & 0x03) !== 0) throw new ValidationError(`cannot decode OPB64 text: non-canonical last character at offset ${i + 2}`);
    out[o++] = n >>> 10;
    out[o] = (n >>> 2) & 0xff;
  }
  return out;
}
