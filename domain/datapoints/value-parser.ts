import { toGeoPoint } from '../series/geo.js';
import { UrlDecodingError, urlDecode } from '../series/url-decoding.js';
import { decodeBase64Lenient, decodeHexStrict } from './binary-text.js';
import { forInputString, javaTrim, parseJavaDouble, parseJavaLongAt } from './java-number.js';
import { KIND_DECIMAL, KIND_LONG } from './point-columns.js';
import { toQuaternion } from './quaternion.js';
import { binary, bool, decimal, double, long, string, type Value } from './value.js';

/**
 * A value that cannot be parsed. `reason` and `causeMessage` are Warp 10's texts (reference §1.5,
 * e.g. `Cannot parse value.` caused by `For input string: "abc"`); `offset` is relative to the
 * start of the value. The line parser turns it into an InputParseError.
 */
export class ValueParseError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
    readonly causeMessage?: string,
  ) {
    super(causeMessage === undefined ? reason : `${reason} (${causeMessage})`);
    this.name = 'ValueParseError';
  }
}

const CANNOT_PARSE = 'Cannot parse value.';

/** Largest unscaled value (in bits) that Warp 10 keeps as an exact decimal; above, it stores a double. */
const DECIMAL_MAX_BITS = 46;
const DECIMAL_LIMIT = 2 ** DECIMAL_MAX_BITS;

/** The message of Java's NumberFormatException for `Double.parseDouble(text)`. */
function doubleFailure(text: string): string {
  const trimmed = javaTrim(text);
  return trimmed.length === 0 ? 'empty String' : forInputString(trimmed);
}

function isAsciiTrue(text: string, word: string): boolean {
  return text.length === word.length && text.toLowerCase() === word;
}

/**
 * Warp 10 `GTSHelper.parseValue` (reference §1.3): the whole rest of an input line to a Value.
 * Tried in order: quoted STRING (`'…'` or `"…"`, percent-decoded), BOOLEAN (`t`, `T`, `true`,
 * `f`, `F`, `false`, any case), `HH:lat:lon` and `Q:w:x:y:z` (LONG), `b64:` / `hex:` (BINARY),
 * LONG (Java `Long.parseLong`), short decimal (≤ 15 chars of `0-9 . + -`: DECIMAL with trailing
 * zeros stripped, or DOUBLE when its unscaled value needs more than 46 bits, as Warp 10's encoder
 * does), anything else as Java `Double.parseDouble` (DOUBLE).
 * Not supported: multi-values `[ … ]` and value-encoder plugins (`:`-prefixed), both rejected.
 * Throws ValueParseError.
 */
export function parseValue(text: string): Value {
  const n = text.length;
  if (n === 0) throw new ValueParseError(CANNOT_PARSE, 0, 'String index out of range: 0');
  const first = text.charCodeAt(0);
  if ((first === 0x27 || first === 0x22) && text.charCodeAt(n - 1) === first) return parseQuoted(text);
  if ((first === 0x74 || first === 0x54) && (n === 1 || isAsciiTrue(text, 'true'))) return bool(true);
  if ((first === 0x66 || first === 0x46) && (n === 1 || isAsciiTrue(text, 'false'))) return bool(false);
  if (first === 0x48 && text.startsWith('HH:')) return parseHhCode(text);
  if (first === 0x51 && text.startsWith('Q:')) return parseQuaternion(text);
  if (first === 0x5b) throw new ValueParseError(CANNOT_PARSE, 0, "Multi-value lists '[ ... ]' are not supported.");
  if (first === 0x62 && text.startsWith('b64:')) return binary(decodeBase64Lenient(text.slice(4)));
  if (first === 0x68 && text.startsWith('hex:')) {
    try {
      return binary(decodeHexStrict(text.slice(4)));
    } catch (e) {
      throw new ValueParseError(CANNOT_PARSE, 0, (e as Error).message);
    }
  }
  if (first === 0x3a) throw new ValueParseError(`Unsupported value '${text}'`, 0);
  return parseNumber(text, 0, n);
}

