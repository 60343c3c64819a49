import { UNITS_PER_MS, type TimeUnit } from '../datapoints/time-units.js';

/**
 * ISO-8601 instants and durations as Warp 10 reads them in request parameters: instants through
 * Java `ZonedDateTime.parse` (`TOTIMESTAMP`), durations through Joda's standard ISO period format
 * (`FETCH`, `ADDDURATION`). Scanners without regular expressions; results in platform units.
 */

const NANOS_PER_SECOND = 1_000_000_000n;

function digitsAt(text: string, from: number, count: number): number {
  if (from + count > text.length) return -1;
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    v = v * 10 + (c - 0x30);
  }
  return v;
}

function runOfDigits(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  return i - from;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days from 1970-01-01 to the proleptic Gregorian date y-m-d. */
function epochDay(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** `Z`, `±HH`, `±HHMM`, `±HH:MM`, `±HHMMSS`, `±HH:MM:SS` (max ±18:00) at `from`; [seconds, end] or undefined. */
function parseOffset(text: string, from: number): [number, number] | undefined {
  const c = text.charCodeAt(from);
  if (c === 0x5a || c === 0x7a) return [0, from + 1];
  if (c !== 0x2b && c !== 0x2d) return undefined;
  const sign = c === 0x2d ? -1 : 1;
  const parts: number[] = [];
  let i = from + 1;
  const colons = text.charCodeAt(i + 2) === 0x3a;
  while (parts.length < 3) {
    if (parts.length > 0) {
      if (colons && text.charCodeAt(i) !== 0x3a) break;
      if (colons) i++;
    }
    const v = digitsAt(text, i, 2);
    if (v < 0) {
      if (parts.length === 0 || colons) return undefined;
      break;
    }
    parts.push(v);
    i += 2;
  }
  const [h, m = 0, s = 0] = parts;
  const total = h * 3600 + m * 60 + s;
  if (h > 18 || m > 59 || s > 59 || total > 18 * 3600) return undefined;
  return [sign * total, i];
}

/**
 * Java `ZonedDateTime.parse(text)` (ISO_ZONED_DATE_TIME) turned into platform units the way Warp 10
 * `TOTIMESTAMP.parseTimestamp` does: `YYYY-MM-DDThh:mm[:ss[.fffffffff]]` + offset (`Z`, `+02:00`…),
 * optionally followed by a `[zone]` that does not move the instant. Years beyond 4 digits take a
 * sign. Dates are validated strictly (no Feb 30, no 24:00). Sub-unit fractions are truncated; the
 * result wraps around like Java long arithmetic. Returns undefined when Java would not parse it.
 */
export function parseIsoInstant(text: string, unit: TimeUnit): bigint | undefined {
  let i = 0;
  const sign = text.charCodeAt(0);
  if (sign === 0x2b || sign === 0x2d) i = 1;
  const yearDigits = runOfDigits(text, i);
  if (i === 0 ? yearDigits !== 4 : yearDigits < 4 || yearDigits > 10 || (sign === 0x2b && yearDigits === 4)) return undefined;
  const year = (sign === 0x2d ? -1 : 1) * Number(text.slice(i, i + yearDigits));
  i += yearDigits;
  if (text[i] !== '-' || text[i + 3] !== '-' || (text[i + 6] !== 'T' && text[i + 6] !== 't') || text[i + 9] !== ':') return undefined;
  const month = digitsAt(text, i + 1, 2);
  const day = digitsAt(text, i + 4, 2);
  const hour = digitsAt(text, i + 7, 2);
  const minute = digitsAt(text, i + 10, 2);
  if (month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  if (day > (month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1])) return undefined;
  i += 12;
  let second = 0;
  let nanos = 0;
  if (text[i] === ':') {
    second = digitsAt(text, i + 1, 2);
    if (second < 0 || second > 59) return undefined;
    i += 3;
    if (text[i] === '.') {
      const n = runOfDigits(text, i + 1);
      if (n < 1 || n > 9) return undefined;
      nanos = Number(text.slice(i + 1, i + 1 + n).padEnd(9, '0'));
      i += 1 + n;
    }
  }
  const offset = parseOffset(text, i);
  if (offset === undefined) return undefined;
  i = offset[1];
  if (i < text.length) {
    if (text[i] !== '[' || text[text.length - 1] !== ']' || text.length - i < 3) return undefined;
  }
  const seconds = BigInt(epochDay(year, month, day)) * 86400n + BigInt(hour * 3600 + minute * 60 + second - offset[0]);
  const perMs = UNITS_PER_MS[unit];
  return BigInt.asIntN(64, seconds * 1000n * perMs + BigInt(nanos) / (1_000_000n / perMs));
}

/** An ISO-8601 duration Warp 10 does not accept; the message is Warp 10's (or Joda's) text. */
export class DurationFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DurationFormatError';
  }
}

