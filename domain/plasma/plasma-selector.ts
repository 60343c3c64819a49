import { ValidationError } from '../errors.js';
import { forceLabelMatchers, labelMatcher, parseSelector, type Selector, type SelectorOptions } from '../series/selector.js';
import { readTokenSelectors } from '../tokens/token-policy.js';
import type { ReadToken } from '../tokens/token.js';

/** Warp 10's reply to a selector it cannot read (reference §8.1). */
export const INVALID_SELECTOR_REPLY = 'KO Invalid subscription selector.';
/** Warp 10's reply to a token it cannot use (unreadable, expired, banned attribute, or with hooks). */
export const INVALID_TOKEN_REPLY = 'KO Invalid token.';

/**
 * The selector of a plasma SUBSCRIBE/UNSUBSCRIBE as the client wrote it (reference §8.1): ONE selector
 * `CLASS{LABELS}` (the third word of the command), read as /find reads one, except that the class part is NOT
 * percent-decoded (Warp 10's plasma handler uses the regex group as is; label names and values are decoded as
 * usual). Throws ValidationError when it cannot be read (the caller answers INVALID_SELECTOR_REPLY); Warp 10
 * checks this before the token.
 */
export function parsePlasmaSelector(text: string, options: SelectorOptions): Selector {
  return parseSelector(keepClassAsWritten(text), options);
}

/**
 * The selector with the read token's restrictions (§2.4): the user's `.producer`, `.owner` and `.app` matchers
 * replaced by those the token forces, and the token's label selectors added. Throws ValidationError when a forced
 * regex cannot be compiled.
 */
export function plasmaSelector(selector: Selector, token: ReadToken, options: SelectorOptions): Selector {
  const forced = readTokenSelectors(token).map((f) => labelMatcher(f.name, f.op, f.value, options));
  return forceLabelMatchers(selector, forced);
}

/** Whether plasma may use a read token: Warp 10 refuses tokens with hooks (`KO Invalid token.`). */
export function plasmaAcceptsToken(token: ReadToken): boolean {
  return token.hooks === undefined || token.hooks.size === 0;
}

/**
 * Escapes `%` in the class part so that parseSelector's percent-decoding gives the class back as written.
 * Throws ValidationError for text without a class part (parseSelector would too).
 */
function keepClassAsWritten(text: string): string {
  const open = text.indexOf('{');
  if (open <= 0) throw new ValidationError(`cannot parse selector '${text}': expected CLASS{LABELS}`);
  const cls = text.slice(0, open);
  return cls.includes('%') ? cls.split('%').join('%25') + text.slice(open) : text;
}
