/**
 * A growable byte buffer with the primitives of the chunk format (chunk-codec.ts): LEB128 varints
 * (7 bits per byte, low groups first, 0x80 = more follows), zig-zag signed varints of unbounded size,
 * little-endian doubles and UTF-8 strings.
 *
 * Numbers are the fast path: callers pass a `number` when the value is a safe integer with
 * |n| <= 2^52 (so that its zig-zag form 2|n| or 2|n|-1 stays exact), and a `bigint` otherwise.
 * One writer is reused across calls (encodeChunk is synchronous), so steady-state encoding allocates
 * only the returned copy.
 */
export class ByteWriter {
  buf: Uint8Array;
  pos = 0;
  private view: DataView;
  private readonly utf8 = new TextEncoder();

  constructor(initialSize = 1024) {
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
  }

  /** Starts a new output, keeping the buffer already grown. */
  reset(): void {
    this.pos = 0;
  }

  /** Makes room for `n` more bytes (at least doubling, so growth is amortised O(1)). */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Drops a buffer grown past `maxBytes` (after a huge output), so a shared writer does not pin it. */
  shrink(maxBytes: number, initialSize = 1024): void {
    if (this.buf.length <= maxBytes) return;
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
    this.pos = 0;
  }

  /** A copy of the bytes written since reset. */
  result(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** Unsigned varint of a non-negative safe integer. */
  uvarint(n: number): void {
    this.ensure(8);
    const buf = this.buf;
    let pos = this.pos;
    while (n > 0x7fffffff) {
      buf[pos++] = (n % 128) | 0x80;
      n = Math.floor(n / 128);
    }
    while (n > 0x7f) {
      buf[pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[pos++] = n;
    this.pos = pos;
  }

  /** Zig-zag varint of an integer with |n| <= 2^52. */
  zigzag(n: number): void {
    this.uvarint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  /** Zig-zag varint of any integer (unbounded: a 65-bit delta takes 10 bytes). */
  zigzagBig(n: bigint): void {
    let z = n >= 0n ? n << 1n : ((-n) << 1n) - 1n;
    while (z > 0x7fn) {
      this.byte(Number(z & 0x7fn) | 0x80);
      z >>= 7n;
    }
    this.byte(Number(z));
  }

  /** Little-endian IEEE 754 double; NaN is written as the canonical NaN. */
  float64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /** Varint length then the bytes. */
  bytes(b: Uint8Array): void {
    this.uvarint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /**
   * Varint UTF-8 byte length then the UTF-8 bytes. Encodes in place: room is made for the worst case
   * (3 bytes per UTF-16 unit) and the bytes are moved back when the length prefix is shorter than assumed.
   * Lone surrogates become U+FFFD, as with any UTF-8 encoder.
   */
  string(s: string): void {
    const max = s.length * 3;
    const prefix = varintSize(max);
    this.ensure(prefix + max + 8); // + 8: the uvarint below must not need to grow (and move) the buffer
    const start = this.pos + prefix;
    const written = this.utf8.encodeInto(s, this.buf.subarray(start)).written;
    const actual = varintSize(written);
    this.uvarint(written);
    if (actual !== prefix) this.buf.copyWithin(this.pos, start, start + written);
    this.pos += written;
  }
}

/** Bytes taken by the unsigned varint of a non-negative safe integer. */
export function varintSize(n: number): number {
  let size = 1;
  while (n > 0x7f) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}
