const HEX = '0123456789ABCDEF';

/**
 * A JSON string literal (with the quotes) escaped the way Warp 10's Jackson generator does it
 * (`JsonUtils`, `JsonWriteFeature.ESCAPE_NON_ASCII`, reference §7.1): `\"` `\\`, the short forms
 * `\b \t \n \f \r`, `\u00XX` for the other control characters, and every char above U+007F as
 * `\uXXXX` (upper-case hex, surrogate pairs as two escapes). `/` and DEL are left as they are.
 */
export function jsonString(text: string): string {
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7f || c === 0x22 || c === 0x5c) break;
  }
  if (i === text.length) return `"${text}"`;
  let out = `"${text.slice(0, i)}`;
  let start = i;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7f && c !== 0x22 && c !== 0x5c) continue;
    out += text.slice(start, i) + escapeChar(c);
    start = i + 1;
  }
  return `${out}${text.slice(start)}"`;
}

/**
 * A JSON string literal of the bytes read as ISO-8859-1 (one char per byte), as Warp 10 prints binary
 * values in JSON (`GTSDecoder.getValue()` of a binary STRING, reference §7.1).
 */
export function jsonLatin1String(bytes: Uint8Array): string {
  let out = '"';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b >= 0x20 && b <= 0x7f && b !== 0x22 && b !== 0x5c) out += String.fromCharCode(b);
    else out += escapeChar(b);
  }
  return `${out}"`;
}

function escapeChar(c: number): string {
  switch (c) {
    case 0x22: return '\\"';
    case 0x5c: return '\\\\';
    case 0x08: return '\\b';
    case 0x09: return '\\t';
    case 0x0a: return '\\n';
    case 0x0c: return '\\f';
    case 0x0d: return '\\r';
    default:
      return `\\u${HEX[(c >> 12) & 15]}${HEX[(c >> 8) & 15]}${HEX[(c >> 4) & 15]}${HEX[c & 15]}`;
  }
}
