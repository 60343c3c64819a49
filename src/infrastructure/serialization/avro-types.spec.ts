import { avroTypeFor } from './avro-types.js';

const LONGS = { type: 'record', name: 'Longs', fields: [{ name: 'a', type: 'long' }, { name: 'b', type: ['null', 'long'] }] };
const MAPS = { type: 'record', name: 'Maps', fields: [{ name: 'm', type: { type: 'map', values: 'string' } }] };

describe('avro types', () => {
  const longs = avroTypeFor(LONGS);
  const maps = avroTypeFor(MAPS);

  it.each([0n, 1n, -1n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n)])(
    'reads and writes long %p as a bigint without losing precision',
    (n) => {
      const decoded = longs.fromBuffer(longs.toBuffer({ a: n, b: n }));

      expect(decoded.a).toBe(n);
      expect(decoded.b).toBe(n);
    },
  );

  it('writes longs as Avro zig-zag varints', () => {
    // -1 -> 1, then union branch 1 (long) -> 02, 2^63-1 -> fe ff ff ff ff ff ff ff ff 01
    expect(longs.toBuffer({ a: -1n, b: 2n ** 63n - 1n }).toString('hex')).toBe('0102feffffffffffffffff01');
  });

  it('reads a null union branch as null', () => {
    expect(longs.fromBuffer(longs.toBuffer({ a: 5n, b: null })).b).toBeNull();
  });

  it.each([[5], [2n ** 63n], [-(2n ** 63n) - 1n], ['5']])('refuses to write %p as a long', (v) => {
    expect(() => longs.toBuffer({ a: v, b: null })).toThrow();
  });

  it('reads maps as Map in wire order, keeping keys such as __proto__', () => {
    const m = new Map([
      ['__proto__', 'a'],
      ['z', 'b'],
      ['constructor', 'c'],
    ]);

    const decoded = maps.fromBuffer(maps.toBuffer({ m }));

    expect(decoded.m).toBeInstanceOf(Map);
    expect([...decoded.m]).toEqual([...m]);
  });

  it('writes a plain object the same way as the Map of its entries', () => {
    const fromObject = maps.toBuffer({ m: { a: '1', b: '2' } });
    const fromMap = maps.toBuffer({
      m: new Map([
        ['a', '1'],
        ['b', '2'],
      ]),
    });

    expect(fromObject.toString('hex')).toBe(fromMap.toString('hex'));
  });

  it('reads maps written in sized blocks (negative block count)', () => {
    // block of -2 entries, 8 bytes, {a: "x", b: "y"}, then the end block
    const bytes = Buffer.from([0x03, 0x10, 0x02, 0x61, 0x02, 0x78, 0x02, 0x62, 0x02, 0x79, 0x00]);

    expect([...maps.fromBuffer(bytes).m]).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ]);
  });

  it('rejects a map block count larger than the bytes left', () => {
    const bytes = Buffer.from([0xfe, 0xff, 0xff, 0xff, 0x0f, 0x02, 0x61]);

    expect(() => maps.fromBuffer(bytes)).toThrow(/invalid map block count/);
  });

  it('rejects values of the wrong type inside a Map', () => {
    expect(() => maps.toBuffer({ m: new Map([['a', 1]]) })).toThrow();
  });

  it('fills a map field missing from the writer with its default, as a Map', () => {
    const v2 = avroTypeFor({ ...MAPS, fields: [...MAPS.fields, { name: 'extra', type: { type: 'map', values: 'string' }, default: { k: 'v' } }] });
    const resolver = v2.createResolver(maps);

    const decoded = v2.fromBuffer(maps.toBuffer({ m: new Map([['a', 'b']]) }), resolver);

    expect([...decoded.m]).toEqual([['a', 'b']]);
    expect(decoded.extra).toEqual(new Map([['k', 'v']]));
  });

  it('creates a type from a frozen schema', () => {
    expect(() => avroTypeFor(Object.freeze({ ...LONGS, fields: Object.freeze(LONGS.fields.map((f) => Object.freeze(f))) }))).not.toThrow();
  });
});
