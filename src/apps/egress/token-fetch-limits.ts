import { parseJavaLong } from '../../../domain/datapoints/java-number.js';
import { UNITS_PER_MS, type TimeUnit } from '../../../domain/datapoints/time-units.js';
import { ValidationError } from '../../../domain/errors.js';
import { DurationFormatError, nanosToUnits, parseIsoDurationNanos, parseIsoInstant } from '../../../domain/query/iso-time.js';
import type { Attributes } from '../../../domain/series/series.js';

/** Read-token attributes that limit a fetch (Warp 10 `Constants.TOKEN_ATTR_*`, reference §2.4). */
export const FETCH_LIMIT_ATTR = {
  start: '.start',
  end: '.end',
  count: '.count',
  pre: '.pre',
  post: '.post',
  activeAfter: '.activeafter',
  quietAfter: '.quietafter',
} as const;

/** What a read token imposes on a fetch; absent = no limit. Instants in platform units, activity in ms. */
export interface TokenFetchLimits {
  /** Earliest readable timestamp: the request's start is raised to it. */
  readonly start?: bigint;
  /** Latest readable timestamp: the request's end is lowered to it. */
  readonly end?: bigint;
  /** Caps on count, boundary.pre and boundary.post. */
  readonly count?: number;
  readonly pre?: number;
  readonly post?: number;
  /** Replace the request's activeafter / quietafter (ms since the epoch). */
  readonly activeAfterMs?: number;
  readonly quietAfterMs?: number;
}

/**
 * The limits of a read token's attributes, as Warp 10's `FETCH.parseTokenAttributes` reads them: `.end` is an
 * ISO-8601 instant with zone or `P…` (now minus that duration); `.start`, `.activeafter` and `.quietafter` are
 * instants or `P…` counted back from the token's end, else the request's end (`.activeafter=0` means the request's
 * start); `.count`, `.pre`, `.post` are non-negative longs. Values are trimmed. Warp 10 compares the activity
 * attributes, in platform units, with lastActivity in ms; Continuum converts them to ms. Throws ValidationError
 * with Warp 10's messages for unreadable values.
 */
export function tokenFetchLimits(attributes: Attributes, unit: TimeUnit, now: bigint, request: { start: bigint; end: bigint }): TokenFetchLimits {
  const get = (name: string) => attributes.get(name)?.trim();
  const out: { -readonly [K in keyof TokenFetchLimits]: TokenFetchLimits[K] } = {};
  const endText = get(FETCH_LIMIT_ATTR.end);
  if (endText !== undefined) out.end = instantOrBefore(endText, now, unit);
  const reference = out.end ?? request.end;
  const startText = get(FETCH_LIMIT_ATTR.start);
  if (startText !== undefined) out.start = instantOrBefore(startText, reference, unit);
  const quiet = get(FETCH_LIMIT_ATTR.quietAfter);
  if (quiet !== undefined) out.quietAfterMs = toMs(instantOrBefore(quiet, reference, unit), unit);
  const active = get(FETCH_LIMIT_ATTR.activeAfter);
  if (active !== undefined) out.activeAfterMs = toMs(active === '0' ? request.start : instantOrBefore(active, reference, unit), unit);
  const count = nonNegative(get(FETCH_LIMIT_ATTR.count), 'Invalid count specification.');
  if (count !== undefined) out.count = count;
  const pre = nonNegative(get(FETCH_LIMIT_ATTR.pre), 'Invalid pre boundary specification.');
  if (pre !== undefined) out.pre = pre;
  const post = nonNegative(get(FETCH_LIMIT_ATTR.post), 'Invalid post boundary specification.');
  if (post !== undefined) out.post = post;
  return out;
}

function instantOrBefore(text: string, reference: bigint, unit: TimeUnit): bigint {
  if (text.startsWith('P')) {
    try {
      return reference - nanosToUnits(parseIsoDurationNanos(text), unit);
    } catch (e) {
      if (e instanceof DurationFormatError) throw new ValidationError(e.message);
      throw e;
    }
  }
  const ts = parseIsoInstant(text, unit);
  if (ts === undefined) throw new ValidationError('Can only parse an ISO8601 timestamp (YYYY-MM-DDThh:mm:ss.sssssssss) with a specified time zone.');
  return ts;
}

function nonNegative(text: string | undefined, message: string): number | undefined {
  if (text === undefined) return undefined;
  const n = parseJavaLong(text);
  if (n === undefined || n < 0n) throw new ValidationError(message);
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

function toMs(units: bigint, unit: TimeUnit): number {
  return Number(units / UNITS_PER_MS[unit]);
}
