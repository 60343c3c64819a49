/** Thrown when bytes are not a well-formed chunk (truncated, unknown version or flags, overlong varint). */
export class ChunkFormatError extends Error {
  constructor(message: string) {
    super(`cannot decode chunk: ${message}`);
    this.name = 'ChunkFormatError';
  }
}

const TWO28 = 268435456;
// Shared: a TextDecoder is costly to create and decoding is synchronous.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the primitives written by ByteWriter. Zig-zag varints come back as a `number` when they fit 53 bits
 * zig-zagged (|n| < 2^52, exact), otherwise `bigValue` is set and the call returns NaN: callers test
 * `n !== n` (cheap) instead of receiving a union per value.
 */
export class ByteReader {
  pos = 0;
  /** The value of the last zig-zag read when it returned NaN. */
  bigValue = 0n;
  // Made on the first float64 read: most chunks hold no 8-byte double, and a DataView per reader cost more than
  // the rest of reading a small chunk (a reader per chunk read, two per log record of the store's path).
  private view: DataView | undefined = undefined;

  constructor(readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  byte(): number {
    if (this.pos >= this.buf.length) throw new ChunkFormatError(`truncated at byte ${this.pos}`);
    return this.buf[this.pos++];
  }

  /** Unsigned varint that must fit a safe integer (lengths, scales). */
  uvarint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.byte();
      result += (b & 0x7f) * mul;
      if (b < 0x80) {
        if (!Number.isSafeInteger(result)) break;
        return result;
      }
      mul *= 128;
    }
    throw new ChunkFormatError(`varint too long at byte ${this.pos}`);
  }

  /** Zig-zag varint: a number, or NaN with the value in `bigValue` (see class doc). */
  zigzag(): number {
    const buf = this.buf;
    let pos = this.pos;
    const end = buf.length;
    // Up to 4 groups (28 bits) with int arithmetic.
    let z = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) throw new ChunkFormatError(`truncated at byte ${pos}`);
      const b = buf[pos++];
      z |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return (z >>> 1) ^ -(z & 1);
      }
    }
    // Groups 5..7 (up to 49 bits) with float arithmetic, still exact.
    let mul = TWO28;
    for (let i = 0; i < 3; i++) {
      if (pos >= end) throw new ChunkFormatError(`truncated at byte ${pos}`);
      const b = buf[pos++];
      z += (b & 0x7f) * mul;
      if (b < 0x80) {
        this.pos = pos;
        return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      }
      mul *= 128;
    }
    // An 8th and last group of at most 4 bits keeps z below 2^53, still exact: the usual end of a chunk's first
    // timestamp (microseconds since 1970 zig-zagged are ~2^51). Anything longer is a BigInt.
    if (pos >= end) throw new ChunkFormatError(`truncated at byte ${pos}`);
    const last = buf[pos];
    if (last > 0x0f) return this.zigzagBigFrom(BigInt(z), pos);
    z += last * mul;
    this.pos = pos + 1;
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  private zigzagBigFrom(low49: bigint, pos: number): number {
    let z = low49;
    let shift = 49n;
    for (;;) {
      if (pos >= this.buf.length) throw new ChunkFormatError(`truncated at byte ${pos}`);
      if (shift > 63n) throw new ChunkFormatError(`varint too long at byte ${pos}`);
      const b = this.buf[pos++];
      z |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7n;
    }
    this.pos = pos;
    this.bigValue = z & 1n ? -(z >> 1n) - 1n : z >> 1n;
    return NaN;
  }

  float64(): number {
    if (this.pos + 8 > this.buf.length) throw new ChunkFormatError(`truncated at byte ${this.pos}`);
    const view = (this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
    const v = view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** Varint length then that many bytes, copied (the result never aliases the input). */
  bytes(): Uint8Array {
    const n = this.uvarint();
    if (this.pos + n > this.buf.length) throw new ChunkFormatError(`truncated at byte ${this.pos}`);
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Varint length then UTF-8 (invalid UTF-8 is an error, not replaced). */
  string(): string {
    const n = this.uvarint();
    const start = this.pos;
    const end = start + n;
    if (end > this.buf.length) throw new ChunkFormatError(`truncated at byte ${start}`);
    this.pos = end;
    return n < 24 ? this.shortString(start, end) : this.decodeUtf8(start, end);
  }

  // TextDecoder has a fixed cost per call that dominates for short ASCII strings.
  private shortString(start: number, end: number): string {
    const buf = this.buf;
    let s = '';
    for (let i = start; i < end; i++) {
      const b = buf[i];
      if (b >= 0x80) return this.decodeUtf8(start, end);
      s += String.fromCharCode(b);
    }
    return s;
  }

  private decodeUtf8(start: number, end: number): string {
    try {
      return UTF8.decode(this.buf.subarray(start, end));
    } catch {
      throw new ChunkFormatError(`invalid UTF-8 at byte ${start}`);
    }
  }
}
