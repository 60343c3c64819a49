/** Output formats a plasma session can choose (reference §8.1); TEXT is the default. */
export type PlasmaFormat = 'TEXT' | 'FULLTEXT' | 'JSON' | 'RAW' | 'WRAPPER';

/**
 * One message of a plasma client, parsed (reference §8.1, Warp 10 StandalonePlasmaHandler):
 * - `SUBSCRIBE`/`UNSUBSCRIBE` carry the read token and the selector text as the client wrote them;
 * - `FORMAT` is any of the five format verbs;
 * - `SAMPLE` carries the rate already normalised: a rate outside (0, 1] (or NaN) becomes 1, as Warp 10 resets it;
 * - `STATS` is a Continuum addition (the session's queue and drop figures);
 * - `CLOSE` means the session must be closed with code 400 and `reason`: an unknown verb (`Invalid verb.`) or
 *   a verb missing its arguments / with an unreadable rate (Warp 10 then fails with a Java exception, whose
 *   message becomes the close reason; the messages below are Java's).
 */
export type PlasmaCommand =
  | { readonly verb: 'SUBSCRIBE' | 'UNSUBSCRIBE'; readonly token: string; readonly selector: string }
  | { readonly verb: 'SUBSCRIPTIONS' | 'CLEAR' | 'NOOP' | 'GEO' | 'STATS' }
  | { readonly verb: 'FORMAT'; readonly format: PlasmaFormat }
  | { readonly verb: 'SAMPLE'; readonly rate: number }
  | { readonly verb: 'CLOSE'; readonly reason: string };

const FORMATS: ReadonlySet<string> = new Set<PlasmaFormat>(['TEXT', 'FULLTEXT', 'JSON', 'RAW', 'WRAPPER']);

/**
 * Parses one client message. Like Warp 10 (`message.split("\\s+")`), words are separated by runs of Java
 * whitespace (space, \t, \n, \x0B, \f, \r), trailing separators are ignored and a LEADING separator yields an
 * empty first word, i.e. a NOOP (so ` SUBSCRIBE …` does nothing, a Warp 10 quirk kept), and a message of
 * whitespace only has no word at all (Warp 10 then fails on `tokens[0]` and closes). Verbs are case-sensitive.
 * Extra words after the arguments are ignored.
 */
export function parsePlasmaCommand(message: string): PlasmaCommand {
  const words = javaWhitespaceSplit(message);
  if (words.length === 0) return outOfBounds(0, 0);
  const verb = words[0];
  switch (verb) {
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
      if (words.length < 3) return outOfBounds(2, words.length);
      return { verb, token: words[1], selector: words[2] };
    case 'SUBSCRIPTIONS':
    case 'CLEAR':
    case 'NOOP':
    case 'GEO':
    case 'STATS':
      return { verb };
    case '':
      return { verb: 'NOOP' };
    case 'SAMPLE': {
      if (words.length < 2) return outOfBounds(1, words.length);
      const rate = parseJavaDouble(words[1]);
      if (rate === undefined) return { verb: 'CLOSE', reason: `For input string: "${words[1]}"` };
      return { verb: 'SAMPLE', rate: rate > 0 && rate <= 1 ? rate : 1 };
    }
    default:
      if (FORMATS.has(verb)) return { verb: 'FORMAT', format: verb as PlasmaFormat };
      return { verb: 'CLOSE', reason: 'Invalid verb.' };
  }
}

function outOfBounds(index: number, length: number): PlasmaCommand {
  return { verb: 'CLOSE', reason: `Index ${index} out of bounds for length ${length}` };
}

function isJavaWhitespace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * Java `s.split("\\s+")`: a leading separator gives an empty first word, trailing empty words are dropped, so
 * a message of whitespace only gives no word at all (and `""` gives `[""]`).
 */
export function javaWhitespaceSplit(s: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < s.length) {
    if (!isJavaWhitespace(s.charCodeAt(i))) {
      i++;
      continue;
    }
    out.push(s.slice(start, i));
    while (i < s.length && isJavaWhitespace(s.charCodeAt(i))) i++;
    start = i;
  }
  if (out.length === 0) return [s];
  out.push(s.slice(start));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

const JAVA_DOUBLE = /^[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?)$/;

/**
 * Java `Double.parseDouble` for the forms a client would send: decimal with optional exponent and `f`/`d`
 * suffix, `NaN`, `Infinity`, surrounding whitespace trimmed. Hexadecimal floats are not read. undefined when
 * Java would throw NumberFormatException.
 */
export function parseJavaDouble(text: string): number | undefined {
  const t = text.trim();
  if (!JAVA_DOUBLE.test(t)) return undefined;
  const body = /[fFdD]$/.test(t) && !t.endsWith('Infinity') ? t.slice(0, -1) : t;
  if (body.endsWith('NaN')) return NaN;
  return Number(body);
}
