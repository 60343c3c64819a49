import { ValidationError } from '../errors.js';
import { isUuid, normalizeUuid, uuidFromBytes, uuidToBytes } from './uuid.js';

describe('token UUIDs', () => {
  it('turns a UUID into its 16 big-endian bytes and back in lower case', () => {
    const b = uuidToBytes('01234567-89AB-cdef-0123-456789abcdef');
    expect(Buffer.from(b).toString('hex')).toBe('0123456789abcdef0123456789abcdef');
    expect(uuidFromBytes(b)).toBe('01234567-89ab-cdef-0123-456789abcdef');
  });

  it.each(['', '0123456789abcdef0123456789abcdef', '1-1-1-1-1', '01234567-89ab-cdef-0123-456789abcdeg', ' 01234567-89ab-cdef-0123-456789abcdef'])(
    'rejects "%s"',
    (text) => {
      expect(isUuid(text)).toBe(false);
      expect(() => uuidToBytes(text)).toThrow(ValidationError);
    },
  );

  it('rejects byte strings that are not 16 bytes long', () => {
    expect(() => uuidFromBytes(new Uint8Array(15))).toThrow(ValidationError);
  });

  it('normalizes to lower case', () => {
    expect(normalizeUuid('AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE')).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
  });
});
