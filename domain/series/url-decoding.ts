import { percentDecode } from '../text/percent.js';

/**
 * Thrown when percent-decoding fails. The message is the one Java's `URLDecoder` gives (which Warp 10
 * chains into its error text), e.g. `URLDecoder: Illegal hex characters in escape (%) pattern - For
 * input string: "zz"`. Callers turn it into their own domain error; it is not a DomainError itself.
 */
export class UrlDecodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UrlDecodingError';
  }
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

/** The message Java's URLDecoder throws for the first bad escape of `text` (same scan order). */
function javaDecoderMessage(text: string): string | undefined {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (text.charCodeAt(i) !== 0x25) {
      i++;
      continue;
    }
    while (i + 2 < n && text.charCodeAt(i) === 0x25) {
      if (!isHex(text.charCodeAt(i + 1)) || !isHex(text.charCodeAt(i + 2))) {
        return `URLDecoder: Illegal hex characters in escape (%) pattern - For input string: "${text.slice(i + 1, i + 3)}"`;
      }
      i += 3;
    }
    if (i < n && text.charCodeAt(i) === 0x25) return 'URLDecoder: Incomplete trailing escape (%) pattern';
  }
  return undefined;
}

/**
 * Warp 10 percent-decoding (`WarpURLDecoder`, reference §1.7) of class names, label/attribute
 * names and values, and quoted string values: verbatim without `%`, `+` kept literal.
 * Throws UrlDecodingError with Java's message on a bad escape.
 */
export function urlDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return percentDecode(text);
  } catch (e) {
    throw new UrlDecodingError(javaDecoderMessage(text) ?? (e as Error).message);
  }
}
