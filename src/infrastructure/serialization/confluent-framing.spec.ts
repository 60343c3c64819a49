import { CodecError } from './codec-error.js';
import { HEADER_LENGTH, readFrame, writeHeader } from './confluent-framing.js';

describe('Confluent framing', () => {
  it.each([
    [0, '0000000000'],
    [1, '0000000001'],
    [256, '0000000100'],
    [0x01020304, '0001020304'],
    [0x7fffffff, '007fffffff'],
  ])('writes schema id %i as magic byte 0 then 4 big-endian bytes', (id, hex) => {
    const target = new Uint8Array(HEADER_LENGTH);

    writeHeader(target, id);

    expect(Buffer.from(target).toString('hex')).toBe(hex);
    expect(readFrame(target).schemaId).toBe(id);
  });

  it('returns the body after the header as a view of the input', () => {
    const bytes = new Uint8Array([0, 0, 0, 0, 7, 10, 20, 30]);

    const frame = readFrame(bytes);

    expect(frame.schemaId).toBe(7);
    expect([...frame.body]).toEqual([10, 20, 30]);
    expect(frame.body.buffer).toBe(bytes.buffer);
  });

  it('reads a header with no body as an empty body', () => {
    expect(readFrame(new Uint8Array([0, 0, 0, 0, 1])).body).toHaveLength(0);
  });

  it.each([
    ['empty', [], /0 bytes, shorter than the 5-byte Confluent header/],
    ['4 bytes', [0, 0, 0, 1], /4 bytes, shorter than the 5-byte Confluent header/],
    ['magic byte 1', [1, 0, 0, 0, 1, 2], /magic byte is 1, expected 0/],
    ['JSON text', [...Buffer.from('{"a":1}')], /magic byte is 123, expected 0/],
  ])('rejects a record that is not Confluent-framed (%s)', (_label, bytes, message) => {
    expect(() => readFrame(new Uint8Array(bytes))).toThrow(CodecError);
    expect(() => readFrame(new Uint8Array(bytes))).toThrow(message);
  });

  it.each([-1, 2 ** 31, 1.5, Number.NaN])('refuses to write schema id %p', (id) => {
    expect(() => writeHeader(new Uint8Array(HEADER_LENGTH), id)).toThrow(/cannot write schema id/);
  });
});
