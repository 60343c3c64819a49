const INITIAL_BYTES = 4096;
const MAX_RETAINED_BYTES = 1 << 20;
const ZIGZAG_EXACT = 2 ** 52;
const TWO_32 = 2 ** 32;
const EMPTY = Buffer.alloc(0);

/**
 * The Avro binary primitives (https://avro.apache.org/docs/1.11.1/specification/#binary-encoding) that the
 * hand-written record writers need, into one growable buffer: zig-zag varint longs, strings, bytes and
 * string maps. avsc does the same generically, but through an object per record and bigint longs, which
 * made it most of the cost of appending a small record (one per series per /update request).
 * It also has the few fixed-width writes a log frame needs, so that records are encoded straight into the
 * frame that carries them (no buffer and no copy per record).
 */
export class AvroWriter {
  private buf: Buffer;
  /** Next byte to write. */
  pos = 0;

  constructor(initialBytes = INITIAL_BYTES) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Starts a new record at `headerBytes`, leaving room for a header written afterwards. */
  reset(headerBytes: number): void {
    this.pos = headerBytes;
  }

  /** The bytes written since reset (header room included), as a new Buffer. */
  result(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    // Do not pin the scratch grown by a huge record.
    if (this.buf.length > MAX_RETAINED_BYTES) this.buf = Buffer.allocUnsafe(INITIAL_BYTES);
    return out;
  }

