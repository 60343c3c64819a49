const INITIAL = 4 * 1024;
/** Buffers after the first double up to this size (bigger only for a single write that needs more). */
const SEGMENT = 64 * 1024;
const utf8 = new TextEncoder();

/** "00" … "99": the two ASCII digits of each number below 100, so integers print two digits per step. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 48 + Math.floor(i / 10);
  PAIRS[2 * i + 1] = 48 + (i % 10);
}

/**
 * Output text written straight into bytes: what a response of thousands of lines is built in. Building it as
 * JavaScript strings costs a rope of small strings that is flattened, then encoded as UTF-8, when the socket
 * takes it; numbers (timestamps, values) are also printed here without an intermediate string.
 * Bytes go into `buf` at `pos`; when it is full the sink keeps it as a finished segment and goes on in a new
 * one (never copying what was written), so a small answer costs one small buffer and a large one a list of
 * 64 KiB segments. `take()` hands the segments written so far over to the caller.
 */
export class ByteSink {
  buf: Uint8Array;
  pos = 0;
  private readonly full: Uint8Array[] = [];
  private fullBytes = 0;
  // The digits above the last 8 of the last large integer: consecutive timestamps share them.
  private high = -1;
  private readonly highDigits = new Uint8Array(8);
  private highLength = 0;

  constructor(capacity = INITIAL) {
    this.buf = new Uint8Array(capacity);
  }

  /** Bytes written and not taken yet. */
  get size(): number {
    return this.fullBytes + this.pos;
  }

  /** Makes room for `n` more contiguous bytes in `buf` at `pos`. */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.next(n);
  }

  private next(n: number): void {
    if (this.pos > 0) {
      this.full.push(this.buf.subarray(0, this.pos));
      this.fullBytes += this.pos;
    }
    this.buf = new Uint8Array(Math.max(n, Math.min(this.buf.length * 2, SEGMENT)));
    this.pos = 0;
  }

  byte(b: number): void {
    if (this.pos === this.buf.length) this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** Bytes as they are (e.g. a series header encoded once). */
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A string, UTF-8 encoded (one byte per character when it is ASCII, the usual case). */
  text(s: string): void {
    const n = s.length;
    this.ensure(n);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = pos;
        this.utf8(s.slice(i));
        return;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
  }

  /** A safe integer in decimal (|n| ≤ 2^53 - 1), e.g. a timestamp. */
  int(n: number): void {
    this.ensure(17);
    const buf = this.buf;
    let pos = this.pos;
    if (n < 0) {
      buf[pos++] = 45; // '-'
      n = -n;
    }
    if (n < 1e8) {
      pos = writeBelow1e8(buf, pos, n);
    } else {
      // Safe integers are below 1e16: at most 8 digits above the last 8.
      const high = Math.floor(n / 1e8);
      if (high !== this.high) {
        this.high = high;
        this.highLength = writeBelow1e8(this.highDigits, 0, high);
      }
      for (let i = 0; i < this.highLength; i++) buf[pos++] = this.highDigits[i];
      pos = write8Digits(buf, pos, (n - high * 1e8) | 0);
    }
    this.pos = pos;
  }

  /** The bytes written since the last take, in order; the sink goes on in new buffers, so the caller may keep them. */
  take(): Uint8Array[] {
    if (this.pos > 0) this.next(0);
    const out = this.full.splice(0);
    this.fullBytes = 0;
    return out;
  }

  private utf8(s: string): void {
    this.ensure(s.length * 3);
    this.pos += utf8.encodeInto(s, this.buf.subarray(this.pos)).written;
  }
}

/** Writes 0 ≤ n < 1e8 without leading zeros; returns the position after it. */
function writeBelow1e8(buf: Uint8Array, pos: number, n: number): number {
  const end = pos + digitCount(n);
  let p = end;
  while (n >= 100) {
    const q = (n / 100) | 0;
    const r = 2 * (n - q * 100);
    buf[--p] = PAIRS[r + 1];
    buf[--p] = PAIRS[r];
    n = q;
  }
  if (n >= 10) {
    buf[p - 1] = PAIRS[2 * n + 1];
    buf[p - 2] = PAIRS[2 * n];
  } else {
    buf[p - 1] = 48 + n;
  }
  return end;
}

/** Writes 0 ≤ n < 1e8 (an int32) as exactly 8 digits (leading zeros); returns the position after them. */
function write8Digits(buf: Uint8Array, pos: number, n: number): number {
  const upper = (n / 10000) | 0;
  const lower = n - upper * 10000;
  write4Digits(buf, pos, upper);
  write4Digits(buf, pos + 4, lower);
  return pos + 8;
}

function write4Digits(buf: Uint8Array, pos: number, n: number): void {
  const a = (n / 100) | 0;
  const b = 2 * (n - a * 100);
  buf[pos] = PAIRS[2 * a];
  buf[pos + 1] = PAIRS[2 * a + 1];
  buf[pos + 2] = PAIRS[b];
  buf[pos + 3] = PAIRS[b + 1];
}

function digitCount(n: number): number {
  if (n < 10) return 1;
  if (n < 100) return 2;
  if (n < 1000) return 3;
  if (n < 10000) return 4;
  if (n < 100000) return 5;
  if (n < 1000000) return 6;
  if (n < 10000000) return 7;
  return 8;
}
