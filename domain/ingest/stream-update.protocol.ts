import { LineScanner, sendPoint, type DatapointSink } from '../datapoints/input-body.js';
import type { InputParser } from '../datapoints/input-format.js';
import { chainedMessage, InputParseError } from '../datapoints/input-parse-error.js';
import { ValidationError } from '../errors.js';

/**
 * One message of an `/api/v0/streamupdate` session (reference §8.3), as Warp 10's IngressStreamUpdateHandler
 * tells them apart: a message starting with `TOKEN`, `CLEARTOKEN`, `NOOP` or `ONERROR` is split on whitespace
 * and its first word must be exactly the verb; anything else (`TOKENS x`, ` NOOP`, `DELTAON`…) is a data block.
 */
export type StreamUpdateRequest =
  | { readonly verb: 'TOKEN'; readonly token: string | undefined }
  | { readonly verb: 'CLEARTOKEN' }
  | { readonly verb: 'NOOP' }
  /** `undefined`: a word other than `message`/`close` (case-insensitive), which keeps the mode, as in Warp 10. */
  | { readonly verb: 'ONERROR'; readonly mode: 'message' | 'close' | undefined }
  | { readonly verb: 'DATA' };

/** What a streamupdate session does when a message fails (Warp 10 default: close). */
export type StreamUpdateErrorMode = 'message' | 'close';

/** Room Warp 10 gives the chained message of an error (ThrowableUtils' default maximum). */
export const STREAM_UPDATE_ERROR_MAX_LENGTH = 1024;

const DATA: StreamUpdateRequest = { verb: 'DATA' };
const VERB_PREFIXES = ['TOKEN', 'CLEARTOKEN', 'NOOP', 'ONERROR'];

/**
 * Tells a session message's verb (see StreamUpdateRequest). Throws ValidationError for `ONERROR` without a
 * mode (Warp 10 fails there too, with a Java index error; the message here says what is expected).
 */
export function parseStreamUpdateRequest(message: string): StreamUpdateRequest {
  if (!VERB_PREFIXES.some((verb) => message.startsWith(verb))) return DATA;
  const words = javaWhitespaceSplit(message);
  switch (words[0]) {
    case 'TOKEN':
      return { verb: 'TOKEN', token: words[1] };
    case 'CLEARTOKEN':
      return { verb: 'CLEARTOKEN' };
    case 'NOOP':
      return { verb: 'NOOP' };
    case 'ONERROR': {
      const mode = words[1]?.toLowerCase();
      if (mode === undefined) throw new ValidationError("ONERROR needs a mode: 'message' or 'close'.");
      return { verb: 'ONERROR', mode: mode === 'message' || mode === 'close' ? mode : undefined };
    }
    default:
      return DATA;
  }
}

/**
 * Reads one data block of a session (reference §8.3): its lines, cut like /update's (`\n`, `\r\n`, `\r`), go to
 * `parser` and every datapoint to `sink`, except that
 * - a line `UPDATE <token>` switches the token: `switchToken` returns the parser for the lines after it (its
 *   token's forced labels and limits); a continuation line right after it has no series to continue;
 * - a data line without a token fails with `Missing token.`;
 * - empty lines and `#` lines are errors, not skipped: Warp 10 hands them to its line parser, which fails
 *   with Java's `String index out of range: 0` for an empty line, and reads a `#` line as a timestamp;
 * - a malformed line fails as `Parse error at '<line>' (<reason>[ (<cause>)])` (Warp 10's streamupdate
 *   message: no index, no line number).
 * Throws ValidationError (or the parser's other errors) on the first failure; the caller MUST treat the block
 * as all or nothing. Returns the parser in effect at the end of the block (the session keeps the last token).
 */
export function readStreamUpdateBlock(
  text: string,
  parser: InputParser | undefined,
  switchToken: (token: string | undefined) => InputParser,
  sink: DatapointSink,
): InputParser | undefined {
  const lines = new LineScanner(text);
  let current = parser;
  for (let lineNumber = 1; lines.next(); lineNumber++) {
    const { start, end } = lines;
    if (text.startsWith('UPDATE ', start) && start + 7 <= end) {
      current = switchToken(firstWord(text, start + 7, end));
      continue;
    }
    if (current === undefined) throw new ValidationError('Missing token.');
    if (start === end) throw new ValidationError('String index out of range: 0');
    if (text.charCodeAt(start) === 0x23) throw commentLineError(text.slice(start, end));
    try {
      if (current.parseAt(text, start, end, lineNumber)) sendPoint(current, sink);
    } catch (error) {
      if (error instanceof InputParseError) throw streamParseError(error);
      throw error;
    }
  }
  return current;
}

/** Warp 10's `Parse error at '<line>'` wrapping the line parser's reason and cause. */
function streamParseError(error: InputParseError): ValidationError {
  const messages = [`Parse error at '${error.line}'`, error.reason];
  if (error.causeMessage !== undefined) messages.push(error.causeMessage);
  return new ValidationError(chainedMessage(messages, STREAM_UPDATE_ERROR_MAX_LENGTH), { cause: error });
}

/** A `#` line read as a GTS line: no `/` at all, or a timestamp that is not a long. */
function commentLineError(line: string): ValidationError {
  const reason = line.includes('/') ? 'Invalid timestamp.' : 'Missing timestamp separator.';
  return new ValidationError(chainedMessage([`Parse error at '${line}'`, reason], STREAM_UPDATE_ERROR_MAX_LENGTH));
}

/** Java `\s`: space, tab, line feed, vertical tab, form feed, carriage return. */
function isJavaSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** The first whitespace-delimited word of text[from, to), or undefined when there is none. */
function firstWord(text: string, from: number, to: number): string | undefined {
  let i = from;
  while (i < to && isJavaSpace(text.charCodeAt(i))) i++;
  let j = i;
  while (j < to && !isJavaSpace(text.charCodeAt(j))) j++;
  return i === j ? undefined : text.slice(i, j);
}

/** Java `text.split("\\s+")` of a text that starts with a word: the words between whitespace runs. */
function javaWhitespaceSplit(text: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isJavaSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    const start = i;
    while (i < text.length && !isJavaSpace(text.charCodeAt(i))) i++;
    words.push(text.slice(start, i));
  }
  return words;
}