/**
 * `parseValue(text.slice(from, to))`, without the slice for plain numbers (the usual value): a value that
 * starts with a digit, a sign or a dot can only be a number.
 */
export function parseValueIn(text: string, from: number, to: number): Value {
  if (from < to) {
    const first = text.charCodeAt(from);
    if ((first >= 0x30 && first <= 0x39) || first === 0x2d || first === 0x2b || first === 0x2e) return parseNumber(text, from, to);
  }
  return parseValue(from === 0 && to === text.length ? text : text.slice(from, to));
}

/** A number parsed without an object: `kind` KIND_LONG (`num` the value) or KIND_DECIMAL (`num` unscaled, `scale`). */
export interface NumericValue {
  kind: number;
  num: number;
  scale: number;
}

/** The Value of a NumericValue. */
export function valueOfNumeric(n: NumericValue): Value {
  return n.kind === KIND_LONG ? long(BigInt(n.num)) : decimal(BigInt(n.num), n.scale);
}

/**
 * The fast path of `parseValueIn` for what scrapers send: a sign, then at most 15 digits with at most one dot.
 * Sets `out` to the LONG or DECIMAL that parseValueIn gives for text[from, to) (its unscaled value, at most
 * 15 digits, is a safe integer) and returns true; returns false, leaving `out` as it was, for anything else
 * (errors included), which parseValueIn then reads.
 */
export function parseNumericIn(text: string, from: number, to: number, out: NumericValue): boolean {
  if (to - from > 15 || from >= to) return false;
  let i = from;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === 0x2d || first === 0x2b) {
    negative = first === 0x2d;
    i++;
  }
  let magnitude = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      magnitude = magnitude * 10 + (c - 0x30);
      digits++;
      if (dot) scale++;
    } else if (c === 0x2e && !dot) dot = true;
    else return false;
  }
  if (digits === 0) return false;
  if (!dot) {
    // Long.parseLong; `+ 0` turns -0 into 0.
    out.kind = KIND_LONG;
    out.num = (negative ? -magnitude : magnitude) + 0;
    out.scale = 0;
    return true;
  }
  // parseDecimal: BigDecimal(...).stripTrailingZeros(), a DOUBLE (left to it) past 46 bits.
  if (magnitude === 0) scale = 0;
  else {
    while (magnitude % 10 === 0) {
      magnitude /= 10;
      scale--;
    }
    if (negative ? magnitude > DECIMAL_LIMIT : magnitude >= DECIMAL_LIMIT) return false;
  }
  out.kind = KIND_DECIMAL;
  out.num = (negative ? -magnitude : magnitude) + 0;
  out.scale = scale;
  return true;
}

function parseQuoted(text: string): Value {
  if (text.length === 1) throw new ValueParseError(CANNOT_PARSE, 0, 'String index out of range: -1');
  try {
    return string(urlDecode(text.slice(1, text.length - 1)));
  } catch (e) {
    if (e instanceof UrlDecodingError) throw new ValueParseError(CANNOT_PARSE, 0, e.message);
    throw e;
  }
}

function parseHhCode(text: string): Value {
  const colon = text.indexOf(':', 3);
  if (colon < 0) throw new ValueParseError('Invalid value for lat,lon conversion to HHCode.', 0);
  const latText = text.slice(3, colon);
  const lat = parseJavaDouble(latText);
  if (lat === undefined) throw new ValueParseError('Cannot parse latitude.', 3, doubleFailure(latText));
  const lonText = text.slice(colon + 1);
  const lon = parseJavaDouble(lonText);
  if (lon === undefined) throw new ValueParseError('Cannot parse longitude.', colon + 1, doubleFailure(lonText));
  return long(toGeoPoint(lat, lon));
}

