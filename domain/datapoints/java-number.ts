/**
 * Number parsing with the exact acceptance rules of the Java calls Warp 10 makes (`Long.parseLong`,
 * `Double.parseDouble`, `String.trim`), so that Continuum accepts and rejects the same client text.
 * Pure scanners, no regular expressions: these run once or twice per ingested datapoint.
 */

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Java's `NumberFormatException.forInputString` message, which Warp 10 chains into its errors. */
export function forInputString(text: string): string {
  return `For input string: "${text}"`;
}

/** Java `String.trim()`: strips every char ≤ U+0020 (controls included, unlike JS `trim`) from both ends. */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Java `Long.parseLong(text)`: an optional `+` or `-`, then one or more ASCII digits, in the signed
 * 64-bit range. Returns undefined where Java would throw (no whitespace allowed, overflow rejected).
 */
export function parseJavaLong(text: string): bigint | undefined {
  return parseJavaLongAt(text, 0, text.length);
}

/** parseJavaLong of `text.slice(from, to)`, without allocating the slice (hot path of the input parser). */
export function parseJavaLongAt(text: string, from: number, to: number): bigint | undefined {
  if (from >= to) return undefined;
  let i = from;
  const first = text.charCodeAt(from);
  if (first === 0x2b || first === 0x2d) {
    if (to - from === 1) return undefined;
    i++;
  }
  let magnitude = 0;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
    magnitude = magnitude * 10 + (c - 0x30);
  }
  // Exact while it stays a safe integer, and BigInt(number) is much cheaper than BigInt(string).
  if (magnitude <= Number.MAX_SAFE_INTEGER) return BigInt(first === 0x2d ? -magnitude : magnitude);
  const value = BigInt(from === 0 && to === text.length ? text : text.slice(from, to));
  return value < LONG_MIN || value > LONG_MAX ? undefined : value;
}

/**
 * parseJavaLongAt of text[from, to) for values that are safe integers (|v| ≤ 2^53 − 1), as a number left in
 * `out.value` (true): the input parser's timestamps, which then need no BigInt. False (`out` unchanged) for
 * anything else (invalid text or a value out of the safe range), which the caller reads with parseJavaLongAt.
 * The number goes to a field rather than being returned: a double returned by a call that is not inlined is
 * boxed, a heap number per ingested line.
 */
export function readSafeLongAt(text: string, from: number, to: number, out: { value: number }): boolean {
  if (from >= to) return false;
  let i = from;
  const first = text.charCodeAt(from);
  if (first === 0x2b || first === 0x2d) {
    if (to - from === 1) return false;
    i++;
  }
  let magnitude = 0;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
    magnitude = magnitude * 10 + (c - 0x30);
  }
  // Every step is exact below 2^53, and a true value above rounds to 2^53 or more: this bound is exact.
  if (magnitude > Number.MAX_SAFE_INTEGER) return false;
  // `+ 0` turns -0 into 0, as Long.parseLong("-0") is 0.
  out.value = (first === 0x2d ? -magnitude : magnitude) + 0;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function isTypeSuffix(c: number): boolean {
  // f F d D
  return c === 0x66 || c === 0x46 || c === 0x64 || c === 0x44;
}

/**
 * Java `Double.parseDouble(text)`: surrounding chars ≤ U+0020 ignored; optional sign; `NaN`,
 * `Infinity`, decimal with optional fraction and exponent, or hexadecimal `0x…p…`; an optional
 * trailing `f`/`F`/`d`/`D`. Returns undefined where Java would throw a NumberFormatException.
 */
export function parseJavaDouble(text: string): number | undefined {
  const s = javaTrim(text);
  const n = s.length;
  if (n === 0) return undefined;
  let i = 0;
  let c = s.charCodeAt(0);
  const negative = c === 0x2d;
  if (c === 0x2b || c === 0x2d) i++;
  if (i === n) return undefined;
  c = s.charCodeAt(i);
  if (c === 0x4e /* N */) return s.endsWith('NaN') && n - i === 3 ? NaN : undefined;
  if (c === 0x49 /* I */) return s.endsWith('Infinity') && n - i === 8 ? (negative ? -Infinity : Infinity) : undefined;
  if (c === 0x30 && i + 1 < n && (s.charCodeAt(i + 1) | 0x20) === 0x78 /* x */) return parseHexFloat(s, i + 2, negative);
  let digits = 0;
  while (i < n && isDigit(s.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (i < n && s.charCodeAt(i) === 0x2e /* . */) {
    i++;
    while (i < n && isDigit(s.charCodeAt(i))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return undefined;
  if (i < n && (s.charCodeAt(i) | 0x20) === 0x65 /* e */) {
    i++;
    if (i < n && (s.charCodeAt(i) === 0x2b || s.charCodeAt(i) === 0x2d)) i++;
    const expStart = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === expStart) return undefined;
  }
  const end = i;
  if (i < n && !(i === n - 1 && isTypeSuffix(s.charCodeAt(i)))) return undefined;
  return Number(end === n ? s : s.slice(0, end));
}

// Hexadecimal floating point: HEX+ [.] | HEX* . HEX+, then mandatory p/P exponent (decimal, signed).
function parseHexFloat(s: string, start: number, negative: boolean): number | undefined {
  const n = s.length;
  let i = start;
  let mantissa = 0n;
  let digits = 0;
  let fractionDigits = 0;
  let seenDot = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e && !seenDot) {
      seenDot = true;
      continue;
    }
    const d = hexDigit(c);
    if (d < 0) break;
    mantissa = (mantissa << 4n) | BigInt(d);
    digits++;
    if (seenDot) fractionDigits++;
  }
  if (digits === 0 || i >= n || (s.charCodeAt(i) | 0x20) !== 0x70 /* p */) return undefined;
  i++;
  let expNegative = false;
  if (i < n && (s.charCodeAt(i) === 0x2b || s.charCodeAt(i) === 0x2d)) {
    expNegative = s.charCodeAt(i) === 0x2d;
    i++;
  }
  const expStart = i;
  let exponent = 0;
  while (i < n && isDigit(s.charCodeAt(i))) {
    exponent = Math.min(exponent * 10 + (s.charCodeAt(i) - 0x30), 1e7);
    i++;
  }
  if (i === expStart) return undefined;
  if (i < n && !(i === n - 1 && isTypeSuffix(s.charCodeAt(i)))) return undefined;
  const value = scaleToDouble(mantissa, (expNegative ? -exponent : exponent) - 4 * fractionDigits);
  return negative ? -value : value;
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** mantissa · 2^exp2 rounded to the nearest double (ties to even), subnormals included. */
function scaleToDouble(mantissa: bigint, exp2: number): number {
  if (mantissa === 0n) return 0;
  let bits = bitLength(mantissa);
  const topExponent = bits - 1 + exp2;
  if (topExponent > 1023) return Infinity;
  const precision = topExponent >= -1022 ? 53 : 53 - (-1022 - topExponent);
  if (precision < 0) return 0;
  const shift = bits - precision;
  let m = mantissa;
  let e = exp2;
  if (shift > 0) {
    const s = BigInt(shift);
    let q = m >> s;
    const rem = m - (q << s);
    const half = 1n << (s - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    m = q;
    e += shift;
    bits = bitLength(m);
    if (bits - 1 + e > 1023) return Infinity;
  }
  const r = Number(m);
  // r · 2^e is exactly representable; go through 2^-1022 so no intermediate rounds.
  if (e >= -1022) return r * 2 ** e;
  return r * 2 ** -1022 * 2 ** (e + 1022);
}
