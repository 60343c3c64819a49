import { ForbiddenError, ValidationError } from '../errors.js';
import { APP_LABEL, type Attributes, type Labels, OWNER_LABEL, PRODUCER_LABEL, RESERVED_LABELS } from '../series/series.js';
import type { ReadToken, WriteToken } from './token.js';

/**
 * What a token allows (reference §2.3, §2.4), as Warp 10's Ingress, EgressFetchHandler,
 * EgressFindHandler and Tokens.labelSelectorsFromReadToken decide it. Pure functions; error
 * messages are Warp 10's, verbatim. The HTTP status is the caller's business: Warp 10 answers
 * 403 on /update, /fetch and /find, but 500 on /meta and /delete (§5.1, §5.2).
 */

/** Token attributes Warp 10 gives a meaning to (`continuum/store/Constants.TOKEN_ATTR_*`). */
export const TOKEN_ATTR = {
  noUpdate: '.noupdate',
  noMeta: '.nometa',
  noDelete: '.nodelete',
  noFetch: '.nofetch',
  noFind: '.nofind',
  expose: '.expose',
  maxPast: '.maxpast',
  maxFuture: '.maxfuture',
  ignoreOutOfRange: '.ignoor',
} as const;

/**
 * The labels forced on every series written with `token` (§2.3), overriding the input's labels
 * of the same names: the token's labels map, then `.producer`, `.owner` and, when the app name is
 * not empty, `.app` (these three win over token labels of the same name).
 */
export function writeTokenLabels(token: WriteToken): Labels {
  const out = new Map(token.labels);
  for (const name of RESERVED_LABELS) out.delete(name);
  out.set(PRODUCER_LABEL, token.producer);
  out.set(OWNER_LABEL, token.owner);
  if (token.app !== '') out.set(APP_LABEL, token.app);
  return out;
}

/**
 * Throws a ForbiddenError when `token` may not be used for `op`: `.noupdate` (update),
 * `.nometa` (meta), `.nodelete` (delete); a delete also needs producer == owner, because the
 * owner deletes series written by any of its producers.
 */
export function writeTokenAllows(token: WriteToken, op: 'update' | 'meta' | 'delete'): void {
  const attrs = token.attributes;
  switch (op) {
    case 'update':
      if (attrs.has(TOKEN_ATTR.noUpdate)) throw new ForbiddenError('Token cannot be used for updating data.');
      return;
    case 'meta':
      if (attrs.has(TOKEN_ATTR.noMeta)) throw new ForbiddenError('Token cannot be used for updating metadata.');
      return;
    case 'delete':
      if (attrs.has(TOKEN_ATTR.noDelete)) throw new ForbiddenError('Token cannot be used for deletions.');
      if (token.producer !== token.owner) throw new ForbiddenError('Invalid write token for deletion.');
      return;
  }
}

/** A label selector forced by a read token: `=` exact value, `~` Java regex that must match the whole value. */
export interface ForcedSelector {
  readonly name: string;
  readonly op: '=' | '~';
  readonly value: string;
}

/**
 * The label selectors a read token forces (§2.4), in Warp 10's order: the token's labels (values
 * are selector expressions: `=x`, `~regex`, or a bare value meaning `=value`; entries named
 * `.producer`, `.owner` or `.app` are ignored), then `.producer`, `.app`, `.owner`. One producer or
 * owner gives `=uuid`, several give `~^(u1|u2)$`; several apps give `~^(\Qa\E|\Qb\E)$`. An empty
 * list forces nothing. Callers MUST drop the user's own selectors on the three reserved names.
 */
export function readTokenSelectors(token: ReadToken): ForcedSelector[] {
  const out: ForcedSelector[] = [];
  for (const [name, expr] of token.labels) {
    if (RESERVED_LABELS.includes(name)) continue;
    if (expr.startsWith('~')) out.push({ name, op: '~', value: expr.slice(1) });
    else out.push({ name, op: '=', value: expr.startsWith('=') ? expr.slice(1) : expr });
  }
  const oneOf = (name: string, values: readonly string[], quote: (v: string) => string): void => {
    if (values.length === 1) out.push({ name, op: '=', value: values[0] });
    else if (values.length > 1) out.push({ name, op: '~', value: `^(${values.map(quote).join('|')})$` });
  };
  oneOf(PRODUCER_LABEL, token.producers, (u) => u);
  oneOf(APP_LABEL, token.apps, javaPatternQuote);
  oneOf(OWNER_LABEL, token.owners, (u) => u);
  return out;
}

/** Java's `Pattern.quote`: `\Q…\E`, with any `\E` inside spelled `\E\\E\Q`. */
export function javaPatternQuote(text: string): string {
  return `\\Q${text.split('\\E').join('\\E\\\\E\\Q')}\\E`;
}

/**
 * Throws when a read token may not be used for `op`. fetch: a token with hooks → ValidationError
 * (400); `.nofetch` or `.nofind` → ForbiddenError. find: `.nofind` → ForbiddenError.
 */
export function readTokenAllows(token: ReadToken, op: 'fetch' | 'find'): void {
  const attrs = token.attributes;
  if (op === 'fetch') {
    if (token.hooks !== undefined && token.hooks.size > 0) throw new ValidationError('Tokens with hooks cannot be used for fetching data.');
    if (attrs.has(TOKEN_ATTR.noFetch) || attrs.has(TOKEN_ATTR.noFind)) throw new ForbiddenError('Token cannot be used for fetching data.');
  } else if (attrs.has(TOKEN_ATTR.noFind)) {
    throw new ForbiddenError('Token cannot be used for finding metadata.');
  }
}

