import { KIND_DECIMAL, KIND_LONG, type PointColumns } from '../datapoints/point-columns.js';
import type { ByteSink } from '../text/byte-sink.js';
import { OVERRUN, putDecimal, putDigits } from '../text/digit-groups.js';
import { SafeIntDigits } from '../text/safe-int-digits.js';

/** Most bytes one line of the fast path takes: `=`, 16 timestamp digits, `// `, `-`, 11 of a value, `\n`. */
const LINE_MAX = 33;
/** Room a line needs: the digit writers may store a few bytes past their text. */
const LINE_ROOM = LINE_MAX + OVERRUN;
/** Values of the fast path are int32 (|v| < 2^31): digits by int32 arithmetic. */
const INT32 = 2147483648;
/** Timestamps of the fast path have at most 16 digits: 8 high digits (shared by consecutive points) and 8 low. */
const TS_LIMIT = 1e16;
const EQUALS = 61;
const SLASH = 47;
const SPACE = 32;
const MINUS = 45;
const NEWLINE = 10;

/**
 * The continuation lines of the text format, `=TS// VALUE\n`, for the usual points — LONG, or DECIMAL with
 * scale 1 to 9, value an int32, no location or elevation, 0 ≤ ts < 10^16 — each written in one step into the
 * sink's buffer. It prints the same bytes as the part writers (writeTextTick, writeValueText), which remain the
 * reference and handle every other point. Why a fused writer: a read's first queries run before V8 has
 * optimised the output code, and there the part writers' ~15 calls per point cost about a microsecond a point;
 * one loop with few helpers costs far less cold, and less warm. Digits go four at a time (digit-groups.ts):
 * a 2-decimal value and a 16-digit timestamp whose high half is remembered cost four table stores.
 */
export class TextLineWriter {
  private readonly timestamps = new SafeIntDigits();

  /**
   * Writes the lines of points [from, to) of `c` while they take the fast path; returns the index of the first
   * point that does not (`to` when all did), for the caller to print through the part writers.
   */
  continuations(out: ByteSink, c: PointColumns, from: number, to: number): number {
    const ts = c.ts;
    const kind = c.kind;
    const num = c.num;
    const scale = c.scale;
    const timestamps = this.timestamps;
    let i = from;
    for (; i < to; i++) {
      const k = kind[i];
      const t = ts[i];
      const v = num[i];
      const s = k === KIND_DECIMAL ? scale[i] : 0;
      if (!(t >= 0 && t < TS_LIMIT && v < INT32 && v > -INT32 && (k === KIND_LONG || (k === KIND_DECIMAL && s > 0 && s <= 9)))) break;
      if (out.pos + LINE_ROOM > out.buf.length) out.ensure(LINE_ROOM);
      const buf = out.buf;
      const view = out.view;
      let pos = out.pos;
      buf[pos++] = EQUALS;
      pos = timestamps.put(view, pos, t);
      buf[pos++] = SLASH;
      buf[pos++] = SLASH;
      buf[pos++] = SPACE;
      let u = v | 0;
      if (u < 0) {
        buf[pos++] = MINUS;
        u = -u;
      }
      pos = s === 0 ? putDigits(view, pos, u) : putDecimal(view, pos, u, s);
      buf[pos++] = NEWLINE;
      out.pos = pos;
    }
    return i;
  }
}
