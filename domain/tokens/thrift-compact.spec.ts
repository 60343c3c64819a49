import { ValidationError } from '../errors.js';
import { CompactReader, CompactType } from './thrift-compact.js';
import { CompactWriter } from './thrift-compact-writer.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (...parts: string[]): Uint8Array => new Uint8Array(Buffer.from(parts.join('').replace(/\s+/g, ''), 'hex'));

describe('CompactWriter', () => {
  it('writes a small struct exactly as the compact spec says (golden bytes derived by hand)', () => {
    // Given / When
    const out = new CompactWriter()
      .i64(1, 1n) //              16 02          delta 1, type i64, zigzag(1) = 2
      .i32(3, -1) //              25 01          delta 2, type i32, zigzag(-1) = 1
      .bool(4, true) //           11             delta 1, type BOOLEAN_TRUE, no payload
      .string(5, 'hi') //         18 02 68 69    delta 1, type binary, varint length, bytes
      .listI64(6, [-2n]) //       19 16 03       list header (size 1 << 4 | i64), zigzag(-2) = 3
      .mapStringString(7, new Map([['a', 'b']])) // 1b 01 88 01 61 01 62
      .bool(100, false) //        02 c8 01       delta 93 > 15: long form, zigzag(100) = 200
      .end(); //                  00
    // Then
    expect(hex(out)).toBe('1602' + '2501' + '11' + '18026869' + '191603' + '1b0188' + '0161' + '0162' + '02c801' + '00');
  });

  it.each([
    ['0', 0n, '1600'],
    ['-1', -1n, '1601'],
    ['63', 63n, '167e'],
    ['64', 64n, '168001'],
    ['Long.MAX_VALUE', 0x7fffffffffffffffn, '16feffffffffffffffff01'],
    ['Long.MIN_VALUE', -0x8000000000000000n, '16ffffffffffffffffff01'],
  ])('writes i64 %s as a zig-zag varint', (_name, value, expected) => {
    expect(hex(new CompactWriter().i64(1, value).end())).toBe(expected + '00');
  });

  it.each([
    ['a decreasing id', [5, 2], '5800' + '080400' + '00'],
    ['an equal id', [3, 3], '3800' + '080600' + '00'],
    ['a jump of 16', [1, 17], '1800' + '082200' + '00'],
  ])('uses the long field header for %s', (_name, ids, expected) => {
    const w = new CompactWriter();
    for (const id of ids) w.string(id, '');
    expect(hex(w.end())).toBe(expected);
  });

  it('keeps the short field header for a jump of exactly 15', () => {
    expect(hex(new CompactWriter().string(1, '').string(16, '').end())).toBe('1800' + 'f800' + '00');
  });

  it('uses the long list header from 15 elements on', () => {
    const fourteen = new CompactWriter().listString(1, Array(14).fill('')).end();
    const fifteen = new CompactWriter().listString(1, Array(15).fill('')).end();
    expect(hex(fourteen)).toBe('19e8' + '00'.repeat(14) + '00');
    expect(hex(fifteen)).toBe('19f80f' + '00'.repeat(15) + '00');
  });

  it('writes an empty map as a single zero size byte', () => {
    expect(hex(new CompactWriter().mapStringString(1, new Map()).end())).toBe('1b0000');
  });

  it('encodes strings as UTF-8 with their byte length', () => {
    expect(hex(new CompactWriter().string(1, 'é').end())).toBe('1802c3a900');
  });

  it('rejects a field id outside i16', () => {
    expect(() => new CompactWriter().i64(40000, 0n)).toThrow(RangeError);
  });
});