/**
 * Whether outputs may show `.owner`/`.producer`: the token has `.expose` (any value), or
 * `warp10.expose.owner.producer` is set. (A signed fetch also exposes them; that is the caller's.)
 */
export function exposesOwnerProducer(attributes: Attributes, exposeByConfig: boolean): boolean {
  return exposeByConfig || attributes.has(TOKEN_ATTR.expose);
}

/** Throws a ForbiddenError when a token carries one of `warp.token.banned.attributes`. */
export function checkBannedAttributes(attributes: Attributes, banned: readonly string[]): void {
  for (const name of banned) if (attributes.has(name)) throw new ForbiddenError('Invalid token attribute.');
}

/** Ingress configuration for out-of-range timestamps (§1.5); durations in ms, undefined = unset. */
export interface TimeWindowConfig {
  /** `ingress.maxpast.default`: used unless the token has `.maxpast`. */
  readonly maxPastDefault?: bigint;
  /** `ingress.maxfuture.default`: used unless the token has `.maxfuture`. */
  readonly maxFutureDefault?: bigint;
  /** `ingress.maxpast.override`: wins over the token and the default. */
  readonly maxPastOverride?: bigint;
  /** `ingress.maxfuture.override`: wins over the token and the default. */
  readonly maxFutureOverride?: bigint;
  /** `ingress.outofrange.ignore`: drop out-of-range points instead of failing the request. */
  readonly ignoreOutOfRange: boolean;
}

/** How far from "now" a write token lets points be (ms, undefined = no limit), and what to do beyond. */
export interface TokenTimeWindow {
  readonly maxPastMs?: bigint;
  readonly maxFutureMs?: bigint;
  /** true: silently drop out-of-range points; false: reject them as a parse error (400). */
  readonly ignoreOutOfRange: boolean;
}

const LONG_MAX = 0x7fffffffffffffffn;

/**
 * The time window of a write token (§1.5, Ingress.handleUpdate): `.maxpast`/`.maxfuture` (ms)
 * override the configured defaults, the configured overrides win over both; `.ignoor` =
 * `true`/`t` or `false`/`f` (any case) overrides `ingress.outofrange.ignore`, other values leave it.
 * Throws a ValidationError (400) for a negative or non-numeric `.maxpast`/`.maxfuture`.
 */
export function tokenTimeWindow(token: WriteToken, config: TimeWindowConfig): TokenTimeWindow {
  const attrs = token.attributes;
  const past = attrs.has(TOKEN_ATTR.maxPast) ? attributeDelta(TOKEN_ATTR.maxPast, attrs.get(TOKEN_ATTR.maxPast) as string) : config.maxPastDefault;
  const future = attrs.has(TOKEN_ATTR.maxFuture) ? attributeDelta(TOKEN_ATTR.maxFuture, attrs.get(TOKEN_ATTR.maxFuture) as string) : config.maxFutureDefault;
  const ignoor = attrs.get(TOKEN_ATTR.ignoreOutOfRange)?.toLowerCase();
  const ignore = ignoor === 'true' || ignoor === 't' ? true : ignoor === 'false' || ignoor === 'f' ? false : config.ignoreOutOfRange;
  const maxPastMs = config.maxPastOverride ?? past;
  const maxFutureMs = config.maxFutureOverride ?? future;
  return {
    ...(maxPastMs !== undefined ? { maxPastMs } : {}),
    ...(maxFutureMs !== undefined ? { maxFutureMs } : {}),
    ignoreOutOfRange: ignore,
  };
}

function attributeDelta(name: string, text: string): bigint {
  if (!/^[+-]?\d+$/.test(text)) throw new ValidationError(`cannot read token attribute '${name}': '${text}' is not a long`);
  const delta = BigInt(text);
  if (delta > LONG_MAX || delta < -LONG_MAX - 1n) throw new ValidationError(`cannot read token attribute '${name}': '${text}' is not a long`);
  if (delta < 0n) throw new ValidationError(`Invalid '${name}' token attribute, MUST be positive.`);
  return delta;
}

/**
 * The inclusive timestamp bounds, in platform units, that a window gives around `nowUnits`: a
 * point is out of range when `ts < minTs` or `ts > maxTs`. As in Warp 10, a bound that would
 * overflow a signed 64-bit long is dropped (no limit on that side).
 */
export function timeWindowBounds(window: TokenTimeWindow, nowUnits: bigint, unitsPerMs: bigint): { minTs?: bigint; maxTs?: bigint } {
  const out: { minTs?: bigint; maxTs?: bigint } = {};
  if (window.maxPastMs !== undefined) {
    const min = nowUnits - window.maxPastMs * unitsPerMs;
    if (window.maxPastMs * unitsPerMs <= LONG_MAX && min >= -LONG_MAX - 1n) out.minTs = min;
  }
  if (window.maxFutureMs !== undefined) {
    const max = nowUnits + window.maxFutureMs * unitsPerMs;
    if (window.maxFutureMs * unitsPerMs <= LONG_MAX && max <= LONG_MAX) out.maxTs = max;
  }
  return out;
}
