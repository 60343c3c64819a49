import { urlDecode } from './url-decoding.js';

/**
 * Thrown for a pair that is not `name=value`. The message is what Warp 10's ParseException carries
 * (and what it prints as the cause of "Invalid label definition."): the trimmed pair text when it
 * has neither `=` nor `~`, or `~` + the decoded value for a regex-looking pair (`a~b` → `~b`).
 */
export class LabelPairError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelPairError';
  }
}

/**
 * Parses the inside of a labels or attributes block, `name=value,name=value` (Warp 10
 * `GTSHelper.parseLabels`, reference §1.2), with its quirks:
 * - pairs are split on `,`, each trimmed Java-style; empty pairs are ignored;
 * - spaces around `=` are kept (`a = b` → name `a␠`, value `␠b`); an empty value is accepted;
 * - with several `=`, the value is the text between the first and the second `=`;
 * - names and values are percent-decoded (UrlDecodingError on a bad escape);
 * - a pair without `=` but with `~` is a selector, not a label: LabelPairError, unless a later
 *   exact pair redefines the same name (Warp 10 collects into a map before checking);
 * - a later pair with the same name wins.
 */
export function parseLabelPairs(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let regexNames: Set<string> | undefined;
  const n = text.length;
  let start = 0;
  while (start <= n) {
    let end = text.indexOf(',', start);
    if (end < 0) end = n;
    let a = start;
    let b = end;
    while (a < b && text.charCodeAt(a) <= 0x20) a++;
    while (b > a && text.charCodeAt(b - 1) <= 0x20) b--;
    if (a < b) {
      let op = text.indexOf('=', a);
      const exact = op >= 0 && op < b;
      if (!exact) {
        op = text.indexOf('~', a);
        if (op < 0 || op >= b) throw new LabelPairError(text.slice(a, b));
      }
      const opChar = exact ? '=' : '~';
      const next = text.indexOf(opChar, op + 1);
      const name = urlDecode(text.slice(a, op));
      const value = urlDecode(text.slice(op + 1, next >= 0 && next < b ? next : b));
      if (exact) {
        out.set(name, value);
        regexNames?.delete(name);
      } else {
        out.set(name, `~${value}`);
        (regexNames ??= new Set()).add(name);
      }
    }
    start = end + 1;
  }
  if (regexNames !== undefined && regexNames.size > 0) {
    for (const [name, value] of out) if (regexNames.has(name)) throw new LabelPairError(value);
  }
  return out;
}