export const AMBIGUOUS_DURATION = 'No support for ambiguous durations containing years or months, please convert those to days.';

// Designators in the order Joda's standard ISO period format accepts them, with their length in ns
// (years and months have none: they are ambiguous).
const DESIGNATORS: readonly [string, bigint | undefined, boolean][] = [
  ['Y', undefined, false],
  ['M', undefined, false],
  ['W', 7n * 86400n * NANOS_PER_SECOND, false],
  ['D', 86400n * NANOS_PER_SECOND, false],
  ['H', 3600n * NANOS_PER_SECOND, true],
  ['M', 60n * NANOS_PER_SECOND, true],
  ['S', NANOS_PER_SECOND, true],
];

/**
 * An ISO-8601 duration `P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]` in nanoseconds (designators in any
 * case, signed components allowed, a fraction of up to 9 digits on seconds only, a day is 24 h).
 * Throws DurationFormatError: AMBIGUOUS_DURATION when it has years or months, else
 * `Invalid format: "<text>"`.
 */
export function parseIsoDurationNanos(text: string): bigint {
  const invalid = () => new DurationFormatError(`Invalid format: "${text}"`);
  if (text.charCodeAt(0) !== 0x50 || text.length < 3) throw invalid();
  let i = 1;
  let d = 0;
  let inTime = false;
  let total = 0n;
  let ambiguous = false;
  while (i < text.length) {
    if (!inTime && (text[i] === 'T' || text[i] === 't')) {
      inTime = true;
      i++;
      if (i === text.length) throw invalid();
      while (d < DESIGNATORS.length && !DESIGNATORS[d][2]) d++;
      continue;
    }
    const signed = text[i] === '-' || text[i] === '+' ? 1 : 0;
    const intDigits = runOfDigits(text, i + signed);
    let end = i + signed + intDigits;
    let fraction = '';
    if (text[end] === '.' || text[end] === ',') {
      const n = runOfDigits(text, end + 1);
      if (n < 1 || n > 9) throw invalid();
      fraction = text.slice(end + 1, end + 1 + n);
      end += 1 + n;
    }
    if (intDigits === 0 || end >= text.length) throw invalid();
    const designator = text[end].toUpperCase();
    while (d < DESIGNATORS.length && (DESIGNATORS[d][0] !== designator || DESIGNATORS[d][2] !== inTime)) d++;
    if (d === DESIGNATORS.length || (fraction !== '' && designator !== 'S')) throw invalid();
    const length = DESIGNATORS[d][1];
    const negative = text[i] === '-';
    const whole = BigInt(text.slice(i + signed, i + signed + intDigits));
    if (length === undefined && whole !== 0n) ambiguous = true;
    const amount = whole * (length ?? 0n) + (fraction === '' ? 0n : BigInt(fraction.padEnd(9, '0')));
    total += negative ? -amount : amount;
    d++;
    i = end + 1;
  }
  if (ambiguous) throw new DurationFormatError(AMBIGUOUS_DURATION);
  return total;
}

/** Nanoseconds to platform units, truncated toward zero. */
export function nanosToUnits(nanos: bigint, unit: TimeUnit): bigint {
  return nanos / (1_000_000n / UNITS_PER_MS[unit]);
}
