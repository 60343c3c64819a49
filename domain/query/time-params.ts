import { MAX_TS, MIN_TS } from '../datapoints/datapoint.js';
import { forInputString, parseJavaLong } from '../datapoints/java-number.js';
import { UNITS_PER_MS, type TimeUnit } from '../datapoints/time-units.js';
import { ValidationError } from '../errors.js';
import { AMBIGUOUS_DURATION, DurationFormatError, nanosToUnits, parseIsoDurationNanos, parseIsoInstant } from './iso-time.js';

/** The raw time parameters of /api/v0/fetch (reference §7.1), as given (absent = undefined). */
export interface FetchTimeParams {
  readonly start?: string;
  readonly end?: string;
  /** Alias of `end`. */
  readonly now?: string;
  /** Alias of `end`. */
  readonly stop?: string;
  readonly timespan?: string;
  readonly count?: string;
}

/** Inclusive range in platform units; `count` = keep only the newest N points (absent: no limit). */
export interface FetchRange {
  readonly start: bigint;
  readonly end: bigint;
  readonly count?: number;
}

const invalidFormat = (name: string, cause?: string) =>
  new ValidationError(`Invalid format for parameter '${name}'.${cause === undefined ? '' : ` (${cause})`}`);

/**
 * A fetch instant (Warp 10 `FETCH.getTimestamp`): `now`, a long in platform units, or an ISO-8601
 * instant with zone. Throws ValidationError `Invalid format for parameter '<name>'.`.
 */
export function parseFetchInstant(text: string, name: string, unit: TimeUnit, now: bigint): bigint {
  if (text === 'now') return now;
  const ts = parseJavaLong(text) ?? parseIsoInstant(text, unit);
  if (ts === undefined) throw invalidFormat(name);
  return ts;
}

/**
 * A fetch `timespan` (Warp 10 `FETCH.computeTimeRange`): a long in platform units or an ISO-8601
 * duration `P…` (no years/months), the latter counted in whole milliseconds like Warp 10 does.
 */
function parseTimespan(text: string, unit: TimeUnit): bigint {
  if (text.length === 0) throw new ValidationError("Parameter 'timespan' is empty.");
  let span: bigint | undefined;
  if (text.charCodeAt(0) === 0x50 /* P */) {
    try {
      span = (parseIsoDurationNanos(text) / 1_000_000n) * UNITS_PER_MS[unit];
    } catch (e) {
      throw e instanceof DurationFormatError ? invalidFormat('timespan', e.message) : e;
    }
  } else {
    span = parseJavaLong(text);
    if (span === undefined) throw invalidFormat('timespan', forInputString(text));
  }
  if (span < 0n) throw new ValidationError("'timespan' cannot be negative.");
  return span;
}

/**
 * The fetch time range, exactly as Warp 10's /api/v0/fetch computes it (`EgressFetchHandler` then
 * `FETCH.computeTimeRange`, reference §7.1):
 * - a negative long `timespan` -N means `count` = N (error if `count` is also given);
 * - `stop` and `now` are aliases of `end` (error if two are given);
 * - start or end is required; start > end are swapped; start, end and timespan cannot all be given;
 * - end + timespan → start = end − timespan + 1; start + timespan → end = start + timespan − 1
 *   (saturating at the long range); start alone is an error; end alone needs `count` (start = −∞).
 * `now` is the egress clock in platform units. A negative `count` means no limit (like Warp 10's -1).
 * Throws ValidationError with Warp 10's messages.
 */
export function computeFetchRange(params: FetchTimeParams, unit: TimeUnit, now: bigint): FetchRange {
  let { timespan, count } = params;
  const numericTimespan = timespan === undefined ? undefined : parseJavaLong(timespan);
  if (numericTimespan !== undefined && numericTimespan < 0n) {
    if (count !== undefined) throw new ValidationError("Cannot specify both 'count' and negative 'timespan'.");
    timespan = undefined;
    count = BigInt.asIntN(64, -numericTimespan).toString();
  }
  let end = params.end;
  let endName = 'end';
  for (const alias of ['stop', 'now'] as const) {
    const value = params[alias];
    if (value === undefined) continue;
    if (end !== undefined) throw new ValidationError(`Cannot specify both 'end' and '${alias}'.`);
    end = value;
    endName = alias;
  }
  const range = computeTimeRange(params.start, end, endName, timespan, count !== undefined, unit, now);
  if (count === undefined) return range;
  const n = parseJavaLong(count);
  if (n === undefined) throw new ValidationError(forInputString(count));
  return n < 0n ? range : { ...range, count: Number(n) };
}

function computeTimeRange(
  startText: string | undefined,
  endText: string | undefined,
  endName: string,
  timespanText: string | undefined,
  hasCount: boolean,
  unit: TimeUnit,
  now: bigint,
): { start: bigint; end: bigint } {
  let start = startText === undefined ? undefined : parseFetchInstant(startText, 'start', unit, now);
  let end = endText === undefined ? undefined : parseFetchInstant(endText, endName, unit, now);
  if (start === undefined && end === undefined) throw new ValidationError(`Missing either 'start' or '${endName}' parameter.`);
  if (start !== undefined && end !== undefined && start > end) [start, end] = [end, start];
  if (timespanText !== undefined) {
    if (start !== undefined && end !== undefined) {
      throw new ValidationError(
        `Invalid time range specification: 'start', '${endName}' and 'timespan' cannot all be defined. Only 2 out of those 3 parameters should be defined.`,
      );
    }
    const span = parseTimespan(timespanText, unit);
    if (end !== undefined) {
      if (span === 0n && end === MAX_TS) throw new ValidationError(`Cannot set 'timespan' to 0 and '${endName}' to MAX_VALUE.`);
      start = end - span < MIN_TS ? MIN_TS : end - span + 1n;
    } else if (start !== undefined) {
      if (span === 0n && start === MIN_TS) throw new ValidationError("Cannot set 'timespan' to 0 and 'start' to MIN_VALUE.");
      end = start + span > MAX_TS ? MAX_TS : start + span - 1n;
    }
  }
  if (end === undefined) throw new ValidationError(`Missing '${endName}' or 'start' and 'timespan' parameter.`);
  if (start === undefined) {
    if (!hasCount) {
      throw new ValidationError("Invalid time range specification: 'count' is mandatory if 'start' and 'timespan' are not specified.");
    }
    start = MIN_TS;
  }
  return { start, end };
}

/**
 * The fetch `timestep` (keep points at least this far apart): a long in platform units or an
 * ISO-8601 duration `P…` (no years/months) at full platform precision. Must be ≥ 1.
 */
export function parseTimestep(text: string, unit: TimeUnit): bigint {
  let step: bigint | undefined;
  if (text.startsWith('P')) {
    try {
      step = nanosToUnits(parseIsoDurationNanos(text), unit);
    } catch (e) {
      if (!(e instanceof DurationFormatError)) throw e;
      throw new ValidationError(e.message === AMBIGUOUS_DURATION ? AMBIGUOUS_DURATION : 'Invalid ISO8601 duration');
    }
  } else {
    step = parseJavaLong(text);
    if (step === undefined) throw new ValidationError(forInputString(text));
  }
  if (step < 1n) throw new ValidationError("Parameter 'timestep' cannot be < 1.");
  return step;
}

export { computeDeleteRange, type DeleteRange, type DeleteTimeParams } from './delete-range.js';
