import { ValidationError } from '../errors.js';

/**
 * A minimal Thrift COMPACT protocol: the type ids and the reader here, the writer in
 * thrift-compact-writer.ts. Enough for Warp 10's token structs
 * (`io_warp10_quasar_token_thrift_data.thrift`, reference §2.1) and for skipping anything else.
 *
 * Wire rules (Thrift compact protocol spec):
 * - integers are zig-zag encoded ULEB128 varints (i16/i32 up to 5 bytes, i64 up to 10);
 * - a field header is one byte `(delta << 4) | type` when the id grows by 1..15 over the previous
 *   field of the same struct, otherwise the byte `type` followed by the id as a zig-zag varint;
 * - a boolean field carries its value in the header type (1 = true, 2 = false), no payload;
 * - binary/string = varint length + bytes; list/set header = `(size << 4) | elemType` when
 *   size < 15, else `0xF0 | elemType` + varint size; map = varint size, then (when size > 0)
 *   one byte `(keyType << 4) | valueType`; a struct ends with the stop byte 0x00.
 */
export const CompactType = {
  STOP: 0,
  BOOLEAN_TRUE: 1,
  BOOLEAN_FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
  UUID: 13,
} as const;

const utf8Decoder = new TextDecoder('utf-8');
const MAX_SKIP_DEPTH = 64;

function malformed(reason: string): ValidationError {
  return new ValidationError(`cannot read Thrift compact data: ${reason}`);
}

/**
 * Reads one struct field by field: call `readFieldBegin()` until it returns `CompactType.STOP`;
 * after each header, `fieldId` holds the id and the caller either reads the value with the
 * matching method or calls `skip(type)`. Malformed input (truncation, oversized lengths, bad
 * types, over-long varints, nesting deeper than 64) throws a ValidationError.
 */
export class CompactReader {
  /** Id of the field whose header was read last. */
  fieldId = 0;
  private lastFieldId = 0;
  private pos: number;

  constructor(
    private readonly buf: Uint8Array,
    offset = 0,
    private readonly end = buf.length,
  ) {
    this.pos = offset;
  }

  /** Reads a field header; returns its compact type (STOP at the end of the struct). */
  readFieldBegin(): number {
    const b = this.byte();
    const type = b & 0x0f;
    if (type === CompactType.STOP) return CompactType.STOP;
    if (type > CompactType.UUID) throw malformed(`unknown field type ${type}`);
    const delta = b >>> 4;
    this.fieldId = delta === 0 ? this.zigzag32(this.varint32()) : this.lastFieldId + delta;
    this.lastFieldId = this.fieldId;
    return type;
  }

  /** The value of a bool field whose header type was `type`. */
  static boolOf(type: number): boolean {
    return type === CompactType.BOOLEAN_TRUE;
  }

  readI32(): number {
    return this.zigzag32(this.varint32());
  }

  readI64(): bigint {
    const u = this.varint64();
    return BigInt.asIntN(64, (u >> 1n) ^ -(u & 1n));
  }

  readBinary(): Uint8Array {
    const len = this.varint32();
    if (len > this.end - this.pos) throw malformed(`binary of ${len} bytes past the end`);
    const out = this.buf.slice(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  readString(): string {
    return utf8Decoder.decode(this.readBinary());
  }

  /** Reads a list/set header: [elemType, size]. */
  readListHeader(): [number, number] {
    const b = this.byte();
    const size = b >>> 4 === 15 ? this.varint32() : b >>> 4;
    return [this.elemType(b & 0x0f), this.checkSize(size)];
  }

  /** Reads a map header: [keyType, valueType, size]; types are 0 for an empty map. */
  readMapHeader(): [number, number, number] {
    const size = this.checkSize(this.varint32());
    if (size === 0) return [0, 0, 0];
    const b = this.byte();
    return [this.elemType(b >>> 4), this.elemType(b & 0x0f), size];
  }

  /** Skips one value of compact type `type` (a field type or a collection element type). */
  skip(type: number, depth = 0): void {
    if (depth > MAX_SKIP_DEPTH) throw malformed('nesting too deep');
    switch (type) {
      case CompactType.BOOLEAN_TRUE:
      case CompactType.BOOLEAN_FALSE:
        // A bool field has no payload; a bool collection element is one byte (see skipElement).
        return;
      case CompactType.BYTE:
        this.advance(1);
        return;
      case CompactType.I16:
      case CompactType.I32:
        this.varint32();
        return;
      case CompactType.I64:
        this.varint64();
        return;
      case CompactType.DOUBLE:
        this.advance(8);
        return;
      case CompactType.UUID:
        this.advance(16);
        return;
      case CompactType.BINARY:
        this.advance(this.varint32());
        return;
      case CompactType.LIST:
      case CompactType.SET: {
        const [elem, size] = this.readListHeader();
        for (let i = 0; i < size; i++) this.skipElement(elem, depth + 1);
        return;
      }
      case CompactType.MAP: {
        const [k, v, size] = this.readMapHeader();
        for (let i = 0; i < size; i++) {
          this.skipElement(k, depth + 1);
          this.skipElement(v, depth + 1);
        }
        return;
      }
      case CompactType.STRUCT: {
        const saved = this.lastFieldId;
        this.lastFieldId = 0;
        for (let t = this.readFieldBegin(); t !== CompactType.STOP; t = this.readFieldBegin()) this.skip(t, depth + 1);
        this.lastFieldId = saved;
        return;
      }
      default:
        throw malformed(`cannot skip type ${type}`);
    }
  }

  /** Position just after the last byte read. */
  get offset(): number {
    return this.pos;
  }

  private skipElement(type: number, depth: number): void {
    if (type === CompactType.BOOLEAN_TRUE || type === CompactType.BOOLEAN_FALSE) this.advance(1);
    else this.skip(type, depth);
  }

  private elemType(t: number): number {
    if (t === CompactType.STOP || t > CompactType.UUID) throw malformed(`unknown element type ${t}`);
    return t;
  }

  /** Every element takes at least one byte, so a size above the bytes left is corrupt. */
  private checkSize(size: number): number {
    if (size > this.end - this.pos) throw malformed(`collection of ${size} elements past the end`);
    return size;
  }

  private advance(n: number): void {
    if (n > this.end - this.pos) throw malformed('truncated value');
    this.pos += n;
  }

  private byte(): number {
    if (this.pos >= this.end) throw malformed('truncated data');
    return this.buf[this.pos++];
  }

  private zigzag32(u: number): number {
    return (u >>> 1) ^ -(u & 1);
  }

  private varint32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (result > 0xffffffff) throw malformed('varint over 32 bits');
        return result >>> 0;
      }
    }
    throw malformed('varint over 5 bytes');
  }

  private varint64(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) {
        if (result > 0xffffffffffffffffn) throw malformed('varint over 64 bits');
        return result;
      }
    }
    throw malformed('varint over 10 bytes');
  }
}
