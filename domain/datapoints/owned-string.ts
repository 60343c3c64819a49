/**
 * A copy of `text` that holds no other string alive. A substring of a request body may share the body's
 * memory (engines keep longer substrings as views of their parent), so what is kept beyond the request (a
 * cache entry) is copied first; rebuilding from char codes always makes a string of its own.
 */
export function ownedString(text: string): string {
  let out = '';
  for (let at = 0; at < text.length; at += CHUNK) out += String.fromCharCode(...codesOf(text, at, Math.min(text.length, at + CHUNK)));
  return out;
}

const CHUNK = 4096;

function codesOf(text: string, from: number, to: number): number[] {
  const codes = new Array<number>(to - from);
  for (let i = from; i < to; i++) codes[i - from] = text.charCodeAt(i);
  return codes;
}
