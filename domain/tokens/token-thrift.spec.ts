import { ValidationError } from '../errors.js';
import { CompactWriter } from './thrift-compact-writer.js';
import { type ReadToken, TokenType, type WriteToken } from './token.js';
import { decodeReadTokenStruct, decodeWriteTokenStruct, encodeReadTokenStruct, encodeWriteTokenStruct } from './token-thrift.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

// Golden bytes: the same claims serialized by Warp 10's own generated Thrift classes
// (io_warp10_quasar_token_thrift_data.thrift compiled with thrift 0.17, libthrift 0.16
// TCompactProtocol), recorded once; see token-codec.spec.ts for how.
const WRITE_THRIFT =
  '1680a0abfef9621680e09ecce5ee0115042810111111112222333344445555555555551810aaaaaaaabbbbccccddddeeeeee' +
  'eeeeee18066d792e6170702b018803656e760470726f641b0188092e6e6f64656c6574650000';
const READ_THRIFT =
  '1680a0abfef9621680e09ecce5ee01150248066d792e6170701928066d792e617070096f746865722e617070191810aaaaaa' +
  'aabbbbccccddddeeeeeeeeeeee19081810111111112222333344445555555555552b0188072e6578706f736504747275651b' +
  '018803656e76077e70726f642e2a01c80100';
const W2_THRIFT = '160016021504281000000000000000000000000000000001181000000000000000000000000000000002180000';
const W3_THRIFT =
  '160916feffffffffffffffff0115041118100000000000000000000000000000000118100000000000000000000000000000' +
  '00011805636166c3a919360203d80400';
const R3_THRIFT =
  '1602160415021249f81002613002613102613202613302613402613502613602613702613802613903613130036131310361' +
  '3132036131330361313403613135190819281000000000000000000000000000000001100000000000000000000000000000' +
  '00021810ffffffffffffffffffffffffffffffff1b01880c505249564154455f484f4f4b034e4f5700';

const P = '11111111-2222-3333-4444-555555555555';
const O = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const U1 = '00000000-0000-0000-0000-000000000001';
const U2 = '00000000-0000-0000-0000-000000000002';

const WRITE_CLAIMS: WriteToken = {
  issuance: 1700000000000n,
  expiry: 4102444800000n,
  producer: P,
  owner: O,
  app: 'my.app',
  labels: new Map([['env', 'prod']]),
  attributes: new Map([['.nodelete', '']]),
};

const READ_CLAIMS: ReadToken = {
  issuance: 1700000000000n,
  expiry: 4102444800000n,
  appName: 'my.app',
  apps: ['my.app', 'other.app'],
  owners: [O],
  producers: [],
  billedId: P,
  labels: new Map([['env', '~prod.*']]),
  attributes: new Map([['.expose', 'true']]),
  dataviz: true,
};

const R3_CLAIMS: ReadToken = {
  issuance: 1n,
  expiry: 2n,
  lookup: false,
  apps: Array.from({ length: 16 }, (_, i) => `a${i}`),
  owners: [],
  producers: [U1, U2],
  billedId: 'ffffffff-ffff-ffff-ffff-ffffffffffff',
  hooks: new Map([['PRIVATE_HOOK', 'NOW']]),
  labels: new Map(),
  attributes: new Map(),
};

