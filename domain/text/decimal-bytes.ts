import type { ByteSink } from './byte-sink.js';
import { OVERRUN, putDecimal } from './digit-groups.js';
import { decimalToJavaString, decimalToPlainText } from './java-big-decimal.js';

/** Beyond this scale the plain text is mostly zeros: left to the BigInt functions (never seen in practice). */
const FAST_SCALE = 30;
/** Values with |unscaled| below this and a scale of 1 to 9 (the usual 2-decimal values) take int32 arithmetic. */
const INT32 = 2147483648;
/** Most bytes writeSmall prints: `-` and 11 (`-214748.3647`, `-0.000000001`). */
const SMALL_MAX = 12;

/**
 * `decimalToPlainText(unscaled, scale)` written into `out`, for a safe-integer `unscaled` (the columns of a
 * read): the same text without a BigInt or a string per value — `1.5`, `10.0`, `-0.05`, `0.0`.
 */
export function writeDecimalText(out: ByteSink, unscaled: number, scale: number): void {
  if (unscaled < INT32 && unscaled > -INT32 && scale > 0 && scale <= 9) {
    writeSmall(out, unscaled | 0, scale);
    return;
  }
  let u = unscaled;
  let s = scale;
  while (u !== 0 && u % 10 === 0) {
    u /= 10;
    s--;
  }
  if (u === 0) s = 0;
  if (s > FAST_SCALE || s < -FAST_SCALE) return out.text(decimalToPlainText(BigInt(unscaled), scale));
  writePlain(out, u, s);
  if (s <= 0) {
    out.byte(46); // '.'
    out.byte(48);
  }
}

/**
 * `decimalToJavaString(unscaled, scale)` (JSON output) written into `out`, for a safe-integer `unscaled`:
 * plain text in the common case, `d.dddE±n` (rare: integral values with trailing zeros, tiny values) through
 * the BigInt function.
 */
export function writeDecimalJson(out: ByteSink, unscaled: number, scale: number): void {
  // Plain unless the value ends in 0 once its fraction is gone (then `1E+1`) or is tiny: see below. An
  // unscaled value not ending in 0 has no trailing zero to strip: its plain text is the text formats'.
  if (unscaled < INT32 && unscaled > -INT32 && scale > 0 && scale <= 6 && (unscaled | 0) % 10 !== 0) {
    writeSmall(out, unscaled | 0, scale);
    return;
  }
  let u = unscaled;
  let s = scale;
  while (u !== 0 && u % 10 === 0) {
    u /= 10;
    s--;
  }
  if (u === 0) s = 0;
  // BigDecimal.toString is plain when scale ≥ 0 and the adjusted exponent (digits - 1 - scale) ≥ -6.
  if (s < 0 || s > FAST_SCALE || digitCount(u < 0 ? -u : u) - 1 - s < -6) return out.text(decimalToJavaString(BigInt(unscaled), scale));
  writePlain(out, u, s);
}

/**
 * `u` × 10^-s (|u| < 2^31, 1 ≤ s ≤ 9) in plain notation without the trailing zeros of its fraction, `.0` when
 * none is left (`1.50` → `1.5`, `10.00` → `10.0`, `0.00` → `0.0`), by 4-digit groups (digit-groups.ts).
 */
function writeSmall(out: ByteSink, u: number, s: number): void {
  out.ensure(SMALL_MAX + OVERRUN);
  let pos = out.pos;
  if (u < 0) {
    out.buf[pos++] = 45; // '-'
    u = -u;
  }
  out.pos = putDecimal(out.view, pos, u, s);
}

/** `u` × 10^-s in plain notation, `u` without trailing zeros unless 0, |s| ≤ FAST_SCALE. */
function writePlain(out: ByteSink, u: number, s: number): void {
  if (u < 0) {
    out.byte(45); // '-'
    u = -u;
  }
  if (s <= 0) {
    out.int(u);
    for (let i = 0; i < -s; i++) out.byte(48);
    return;
  }
  // Right to left: the s fraction digits (zero-padded), the point, then the integer digits or 0.
  const digits = digitCount(u);
  const length = digits > s ? digits + 1 : s + 2;
  out.ensure(length);
  const buf = out.buf;
  const end = out.pos + length;
  let p = end;
  for (let i = 0; i < s; i++) {
    const q = u < 2147483648 ? (u / 10) | 0 : Math.floor(u / 10);
    buf[--p] = 48 + (u - q * 10);
    u = q;
  }
  buf[--p] = 46; // '.'
  if (u === 0) {
    buf[p - 1] = 48;
  } else {
    while (u > 0) {
      const q = u < 2147483648 ? (u / 10) | 0 : Math.floor(u / 10);
      buf[--p] = 48 + (u - q * 10);
      u = q;
    }
  }
  out.pos = end;
}

/** Decimal digits of a non-negative safe integer. */
function digitCount(n: number): number {
  let d = 1;
  while (n >= 1e4) {
    n /= 1e4;
    d += 4;
  }
  return n >= 1000 ? d + 3 : n >= 100 ? d + 2 : n >= 10 ? d + 1 : d;
}
