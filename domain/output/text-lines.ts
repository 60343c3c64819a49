import { KIND_DECIMAL, KIND_LONG, type PointColumns } from '../datapoints/point-columns.js';
import type { ByteSink } from '../text/byte-sink.js';
import { DIGIT_PAIRS, digitCount, writeDigits } from '../text/digits.js';

/** Most bytes one line of the fast path takes: `=`, 16 timestamp digits, `// `, `-`, 10 digits, `0.` and 8 zeros, `\n`. */
const LINE_MAX = 48;
/** Values of the fast path are int32 (|v| < 2^31): digits by int32 arithmetic. */
const INT32 = 2147483648;
/** Timestamps of the fast path have at most 16 digits: 8 high digits (shared by consecutive points) and 8 low. */
const TS_LIMIT = 1e16;
const EQUALS = 61;
const SLASH = 47;
const SPACE = 32;
const DOT = 46;
const ZERO = 48;
const NEWLINE = 10;


/**
 * The continuation lines of the text format, `=TS// VALUE\n`, for the usual points — LONG, or DECIMAL with
 * scale 1 to 9, value an int32, no location or elevation, 0 ≤ ts < 10^16 — each written in one step into the
 * sink's buffer. It prints the same bytes as the part writers (writeTextTick, writeValueText), which remain the
 * reference and handle every other point. Why a fused writer: a read's first queries run before V8 has
 * optimised the output code, and there the part writers' ~15 calls per point cost about a microsecond a point;
 * one loop with two helpers costs far less cold, and a little less warm.
 */
export class TextLineWriter {
  // The digits above the last 8 of the last timestamp: consecutive timestamps share them.
  private high = -1;
  private readonly highDigits = new Uint8Array(8);
  private highLength = 0;

  /**
   * Writes the lines of points [from, to) of `c` while they take the fast path; returns the index of the first
   * point that does not (`to` when all did), for the caller to print through the part writers.
   */
  continuations(out: ByteSink, c: PointColumns, from: number, to: number): number {
    const ts = c.ts;
    const kind = c.kind;
    const num = c.num;
    const scale = c.scale;
    let i = from;
    for (; i < to; i++) {
      const k = kind[i];
      const t = ts[i];
      const v = num[i];
      const s = k === KIND_DECIMAL ? scale[i] : 0;
      if (!(t >= 0 && t < TS_LIMIT && v < INT32 && v > -INT32 && (k === KIND_LONG || (k === KIND_DECIMAL && s > 0 && s <= 9)))) break;
      if (out.pos + LINE_MAX > out.buf.length) out.ensure(LINE_MAX);
      const buf = out.buf;
      let pos = out.pos;
      buf[pos++] = EQUALS;
      pos = this.timestamp(buf, pos, t);
      buf[pos++] = SLASH;
      buf[pos++] = SLASH;
      buf[pos++] = SPACE;
      pos = value(buf, pos, v | 0, s);
      buf[pos++] = NEWLINE;
      out.pos = pos;
    }
    return i;
  }

  /** `t` (0 ≤ t < 10^16) in decimal at `pos`; returns the position after it. */
  private timestamp(buf: Uint8Array, pos: number, t: number): number {
    if (t < 1e8) return writeDigits(buf, pos, t);
    const high = Math.floor(t / 1e8);
    if (high !== this.high) {
      this.high = high;
      this.highLength = writeDigits(this.highDigits, 0, high);
    }
    const hd = this.highDigits;
    for (let j = 0; j < this.highLength; j++) buf[pos++] = hd[j];
    let low = (t - high * 1e8) | 0;
    for (let p = pos + 6; p >= pos; p -= 2) {
      const q = (low / 100) | 0;
      const r = 2 * (low - q * 100);
      buf[p] = DIGIT_PAIRS[r];
      buf[p + 1] = DIGIT_PAIRS[r + 1];
      low = q;
    }
    return pos + 8;
  }
}

/**
 * The int32 `u` × 10^-s (0 ≤ s ≤ 9; s = 0 for a LONG) as writeValueText prints it: a LONG in decimal; a DECIMAL
 * in plain notation without the trailing zeros of its fraction, `.0` when none is left (`1.50` → `1.5`,
 * `10.00` → `10.0`, `-0.05`, `0.00` → `0.0`). Returns the position after it.
 */
function value(buf: Uint8Array, pos: number, u: number, s: number): number {
  const decimal = s > 0;
  while (s > 0 && u !== 0) {
    const q = (u / 10) | 0;
    if (u !== q * 10) break;
    u = q;
    s--;
  }
  if (u === 0) s = 0;
  if (u < 0) {
    buf[pos++] = 45; // '-'
    u = -u;
  }
  if (s === 0) {
    pos = writeDigits(buf, pos, u);
    if (decimal) {
      buf[pos++] = DOT;
      buf[pos++] = ZERO;
    }
    return pos;
  }
  const n = digitCount(u);
  const end = pos + (n > s ? n + 1 : s + 2);
  let p = end;
  for (let j = 0; j < s; j++) {
    const q = (u / 10) | 0;
    buf[--p] = ZERO + u - q * 10;
    u = q;
  }
  buf[--p] = DOT;
  do {
    const q = (u / 10) | 0;
    buf[--p] = ZERO + u - q * 10;
    u = q;
  } while (u > 0);
  return end;
}