describe('token structs against bytes written by Warp 10', () => {
  it('encodes a write token with labels and attributes byte for byte', () => {
    expect(hex(encodeWriteTokenStruct(WRITE_CLAIMS))).toBe(WRITE_THRIFT);
  });

  it('encodes a minimal write token (empty app, no maps) byte for byte', () => {
    const t: WriteToken = { issuance: 0n, expiry: 1n, producer: U1, owner: U2, app: '', labels: new Map(), attributes: new Map() };
    expect(hex(encodeWriteTokenStruct(t))).toBe(W2_THRIFT);
  });

  it('encodes read tokens byte for byte (bool field 100 in long form, 16 apps in a long list header)', () => {
    expect(hex(encodeReadTokenStruct(READ_CLAIMS))).toBe(READ_THRIFT);
    expect(hex(encodeReadTokenStruct(R3_CLAIMS))).toBe(R3_THRIFT);
  });

  it.each([
    ['write', WRITE_THRIFT, WRITE_CLAIMS],
    ['minimal write', W2_THRIFT, { issuance: 0n, expiry: 1n, producer: U1, owner: U2, app: '', labels: new Map(), attributes: new Map() }],
  ])('decodes the %s struct to its claims', (_name, h, claims) => {
    expect(decodeWriteTokenStruct(bytes(h))).toEqual({ tokenType: TokenType.WRITE, token: claims });
  });

  it.each([
    ['read', READ_THRIFT, READ_CLAIMS],
    ['read with hooks and producers', R3_THRIFT, R3_CLAIMS],
  ])('decodes the %s struct to its claims', (_name, h, claims) => {
    expect(decodeReadTokenStruct(bytes(h))).toEqual({ tokenType: TokenType.READ, token: claims });
  });

  it('decodes indices, negative timestamps and UTF-8 app names, skipping the lookup flag', () => {
    expect(decodeWriteTokenStruct(bytes(W3_THRIFT))).toEqual({
      tokenType: TokenType.WRITE,
      token: {
        issuance: -5n,
        expiry: 0x7fffffffffffffffn,
        producer: U1,
        owner: U1,
        app: 'café',
        indices: [1n, -2n, 300n],
        labels: new Map(),
        attributes: new Map(),
      },
    });
  });
});

describe('token struct validation (as Java generated readers do)', () => {
  it('rejects a write struct read as a read token: its required read fields are missing', () => {
    expect(() => decodeReadTokenStruct(bytes(WRITE_THRIFT))).toThrow(ValidationError);
  });

  it('rejects a read struct read as a write token', () => {
    expect(() => decodeWriteTokenStruct(bytes(READ_THRIFT))).toThrow(ValidationError);
  });

  it('returns the token type it finds, leaving the check to the caller', () => {
    expect(decodeWriteTokenStruct(encodeWriteTokenStruct(WRITE_CLAIMS, TokenType.READ)).tokenType).toBe(TokenType.READ);
  });

  it.each([0, 3, -1])('rejects the unknown token type %i', (type) => {
    expect(() => decodeWriteTokenStruct(encodeWriteTokenStruct(WRITE_CLAIMS, type))).toThrow(ValidationError);
  });

  it('skips a field whose wire type differs from the IDL, then misses it if required', () => {
    // appName (7) sent as an i32
    const buf = new CompactWriter().i64(1, 0n).i64(2, 1n).i32(3, 2).binary(5, new Uint8Array(16)).binary(6, new Uint8Array(16)).i32(7, 1).end();
    expect(() => decodeWriteTokenStruct(buf)).toThrow(/appName/);
  });

  it('ignores unknown fields', () => {
    const buf = new CompactWriter()
      .i64(1, 0n)
      .i64(2, 1n)
      .i32(3, 2)
      .binary(5, new Uint8Array(16))
      .binary(6, new Uint8Array(16))
      .string(7, 'x')
      .listString(50, ['ignored'])
      .end();
    expect(decodeWriteTokenStruct(buf).token.app).toBe('x');
  });

  it('rejects a UUID that is not 16 bytes', () => {
    const buf = new CompactWriter().i64(1, 0n).i64(2, 1n).i32(3, 2).binary(5, new Uint8Array(15)).binary(6, new Uint8Array(16)).string(7, '').end();
    expect(() => decodeWriteTokenStruct(buf)).toThrow(ValidationError);
  });

  it('rejects claims whose UUIDs are not UUIDs when encoding', () => {
    expect(() => encodeWriteTokenStruct({ ...WRITE_CLAIMS, owner: 'not-a-uuid' })).toThrow(ValidationError);
  });
});