function quaternionComponent(text: string, from: number, to: number): number {
  const part = text.slice(from, to);
  const v = parseJavaDouble(part);
  if (v === undefined) throw new ValueParseError('Cannot parse quaternion component.', from, doubleFailure(part));
  return v;
}

function parseQuaternion(text: string): Value {
  const q: number[] = [];
  let idx = 2;
  while (q.length < 4) {
    const colon = text.indexOf(':', idx);
    if (colon < 0) throw new ValueParseError('Invalid value for Quaternion, expected Q:w:x:y:z', 0);
    q.push(quaternionComponent(text, idx, colon));
    idx = colon + 1;
    if (q.length === 3) q.push(quaternionComponent(text, idx, text.length));
  }
  if (!q.every(Number.isFinite)) throw new ValueParseError('Quaternion values require finite elements.', 0);
  return long(toQuaternion(q[0], q[1], q[2], q[3]));
}

// UnsafeString.isLong of text[from, to): leading spaces skipped, optional sign, one or more digits, nothing else.
function looksLikeLong(text: string, from: number, to: number): boolean {
  const n = to;
  let i = from;
  while (i < n && text.charCodeAt(i) === 0x20) i++;
  if (i < n && (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === 0x2d)) i++;
  if (i === n) return false;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

// UnsafeString.mayBeDecimalDouble of text[from, to): only digits, '.', '+' and '-'.
function mayBeDecimal(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x30 || c > 0x39) && c !== 0x2e && c !== 0x2b && c !== 0x2d) return false;
  }
  return true;
}

// The number text[from, to).
function parseNumber(text: string, from: number, to: number): Value {
  if (looksLikeLong(text, from, to)) {
    // Long.parseLong sees the leading spaces that isLong skipped, and fails on them.
    const v = parseJavaLongAt(text, from, to);
    if (v === undefined) throw new ValueParseError(CANNOT_PARSE, 0, forInputString(text.slice(from, to)));
    return long(v);
  }
  if (to - from <= 15 && mayBeDecimal(text, from, to)) return parseDecimal(text, from, to);
  const slice = text.slice(from, to);
  const d = parseJavaDouble(slice);
  if (d === undefined) throw new ValueParseError(CANNOT_PARSE, 0, doubleFailure(slice));
  return double(d);
}

// Java `new BigDecimal(text[from, to))` restricted to the chars mayBeDecimal lets through (≤ 15 of them, so
// the digits fit a double exactly), then `stripTrailingZeros()`. Messages are the JDK 11 ones.
function parseDecimal(text: string, from: number, to: number): Value {
  let i = from;
  let negative = false;
  if (text.charCodeAt(from) === 0x2d || text.charCodeAt(from) === 0x2b) {
    negative = text.charCodeAt(from) === 0x2d;
    i = from + 1;
  }
  let magnitude = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (dot) throw new ValueParseError(CANNOT_PARSE, 0, 'Character array contains more than one decimal point.');
      dot = true;
    } else if (c >= 0x30 && c <= 0x39) {
      magnitude = magnitude * 10 + (c - 0x30);
      digits++;
      if (dot) scale++;
    } else {
      throw new ValueParseError(CANNOT_PARSE, 0, `Character ${text[i]} is neither a decimal digit number, decimal point, nor "e" notation exponential mark.`);
    }
  }
  if (digits === 0) throw new ValueParseError(CANNOT_PARSE, 0, 'No digits found.');
  if (magnitude === 0) return decimal(0n, 0);
  while (magnitude % 10 === 0) {
    magnitude /= 10;
    scale--;
  }
  // BigInteger.bitLength of the signed unscaled value: a negative -2^46 still fits in 46 bits.
  if (negative ? magnitude > DECIMAL_LIMIT : magnitude >= DECIMAL_LIMIT) return double(Number(text.slice(from, to)));
  return decimal(BigInt(negative ? -magnitude : magnitude), scale);
}
