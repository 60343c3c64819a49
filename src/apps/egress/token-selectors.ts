import { ValidationError } from '../../../domain/errors.js';
import { forceLabelMatchers, labelMatcher, parseSelectors, type Selector, type SelectorOptions } from '../../../domain/series/selector.js';
import { readTokenSelectors } from '../../../domain/tokens/token-policy.js';
import type { ReadToken } from '../../../domain/tokens/token.js';

/**
 * The selectors of a /fetch or /find request (reference §6.3, §2.4): the `selector` parameter split on whitespace,
 * each parsed, with the user's `.producer`, `.owner` and `.app` selectors replaced by those the read token forces
 * (and the token's own label selectors added, overriding user selectors of the same name, as Warp 10's
 * `labelsSelectors.putAll(...)` does). A missing parameter is Warp 10's 400 `Missing 'selector' parameter.`.
 */
export function tokenSelectors(text: string | undefined, token: ReadToken, options: SelectorOptions): Selector[] {
  if (text === undefined) throw new ValidationError("Missing 'selector' parameter.");
  const forced = readTokenSelectors(token).map((f) => labelMatcher(f.name, f.op, f.value, options));
  return parseSelectors(text, options).map((s) => forceLabelMatchers(s, forced));
}
