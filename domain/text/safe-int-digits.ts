import { put8Digits, putDigits } from './digit-groups.js';

/**
 * Writes non-negative safe integers (timestamps, mostly) in decimal, remembering the digits above the last 8
 * of the last one: consecutive timestamps of a series share them (10^8 µs is 100 s), so a 16-digit
 * timestamp usually costs two stores of remembered bytes and the 8 low digits (see digit-groups.ts, whose
 * OVERRUN applies here too).
 */
export class SafeIntDigits {
  private high = -1;
  // The digits of `high`, left-aligned in 8 bytes (at most 8: safe integers are below 10^16), as two words.
  private highWord0 = 0;
  private highWord1 = 0;
  private highLength = 0;
  private readonly scratch = new DataView(new ArrayBuffer(16));

  /** Writes 0 ≤ n ≤ 2^53 - 1 at `pos`; returns the position after it. */
  put(view: DataView, pos: number, n: number): number {
    if (n < 1e8) return putDigits(view, pos, n);
    const high = Math.floor(n / 1e8);
    if (high !== this.high) {
      this.high = high;
      this.highLength = putDigits(this.scratch, 0, high);
      this.highWord0 = this.scratch.getUint32(0, true);
      this.highWord1 = this.scratch.getUint32(4, true);
    }
    view.setUint32(pos, this.highWord0, true);
    view.setUint32(pos + 4, this.highWord1, true);
    return put8Digits(view, pos + this.highLength, n - high * 1e8);
  }
}
