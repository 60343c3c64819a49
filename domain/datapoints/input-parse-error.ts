import { ValidationError } from '../errors.js';

/**
 * The room Warp 10 leaves for the chained message: its HTTP reason phrase is capped at 1024 chars
 * and the ingress prefixes `Error when updating data: ` (26 chars), reference §1.5.
 */
export const PARSE_ERROR_MAX_LENGTH = 1024 - 'Error when updating data: '.length;

const MIN_MESSAGE_SIZE = 32;

/** Apache commons-lang `StringUtils.abbreviateMiddle(text, "...", length)`. */
function abbreviateMiddle(text: string, length: number): string {
  if (length >= text.length || length < 5) return text;
  const target = length - 3;
  const startOffset = Math.floor(target / 2) + (target % 2);
  const endOffset = text.length - Math.floor(target / 2);
  return `${text.slice(0, startOffset)}...${text.slice(endOffset)}`;
}

function chain(messages: readonly string[]): string {
  return messages.join(' (') + ')'.repeat(Math.max(0, messages.length - 1));
}

/**
 * Warp 10 `ThrowableUtils.getErrorMessage`: the messages of an exception chain as
 * `outer (inner (innermost))`, shortened to maxSize by cutting the deepest messages in the middle
 * with `...` first (and keeping at most maxSize/32 messages).
 */
export function chainedMessage(messages: readonly string[], maxSize: number): string {
  const full = chain(messages);
  if (full.length <= maxSize) return full;
  let parts = [...messages];
  const maxMessages = Math.floor(maxSize / MIN_MESSAGE_SIZE);
  if (parts.length > maxMessages) parts = [...parts.slice(0, maxMessages - 1), '...'];
  const target = Math.floor(maxSize / parts.length) - 3;
  let excess = full.length - maxSize;
  for (let i = parts.length - 1; i >= 0 && excess > 0; i--) {
    const original = parts[i];
    const shortened = abbreviateMiddle(original, Math.max(target, original.length - excess));
    parts[i] = shortened;
    excess -= original.length - shortened.length;
  }
  return chain(parts);
}

/**
 * A malformed line of the GTS input format. The message is Warp 10's, plus the 1-based line number
 * Warp 10 does not give: `Parse error at index <N> in '<line>' (<reason>[ (<cause>)]) at line <L>`,
 * where the Warp 10 part is shortened like Warp 10 does (chainedMessage, PARSE_ERROR_MAX_LENGTH).
 * The HTTP layer prefixes `Error when updating data: `.
 */
export class InputParseError extends ValidationError {
  constructor(
    /** 0-based char offset in the line, as Warp 10 reports it. */
    readonly index: number,
    readonly line: string,
    /** 1-based line number in the request body. */
    readonly lineNumber: number,
    /** Warp 10's reason text (reference §1.5 table), e.g. `Cannot parse value.`. */
    readonly reason: string,
    /** The chained Java exception message, e.g. `For input string: "abc"`, when Warp 10 has one. */
    readonly causeMessage?: string,
  ) {
    const messages = [`Parse error at index ${index} in '${line}'`, reason];
    if (causeMessage !== undefined) messages.push(causeMessage);
    super(`${chainedMessage(messages, PARSE_ERROR_MAX_LENGTH)} at line ${lineNumber}`);
  }
}
