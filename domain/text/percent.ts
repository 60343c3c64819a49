import { ValidationError } from '../errors.js';

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

/**
 * Warp 10 percent-decoding (reference §1.7): text without `%` is used verbatim; otherwise `%XX`
 * escapes are decoded as UTF-8 and a literal `+` stays a `+` (Java's URLDecoder would turn it into a
 * space, which Warp 10 prevents). An invalid escape (`%zz`, a truncated `%4`) throws.
 */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  let out = '';
  const flush = () => {
    if (bytes.length > 0) {
      out += utf8Decoder.decode(Uint8Array.from(bytes));
      bytes.length = 0;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 /* % */) {
      const h = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new ValidationError(`cannot percent-decode '${text}': invalid escape at index ${i}`);
      bytes.push(parseInt(h, 16));
      i += 2;
    } else {
      flush();
      out += text[i];
    }
  }
  flush();
  return out;
}

const KEPT = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-*_') KEPT[ch.charCodeAt(0)] = 1;
const HEX = '0123456789ABCDEF';

/**
 * Warp 10 percent-encoding for output (reference §1.7): UTF-8 bytes; `A-Z a-z 0-9 . - * _` kept,
 * space as `%20`, every other byte `%XX` with upper-case hex.
 */
export function percentEncode(text: string): string {
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || KEPT[c] === 0) {
      plain = false;
      break;
    }
  }
  if (plain) return text;
  let out = '';
  for (const b of utf8.encode(text)) {
    if (b < 128 && KEPT[b] === 1) out += String.fromCharCode(b);
    else out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}
