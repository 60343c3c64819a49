import { ValidationError } from '../errors.js';
import { CompactReader, CompactType } from './thrift-compact.js';
import { CompactWriter } from './thrift-compact-writer.js';
import { READ_TOKEN_FIELD as R, type ReadToken, TokenType, WRITE_TOKEN_FIELD as W, type WriteToken } from './token.js';
import { uuidFromBytes, uuidToBytes } from './uuid.js';

/**
 * Token claims <-> Thrift compact bytes of the `WriteToken`/`ReadToken` structs (reference §2.1).
 * Encoding writes fields in id order, as Java's generated code does, so a token minted here has
 * the same bytes as one minted by Warp 10 from the same claims (maps in the same entry order).
 * Decoding follows Java's generated readers: a field whose wire type does not match the IDL is
 * skipped, unknown fields are skipped, a missing required field or an unknown `tokenType`
 * value makes the struct invalid (ValidationError). The token type is returned, not checked:
 * that check and its message belong to the codec.
 */

/** A decoded struct and the `tokenType` it carried (1 = READ, 2 = WRITE). */
export interface DecodedStruct<T> {
  readonly tokenType: number;
  readonly token: T;
}

/** Serializes a write token's claims as a Thrift compact `WriteToken` with tokenType WRITE. */
export function encodeWriteTokenStruct(t: WriteToken, tokenType: number = TokenType.WRITE): Uint8Array {
  const w = new CompactWriter()
    .i64(W.issuanceTimestamp, t.issuance)
    .i64(W.expiryTimestamp, t.expiry)
    .i32(W.tokenType, tokenType)
    .binary(W.producerId, uuidToBytes(t.producer))
    .binary(W.ownerId, uuidToBytes(t.owner))
    .string(W.appName, t.app);
  if (t.indices !== undefined) w.listI64(W.indices, t.indices);
  if (t.labels.size > 0) w.mapStringString(W.labels, t.labels);
  if (t.attributes.size > 0) w.mapStringString(W.attributes, t.attributes);
  return w.end();
}

/** Serializes a read token's claims as a Thrift compact `ReadToken` with tokenType READ. */
export function encodeReadTokenStruct(t: ReadToken, tokenType: number = TokenType.READ): Uint8Array {
  const w = new CompactWriter().i64(R.issuanceTimestamp, t.issuance).i64(R.expiryTimestamp, t.expiry).i32(R.tokenType, tokenType);
  if (t.lookup !== undefined) w.bool(R.lookup, t.lookup);
  if (t.appName !== undefined) w.string(R.appName, t.appName);
  w.listString(R.apps, t.apps)
    .listBinary(R.owners, t.owners.map(uuidToBytes))
    .listBinary(R.producers, t.producers.map(uuidToBytes))
    .binary(R.billedId, uuidToBytes(t.billedId));
  if (t.hooks !== undefined && t.hooks.size > 0) w.mapStringString(R.hooks, t.hooks);
  if (t.attributes.size > 0) w.mapStringString(R.attributes, t.attributes);
  if (t.labels.size > 0) w.mapStringString(R.labels, t.labels);
  if (t.dataviz !== undefined) w.bool(R.dataviz, t.dataviz);
  return w.end();
}

/** Reads a `WriteToken` struct starting at `offset`; throws a ValidationError when it is not one. */
export function decodeWriteTokenStruct(bytes: Uint8Array, offset = 0): DecodedStruct<WriteToken> {
  const r = new CompactReader(bytes, offset);
  let issuance: bigint | undefined;
  let expiry: bigint | undefined;
  let tokenType: number | undefined;
  let producer: string | undefined;
  let owner: string | undefined;
  let app: string | undefined;
  let indices: bigint[] | undefined;
  let labels: Map<string, string> = new Map();
  let attributes: Map<string, string> = new Map();
  for (let type = r.readFieldBegin(); type !== CompactType.STOP; type = r.readFieldBegin()) {
    const id = r.fieldId;
    if (id === W.issuanceTimestamp && type === CompactType.I64) issuance = r.readI64();
    else if (id === W.expiryTimestamp && type === CompactType.I64) expiry = r.readI64();
    else if (id === W.tokenType && type === CompactType.I32) tokenType = r.readI32();
    else if (id === W.producerId && type === CompactType.BINARY) producer = uuidFromBytes(r.readBinary());
    else if (id === W.ownerId && type === CompactType.BINARY) owner = uuidFromBytes(r.readBinary());
    else if (id === W.appName && type === CompactType.BINARY) app = r.readString();
    else if (id === W.indices && type === CompactType.LIST) indices = readI64List(r);
    else if (id === W.labels && type === CompactType.MAP) labels = readStringMap(r);
    else if (id === W.attributes && type === CompactType.MAP) attributes = readStringMap(r);
    else r.skip(type);
  }
  const token: WriteToken = {
    issuance: required(issuance, 'issuanceTimestamp'),
    expiry: required(expiry, 'expiryTimestamp'),
    producer: required(producer, 'producerId'),
    owner: required(owner, 'ownerId'),
    app: required(app, 'appName'),
    labels,
    attributes,
    ...(indices !== undefined ? { indices } : {}),
  };
  return { tokenType: knownTokenType(tokenType), token };
}

