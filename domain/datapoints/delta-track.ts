import { ChunkFormatError, type ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';

/** Largest |n| the writer's number fast path takes (its zig-zag form stays an exact double). */
export const FAST_LIMIT = 2 ** 52;
const MIN_LONG = -(2n ** 63n);
const MAX_LONG = 2n ** 63n - 1n;

/** Throws unless `v` is a signed 64-bit long (the chunk format only bounds its varints to that). */
export function checkLong(v: bigint, what: string): void {
  if (v < MIN_LONG || v > MAX_LONG) throw new RangeError(`cannot encode chunk: ${what} ${v} is not a 64-bit long`);
}

// Large values often have small deltas (geo points, nanosecond timestamps): write those as numbers.
function writeBigDelta(w: ByteWriter, d: bigint): void {
  const n = Number(d);
  if (n < FAST_LIMIT && n > -FAST_LIMIT) w.zigzag(n);
  else w.zigzagBig(d);
}

/**
 * Encoder side of a 64-bit integer stream written as zig-zag deltas to the previous value (the first
 * against 0). Works on numbers while both values are safe integers and the delta is < 2^52, on
 * BigInt otherwise; both paths produce the same bytes. The previous value is kept as a number while it is
 * safe (`prevBig` only counts beyond), so that numeric writers (`writeSafe`) never make a BigInt.
 */
export class DeltaEncoder {
  private prevBig = 0n;
  private prevN = 0;
  private prevSafe = true;

  /** Starts a new stream (the previous value is 0 again). */
  reset(): void {
    this.prevBig = 0n;
    this.prevN = 0;
    this.prevSafe = true;
  }

  /** Writes `cur` like `write` unless it equals the previous value; true when it did (nothing written). */
  writeUnlessSame(w: ByteWriter, cur: bigint, what: string): boolean {
    const n = Number(cur);
    if (this.prevSafe) {
      // A BigInt beyond the safe range never converts to a safe number: equal numbers mean equal values.
      if (n === this.prevN) return true;
      const d = n - this.prevN;
      if (n <= Number.MAX_SAFE_INTEGER && n >= -Number.MAX_SAFE_INTEGER && d < FAST_LIMIT && d > -FAST_LIMIT) {
        w.zigzag(d);
        this.prevBig = cur;
        this.prevN = n;
        return false;
      }
    } else if (cur === this.prevBig) return true;
    this.write(w, cur, what);
    return false;
  }

  /** `same` of a safe integer. */
  sameSafe(n: number): boolean {
    return this.prevSafe && n === this.prevN;
  }

  /** Writes `cur` as a delta and makes it the previous value. */
  write(w: ByteWriter, cur: bigint, what: string): void {
    const n = Number(cur);
    const safe = n <= Number.MAX_SAFE_INTEGER && n >= -Number.MAX_SAFE_INTEGER;
    const d = n - this.prevN;
    if (safe && this.prevSafe && d < FAST_LIMIT && d > -FAST_LIMIT) {
      w.zigzag(d);
    } else {
      if (!safe) checkLong(cur, what);
      writeBigDelta(w, cur - this.prevExact());
    }
    this.prevBig = cur;
    this.prevN = n;
    this.prevSafe = safe;
  }

  /** `write` of a safe integer, without a BigInt unless the delta is too large for a number. */
  writeSafe(w: ByteWriter, n: number, what: string): void {
    const d = n - this.prevN;
    if (!(this.prevSafe && d < FAST_LIMIT && d > -FAST_LIMIT)) return this.write(w, BigInt(n), what);
    w.zigzag(d);
    this.prevN = n;
  }

  private prevExact(): bigint {
    return this.prevSafe ? BigInt(this.prevN) : this.prevBig;
  }
}

/** Decoder side of DeltaEncoder. */
export class DeltaDecoder {
  prev = 0n;
  private prevN = 0;
  private prevSafe = true;

  /** Reads one delta and returns the new value. */
  read(r: ByteReader): bigint {
    const d = r.zigzag();
    return d === d ? this.addNumber(d) : this.set(this.prev + r.bigValue);
  }

  /** Adds a delta (|d| < 2^48) and returns the new value. */
  addNumber(d: number): bigint {
    if (this.prevSafe) {
      const s = this.prevN + d;
      if (s <= Number.MAX_SAFE_INTEGER && s >= -Number.MAX_SAFE_INTEGER) {
        this.prevN = s;
        return (this.prev = BigInt(s));
      }
    }
    return this.set(this.prev + BigInt(d));
  }

  /** Makes `v` the previous value (after a checked BigInt computation). */
  set(v: bigint): bigint {
    if (v < MIN_LONG || v > MAX_LONG) throw new ChunkFormatError(`value ${v} is not a 64-bit long`);
    const n = Number(v);
    this.prev = v;
    this.prevN = n;
    this.prevSafe = n <= Number.MAX_SAFE_INTEGER && n >= -Number.MAX_SAFE_INTEGER;
    return v;
  }
}

/**
 * Timestamps: a DeltaEncoder that also remembers the last delta, so a regular series (the usual
 * case: one point every period) costs no timestamp byte at all after its second point.
 */
export class TimestampEncoder {
  // As in DeltaEncoder: prevBig only counts when the previous timestamp is not a safe integer.
  private prevBig = 0n;
  private prevN = 0;
  private prevSafe = true;
  private lastDeltaN = 0;
  private lastDeltaB = 0n;
  private lastIsBig = false;

  /** Starts a new stream (previous timestamp and last delta 0 again). */
  reset(): void {
    this.prevBig = 0n;
    this.prevN = 0;
    this.prevSafe = true;
    this.lastDeltaN = 0;
    this.lastDeltaB = 0n;
    this.lastIsBig = false;
  }

  /** Writes the delta of `ts` unless it equals the last delta; returns true when nothing was written. */
  write(w: ByteWriter, ts: bigint): boolean {
    const n = Number(ts);
    const safe = n <= Number.MAX_SAFE_INTEGER && n >= -Number.MAX_SAFE_INTEGER;
    const d = n - this.prevN;
    let repeat: boolean;
    if (safe && this.prevSafe && d < FAST_LIMIT && d > -FAST_LIMIT) {
      repeat = this.numberDelta(w, d);
    } else {
      if (!safe) checkLong(ts, 'timestamp');
      const db = ts - (this.prevSafe ? BigInt(this.prevN) : this.prevBig);
      repeat = this.lastIsBig && db === this.lastDeltaB;
      if (!repeat) writeBigDelta(w, db);
      this.lastDeltaB = db;
      this.lastIsBig = true;
    }
    this.prevBig = ts;
    this.prevN = n;
    this.prevSafe = safe;
    return repeat;
  }

  /** `write` of a safe integer timestamp, without a BigInt unless the delta is too large for a number. */
  writeSafe(w: ByteWriter, ts: number): boolean {
    const d = ts - this.prevN;
    if (!(this.prevSafe && d < FAST_LIMIT && d > -FAST_LIMIT)) return this.write(w, BigInt(ts));
    this.prevN = ts;
    return this.numberDelta(w, d);
  }

  /**
   * `writeSafe` of the timestamp `column[i]`: read here rather than passed, as a timestamp passed to a call that
   * is not inlined is boxed (a heap number per encoded point).
   */
  writeSafeAt(w: ByteWriter, column: Float64Array, i: number): boolean {
    return this.writeSafe(w, column[i]);
  }

  private numberDelta(w: ByteWriter, d: number): boolean {
    const repeat = !this.lastIsBig && d === this.lastDeltaN;
    if (!repeat) w.zigzag(d);
    this.lastDeltaN = d;
    this.lastIsBig = false;
    return repeat;
  }
}

/** Decoder side of TimestampEncoder. */
export class TimestampDecoder {
  private readonly values = new DeltaDecoder();
  private lastDeltaN = 0;
  private lastDeltaB = 0n;
  private lastIsBig = false;

  /** Reads a delta (or reuses the last one when `repeat`) and returns the timestamp. */
  read(r: ByteReader, repeat: boolean): bigint {
    if (!repeat) {
      const d = r.zigzag();
      this.lastIsBig = d !== d;
      if (this.lastIsBig) this.lastDeltaB = r.bigValue;
      else this.lastDeltaN = d;
    }
    return this.lastIsBig ? this.values.set(this.values.prev + this.lastDeltaB) : this.values.addNumber(this.lastDeltaN);
  }
}