describe('CompactReader', () => {
  it('reads back every kind of field the writer produces', () => {
    // Given
    const buf = new CompactWriter()
      .i64(1, -123456789012345n)
      .i32(2, -7)
      .bool(3, false)
      .binary(4, new Uint8Array([0, 255]))
      .listI64(5, [0n, 1n, -1n])
      .listString(6, ['x', 'yé'])
      .listBinary(7, [new Uint8Array([9])])
      .mapStringString(8, new Map([['k', 'v'], ['k2', '']]))
      .bool(300, true)
      .end();
    const r = new CompactReader(buf);
    const seen: unknown[] = [];
    // When
    for (let t = r.readFieldBegin(); t !== CompactType.STOP; t = r.readFieldBegin()) {
      if (t === CompactType.I64) seen.push([r.fieldId, r.readI64()]);
      else if (t === CompactType.I32) seen.push([r.fieldId, r.readI32()]);
      else if (t === CompactType.BOOLEAN_TRUE || t === CompactType.BOOLEAN_FALSE) seen.push([r.fieldId, CompactReader.boolOf(t)]);
      else if (t === CompactType.BINARY) seen.push([r.fieldId, [...r.readBinary()]]);
      else if (t === CompactType.LIST) {
        const [elem, size] = r.readListHeader();
        const items: unknown[] = [];
        for (let i = 0; i < size; i++) items.push(elem === CompactType.I64 ? r.readI64() : r.readString());
        seen.push([r.fieldId, items]);
      } else if (t === CompactType.MAP) {
        const [, , size] = r.readMapHeader();
        const entries: string[][] = [];
        for (let i = 0; i < size; i++) entries.push([r.readString(), r.readString()]);
        seen.push([r.fieldId, entries]);
      }
    }
    // Then
    expect(seen).toEqual([
      [1, -123456789012345n],
      [2, -7],
      [3, false],
      [4, [0, 255]],
      [5, [0n, 1n, -1n]],
      [6, ['x', 'yé']],
      [7, ['\t']],
      [8, [['k', 'v'], ['k2', '']]],
      [300, true],
    ]);
    expect(r.offset).toBe(buf.length);
  });

  it('skips fields of every type, including nested structs, sets and bool lists', () => {
    // Given a hand-made struct: unknown fields of each type, then field 20 (i32 = 5).
    const buf = bytes(
      '13 7f', // field 1 byte 0x7f
      '14 03', // field 2 i16 -2
      '15 02', // field 3 i32 1
      '16 04', // field 4 i64 2
      '17 0000000000000040', // field 5 double 2.0 (little-endian)
      '18 03 616263', // field 6 binary "abc"
      '19 11 01', // field 7 list<bool> [true]
      '1a 25 02 04', // field 8 set<i32> {1, 2}
      '1b 02 58 00 00 02 01 61', // field 9 map<i32,binary> {0: "", 1: "a"}
      '1c 11 18 01 61 00', // field 10 struct { 1: true, 2: "a" }
      '1d 00112233445566778899aabbccddeeff', // field 11 uuid
      '1b 00', // field 12 empty map
      '19 f1 0f' + '01'.repeat(15), // field 13 list<bool> of 15, long list header
      '1c 1c 00 00', // field 14 struct { 1: struct {} }
      '05 28 0a', // field 20 i32 5, long field header
      '00',
    );
    const r = new CompactReader(buf);
    let found: number | undefined;
    // When
    for (let t = r.readFieldBegin(); t !== CompactType.STOP; t = r.readFieldBegin()) {
      if (r.fieldId === 20) found = r.readI32();
      else r.skip(t);
    }
    // Then
    expect(found).toBe(5);
    expect(r.offset).toBe(buf.length);
  });

  it('restores the field id base after skipping a nested struct', () => {
    // field 3 struct { field 10 i32 } then a short header delta 1 → field 4
    const buf = bytes('3c a5 02 00 15 04 00');
    const r = new CompactReader(buf);
    r.skip(r.readFieldBegin());
    expect(r.readFieldBegin()).toBe(CompactType.I32);
    expect(r.fieldId).toBe(4);
    expect(r.readI32()).toBe(2);
  });

  it.each([
    ['truncated data', '16'],
    ['a truncated varint', '16 80'],
    ['a varint over 10 bytes', '16 ffffffffffffffffffff01'],
    ['an i64 varint over 64 bits', '16 ffffffffffffffffff7f'],
    ['an i32 varint over 32 bits', '15 ffffffff7f'],
    ['a binary longer than the data', '18 05 6162'],
    ['a list bigger than the data', '19 f8 ffffff0f 00'],
    ['a map bigger than the data', '1b 20 88 00'],
    ['an unknown field type', '1e 00'],
    ['an unknown element type', '19 1e 00'],
    ['a missing stop byte', '15 02'],
  ])('rejects %s', (_name, data) => {
    const r = new CompactReader(bytes(data));
    const readAll = (): void => {
      for (let t = r.readFieldBegin(); t !== CompactType.STOP; t = r.readFieldBegin()) {
        if (t === CompactType.I64) r.readI64();
        else if (t === CompactType.I32) r.readI32();
        else r.skip(t);
      }
    };
    expect(readAll).toThrow(ValidationError);
  });

  it('rejects structs nested deeper than 64 levels', () => {
    const buf = bytes('1c'.repeat(70) + '00'.repeat(71));
    const r = new CompactReader(buf);
    expect(() => r.skip(r.readFieldBegin())).toThrow(ValidationError);
  });
});