/** Reads a `ReadToken` struct starting at `offset`; throws a ValidationError when it is not one. */
export function decodeReadTokenStruct(bytes: Uint8Array, offset = 0): DecodedStruct<ReadToken> {
  const r = new CompactReader(bytes, offset);
  let issuance: bigint | undefined;
  let expiry: bigint | undefined;
  let tokenType: number | undefined;
  let apps: string[] | undefined;
  let owners: string[] | undefined;
  let producers: string[] | undefined;
  let billedId: string | undefined;
  let labels: Map<string, string> = new Map();
  let attributes: Map<string, string> = new Map();
  const optional: { hooks?: Map<string, string>; dataviz?: boolean; appName?: string; lookup?: boolean } = {};
  for (let type = r.readFieldBegin(); type !== CompactType.STOP; type = r.readFieldBegin()) {
    const id = r.fieldId;
    const isBool = type === CompactType.BOOLEAN_TRUE || type === CompactType.BOOLEAN_FALSE;
    if (id === R.issuanceTimestamp && type === CompactType.I64) issuance = r.readI64();
    else if (id === R.expiryTimestamp && type === CompactType.I64) expiry = r.readI64();
    else if (id === R.tokenType && type === CompactType.I32) tokenType = r.readI32();
    else if (id === R.lookup && isBool) optional.lookup = CompactReader.boolOf(type);
    else if (id === R.appName && type === CompactType.BINARY) optional.appName = r.readString();
    else if (id === R.apps && type === CompactType.LIST) apps = readBinaryList(r).map((b) => utf8.decode(b));
    else if (id === R.owners && type === CompactType.LIST) owners = readBinaryList(r).map(uuidFromBytes);
    else if (id === R.producers && type === CompactType.LIST) producers = readBinaryList(r).map(uuidFromBytes);
    else if (id === R.billedId && type === CompactType.BINARY) billedId = uuidFromBytes(r.readBinary());
    else if (id === R.hooks && type === CompactType.MAP) optional.hooks = readStringMap(r);
    else if (id === R.attributes && type === CompactType.MAP) attributes = readStringMap(r);
    else if (id === R.labels && type === CompactType.MAP) labels = readStringMap(r);
    else if (id === R.dataviz && isBool) optional.dataviz = CompactReader.boolOf(type);
    else r.skip(type);
  }
  const token: ReadToken = {
    issuance: required(issuance, 'issuanceTimestamp'),
    expiry: required(expiry, 'expiryTimestamp'),
    apps: required(apps, 'apps'),
    owners: required(owners, 'owners'),
    producers: required(producers, 'producers'),
    billedId: required(billedId, 'billedId'),
    labels,
    attributes,
    ...optional,
  };
  return { tokenType: knownTokenType(tokenType), token };
}

const utf8 = new TextDecoder('utf-8');

function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new ValidationError(`cannot read token struct: required field '${field}' is missing`);
  return value;
}

/** Java maps an unknown enum value to null, which then fails the required-field check. */
function knownTokenType(value: number | undefined): number {
  const t = required(value, 'tokenType');
  if (t !== TokenType.READ && t !== TokenType.WRITE) throw new ValidationError(`cannot read token struct: unknown tokenType ${t}`);
  return t;
}

function readI64List(r: CompactReader): bigint[] {
  const [elem, size] = r.readListHeader();
  if (size > 0 && elem !== CompactType.I64) throw new ValidationError('cannot read token struct: list<i64> expected');
  const out: bigint[] = [];
  for (let i = 0; i < size; i++) out.push(r.readI64());
  return out;
}

function readBinaryList(r: CompactReader): Uint8Array[] {
  const [elem, size] = r.readListHeader();
  if (size > 0 && elem !== CompactType.BINARY) throw new ValidationError('cannot read token struct: list<binary> expected');
  const out: Uint8Array[] = [];
  for (let i = 0; i < size; i++) out.push(r.readBinary());
  return out;
}

function readStringMap(r: CompactReader): Map<string, string> {
  const [k, v, size] = r.readMapHeader();
  if (size > 0 && (k !== CompactType.BINARY || v !== CompactType.BINARY)) {
    throw new ValidationError('cannot read token struct: map<string,string> expected');
  }
  const out = new Map<string, string>();
  for (let i = 0; i < size; i++) {
    const key = r.readString();
    out.set(key, r.readString());
  }
  return out;
}
