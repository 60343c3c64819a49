import { OVERRUN } from './digit-groups.js';
import { SafeIntDigits } from './safe-int-digits.js';

const INITIAL = 4 * 1024;
/** Buffers after the first double up to this size (bigger only for a single write that needs more). */
const SEGMENT = 64 * 1024;
const utf8 = new TextEncoder();

const zeroed = (bytes: number): Uint8Array => new Uint8Array(bytes);
/** The view over exactly `buf` (an allocator may hand out a piece of a larger ArrayBuffer). */
const viewOf = (buf: Uint8Array): DataView => new DataView(buf.buffer, buf.byteOffset, buf.byteLength);

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
  /** A view of `buf`, for the writers that store several bytes at once (digit-groups.ts). */
  view: DataView;
  pos = 0;
  private readonly full: Uint8Array[] = [];
  private fullBytes = 0;
  // Remembers the high digits of the last large integer: consecutive timestamps share them.
  private readonly digits = new SafeIntDigits();

  /**
   * @param allocate makes each buffer (default: a zeroed Uint8Array). A caller that overwrites what it hands
   * out anyway may pass one that skips the zeroing (the egress: Node's Buffer.allocUnsafeSlow): a large
   * answer takes a new 64 KiB buffer every few thousand lines.
   */
  constructor(
    capacity = INITIAL,
    private readonly allocate: (bytes: number) => Uint8Array = zeroed,
  ) {
    this.buf = allocate(capacity);
    this.view = viewOf(this.buf);
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
    this.buf = this.allocate(Math.max(n, Math.min(this.buf.length * 2, SEGMENT)));
    this.view = viewOf(this.buf);
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
    this.ensure(17 + OVERRUN); // `-` and 16 digits
    let pos = this.pos;
    if (n < 0) {
      this.buf[pos++] = 45; // '-'
      n = -n;
    }
    this.pos = this.digits.put(this.view, pos, n);
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