  /**
   * The bytes written since the start, as a view of the buffer (no copy); the writer starts afresh with a
   * new buffer, so the view stays the caller's.
   */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = EMPTY;
    this.pos = 0;
    return out;
  }

  /** The buffer written so far, for patching bytes in place (valid until the next write: it may grow). */
  get bytes(): Buffer {
    return this.buf;
  }

  /** Leaves `n` bytes to be written later (through `bytes`). */
  skip(n: number): void {
    this.ensure(n);
    this.pos += n;
  }

  /** The first `n` bytes of `bytes` as they are (no length). */
  raw(bytes: Uint8Array, n = bytes.length): void {
    this.ensure(n);
    const buf = this.buf;
    const pos = this.pos;
    // Short arrays by hand: `set` costs more than it copies.
    if (n <= 32) for (let j = 0; j < n; j++) buf[pos + j] = bytes[j];
    else buf.set(n === bytes.length ? bytes : bytes.subarray(0, n), pos);
    this.pos = pos + n;
  }

  /** An unsigned 32-bit big-endian integer. */
  u32(n: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(n, this.pos);
    this.pos += 4;
  }

  /** A 64-bit big-endian IEEE 754 double. */
  f64(n: number): void {
    this.ensure(8);
    this.buf.writeDoubleBE(n, this.pos);
    this.pos += 8;
  }

  /** A long given as 16 lower-case hex chars of its two's complement (a half of a SeriesId) at text[at]; throws a RangeError on other chars. */
  longFromHex(text: string, at: number): void {
    this.long64(hex32(text, at), hex32(text, at + 8));
  }

  /** A long given as its signed 64 bits in two unsigned 32-bit halves. */
  long64(hi: number, lo: number): void {
    // zig-zag: (n << 1) ^ (n >> 63)
    const mask = hi >>> 31 === 1 ? 0xffffffff : 0;
    let zhi = (((hi << 1) | (lo >>> 31)) ^ mask) >>> 0;
    let zlo = ((lo << 1) ^ mask) >>> 0;
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    while (zhi !== 0 || zlo > 0x7f) {
      buf[pos++] = (zlo & 0x7f) | 0x80;
      zlo = ((zlo >>> 7) | (zhi << 25)) >>> 0;
      zhi >>>= 7;
    }
    buf[pos++] = zlo;
    this.pos = pos;
  }

  /** An int or long that is a safe integer (lengths, counts, enum and union indexes, timestamps in ms). */
  long(n: number): void {
    if (!Number.isSafeInteger(n)) throw new RangeError(`cannot write ${n} as an Avro long: not a safe integer`);
    if (n > ZIGZAG_EXACT || n < -ZIGZAG_EXACT) {
      const hi = Math.floor(n / TWO_32);
      this.long64(hi >>> 0, n - hi * TWO_32);
      return;
    }
    // Exact in double arithmetic while |n| <= 2^52 (the zig-zag form is below 2^53), and 8 varint bytes at most.
    let z = n >= 0 ? n * 2 : -n * 2 - 1;
    this.ensure(8);
    const buf = this.buf;
    let pos = this.pos;
    while (z > 0x7f) {
      buf[pos++] = (z % 0x80) | 0x80;
      z = Math.floor(z / 0x80);
    }
    buf[pos++] = z;
    this.pos = pos;
  }

  /** Avro `bytes` of the first `n` bytes of `bytes`: length, then the bytes. */
  bytesOf(bytes: Uint8Array, n = bytes.length): void {
    this.long(n);
    this.raw(bytes, n);
  }

  /**
   * Avro `string`: UTF-8 length, then UTF-8, byte for byte as avsc 5 writes it: a lone surrogate takes the
   * 3 bytes of its own code unit in a string of at most 64 UTF-8 bytes, and U+FFFD in a longer one.
   */
  string(text: string): void {
    const n = text.length;
    let ascii = true;
    for (let i = 0; ascii && i < n; i++) if (text.charCodeAt(i) > 0x7f) ascii = false;
    const length = ascii ? n : Buffer.byteLength(text, 'utf8');
    this.long(length);
    this.ensure(length);
    const buf = this.buf;
    let pos = this.pos;
    if (ascii) {
      for (let i = 0; i < n; i++) buf[pos + i] = text.charCodeAt(i);
    } else if (length > 64) {
      buf.write(text, pos, length, 'utf8');
    } else {
      for (let i = 0; i < n; i++) {
        let c = text.charCodeAt(i);
        if (c < 0x80) {
          buf[pos++] = c;
        } else if (c < 0x800) {
          buf[pos++] = (c >> 6) | 0xc0;
          buf[pos++] = (c & 0x3f) | 0x80;
        } else if ((c & 0xfc00) === 0xd800 && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
          c = 0x10000 + ((c & 0x03ff) << 10) + (text.charCodeAt(++i) & 0x03ff);
          buf[pos++] = (c >> 18) | 0xf0;
          buf[pos++] = ((c >> 12) & 0x3f) | 0x80;
          buf[pos++] = ((c >> 6) & 0x3f) | 0x80;
          buf[pos++] = (c & 0x3f) | 0x80;
        } else {
          buf[pos++] = (c >> 12) | 0xe0;
          buf[pos++] = ((c >> 6) & 0x3f) | 0x80;
          buf[pos++] = (c & 0x3f) | 0x80;
        }
      }
    }
    this.pos = this.pos + length;
  }

  /** Avro `map<string>` as one block (count, entries), then the end marker; an empty map is one 0 byte. */
  stringMap(map: ReadonlyMap<string, string>): void {
    if (map.size > 0) {
      this.long(map.size);
      for (const [k, v] of map) {
        this.string(k);
        this.string(v);
      }
    }
    this.byte(0);
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2, INITIAL_BYTES));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

// Char code → hex digit value, -1 for anything but 0-9 and a-f.
const NIBBLES = Int8Array.from({ length: 128 }, (_, c) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1));

/** 8 lower-case hex chars at text[at] as an unsigned 32-bit number; throws on anything else. */
function hex32(text: string, at: number): number {
  let v = 0;
  let bad = 0;
  for (let i = at; i < at + 8; i++) {
    const c = text.charCodeAt(i);
    const d = c < 128 ? NIBBLES[c] : -1;
    bad |= d;
    v = (v << 4) | (d & 0xf);
  }
  if (bad < 0) throw new RangeError(`cannot write a long from '${text.slice(at, at + 8)}': expected lower-case hex`);
  return v >>> 0;
}
