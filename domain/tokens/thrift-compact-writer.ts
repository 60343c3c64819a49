import { CompactType } from './thrift-compact.js';

const utf8Encoder = new TextEncoder();

/**
 * Writes the fields of ONE struct, in the order the caller gives them (callers MUST write fields
 * in increasing id order to get the short headers Java's generated code emits), then `end()`.
 */
export class CompactWriter {
  private buf = new Uint8Array(128);
  private pos = 0;
  private lastFieldId = 0;

  /** i64 field. */
  i64(id: number, value: bigint): this {
    this.fieldHeader(id, CompactType.I64);
    this.varint64(BigInt.asUintN(64, (value << 1n) ^ (value >> 63n)));
    return this;
  }

  /** i32 field (also how Thrift enums travel). */
  i32(id: number, value: number): this {
    this.fieldHeader(id, CompactType.I32);
    this.varint32(((value << 1) ^ (value >> 31)) >>> 0);
    return this;
  }

  /** bool field: the value is the header type itself. */
  bool(id: number, value: boolean): this {
    this.fieldHeader(id, value ? CompactType.BOOLEAN_TRUE : CompactType.BOOLEAN_FALSE);
    return this;
  }

  binary(id: number, bytes: Uint8Array): this {
    this.fieldHeader(id, CompactType.BINARY);
    this.bytes(bytes);
    return this;
  }

  string(id: number, text: string): this {
    return this.binary(id, utf8Encoder.encode(text));
  }

  listI64(id: number, values: readonly bigint[]): this {
    this.fieldHeader(id, CompactType.LIST);
    this.collectionHeader(values.length, CompactType.I64);
    for (const v of values) this.varint64(BigInt.asUintN(64, (v << 1n) ^ (v >> 63n)));
    return this;
  }

  listString(id: number, values: readonly string[]): this {
    return this.listBinary(id, values.map((v) => utf8Encoder.encode(v)));
  }

  listBinary(id: number, values: readonly Uint8Array[]): this {
    this.fieldHeader(id, CompactType.LIST);
    this.collectionHeader(values.length, CompactType.BINARY);
    for (const v of values) this.bytes(v);
    return this;
  }

  /** map<string,string> field, entries in the map's iteration order. */
  mapStringString(id: number, map: ReadonlyMap<string, string>): this {
    this.fieldHeader(id, CompactType.MAP);
    this.varint32(map.size);
    if (map.size > 0) {
      this.byte((CompactType.BINARY << 4) | CompactType.BINARY);
      for (const [k, v] of map) {
        this.bytes(utf8Encoder.encode(k));
        this.bytes(utf8Encoder.encode(v));
      }
    }
    return this;
  }

  /** Writes the stop byte and returns the serialized struct. The writer must not be reused. */
  end(): Uint8Array {
    this.byte(CompactType.STOP);
    return this.buf.slice(0, this.pos);
  }

  private fieldHeader(id: number, type: number): void {
    if (!Number.isInteger(id) || id < -32768 || id > 32767) throw new RangeError(`cannot write Thrift field id ${id}: not an i16`);
    const delta = id - this.lastFieldId;
    if (delta > 0 && delta <= 15) {
      this.byte((delta << 4) | type);
    } else {
      this.byte(type);
      this.varint32(((id << 1) ^ (id >> 31)) >>> 0);
    }
    this.lastFieldId = id;
  }

  private collectionHeader(size: number, elemType: number): void {
    if (size < 15) {
      this.byte((size << 4) | elemType);
    } else {
      this.byte(0xf0 | elemType);
      this.varint32(size);
    }
  }

  private bytes(b: Uint8Array): void {
    this.varint32(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  private varint32(u: number): void {
    this.ensure(5);
    while (u > 0x7f) {
      this.buf[this.pos++] = (u & 0x7f) | 0x80;
      u >>>= 7;
    }
    this.buf[this.pos++] = u;
  }

  private varint64(u: bigint): void {
    this.ensure(10);
    while (u > 0x7fn) {
      this.buf[this.pos++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.buf[this.pos++] = Number(u);
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }
}
