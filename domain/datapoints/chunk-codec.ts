import { ByteReader, ChunkFormatError } from './byte-reader.js';
import { badFlag, pointOf, readInteger } from './chunk-read.js';
import { ByteWriter } from './byte-writer.js';
import type { Datapoint } from './datapoint.js';
import { encodeChunkInto } from './chunk-encoder.js';
import {
  CHUNK_VERSION,
  DECIMAL_SAME,
  DECIMAL_SCALE,
  DOUBLE_INT,
  ELEV,
  ELEV_SAME,
  GEO,
  GEO_FOLLOWS,
  GEO_SAME,
  SAME,
  TS_REPEAT,
  TYPE_BINARY,
  TYPE_DECIMAL,
  TYPE_DOUBLE,
  TYPE_FALSE,
  TYPE_LONG,
  TYPE_SHIFT,
  TYPE_STRING,
  TYPE_TRUE,
} from './chunk-format.js';
import { DeltaDecoder, TimestampDecoder } from './delta-track.js';
import type { Value } from './value.js';

export { ChunkFormatError };
export { CHUNK_VERSION } from './chunk-format.js';
export { encodeChunkInto, encodeColumnsInto } from './chunk-encoder.js';

/**
 * Compact chunk encoding of datapoints, in the spirit of Warp 10's GTSEncoder (reference §3.5) but
 * not byte-compatible with it. Layout: one version byte (CHUNK_VERSION), then per point, in order:
 *
 * - a flag byte: 0x80 = a geo/elev byte follows; 0x40 = the timestamp delta equals the previous
 *   point's delta (no timestamp bytes), else a zig-zag varint delta to the previous timestamp follows
 *   (the first point against 0); bits 5-3 = type (TYPE_*); bits 2-0 = type flags (see below);
 * - the geo/elev byte when flagged: 0x01 geo present, 0x02 geo equals the previous geo, 0x04 elevation
 *   present, 0x08 elevation equals the previous one; otherwise each present one is a zig-zag varint
 *   delta to the previous geo (resp. elevation) of the chunk, starting from 0;
 * - the timestamp bytes, then the value bytes:
 *   LONG: flags 1 = equals the previous LONG, else zig-zag varint delta to it (from 0);
 *   DOUBLE: 0 = 8 bytes little-endian IEEE 754, 1 = equals the previous DOUBLE (Object.is),
 *   2 = integral value (|v| < 2^48, not -0) as a zig-zag varint;
 *   DECIMAL: flag 1 = a zig-zag varint scale follows (else the previous DECIMAL's scale, from 0),
 *   flag 2 = unscaled equals the previous DECIMAL's, else zig-zag varint delta to it (from 0);
 *   STRING: 1 = equals the previous STRING, else varint UTF-8 length + UTF-8; BINARY: varint length +
 *   bytes; BOOLEAN: the type says it all (TYPE_FALSE / TYPE_TRUE).
 *
 * Varints are LEB128 of unbounded size (a full 64-bit delta takes 10 bytes). Timestamps, LONGs, geo and
 * elevation MUST be signed 64-bit longs. A regular series with 2-decimal values moving by less than
 * ±0.64 per step costs 2 bytes per point. Strings with lone surrogates come back with U+FFFD.
 */
const writer = new ByteWriter(4096);
// The shared buffer is dropped after a chunk bigger than this (e.g. a large BINARY value).
const MAX_RETAINED = 1 << 20;

/** Encodes points (any order, kept) into one chunk. Synchronous: one buffer is shared by all calls. */
export function encodeChunk(points: readonly Datapoint[]): Uint8Array {
  const w = writer;
  w.reset();
  encodeChunkInto(points, w);
  const out = w.result();
  w.shrink(MAX_RETAINED);
  return out;
}

const TRUE: Value = Object.freeze({ type: 'BOOLEAN', value: true });
const FALSE: Value = Object.freeze({ type: 'BOOLEAN', value: false });

/**
 * Decodes a chunk made by encodeChunk, points in their encoded order. Values may be shared between
 * points (e.g. repeated LONGs); they are readonly. BINARY values are copies, never views of `bytes`.
 * Throws ChunkFormatError on anything malformed.
 */
export function decodeChunk(bytes: Uint8Array): Datapoint[] {
  const r = new ByteReader(bytes);
  const version = r.byte();
  if (version !== CHUNK_VERSION) throw new ChunkFormatError(`unknown version ${version}`);
  const out: Datapoint[] = [];
  const ts = new TimestampDecoder();
  const geo = new DeltaDecoder();
  const elev = new DeltaDecoder();
  const long = new DeltaDecoder();
  const unscaled = new DeltaDecoder();
  let scale = 0;
  let prevLong: Value | undefined;
  let prevDouble: Value | undefined;
  let prevDecimal: Value | undefined;
  let prevString: Value | undefined;
  while (!r.done) {
    const flag = r.byte();
    let g = 0;
    let pGeo: bigint | undefined;
    let pElev: bigint | undefined;
    if (flag & GEO_FOLLOWS) {
      g = r.byte();
      if (g & 0xf0 || (g & (GEO | ELEV)) === 0 || (g & (GEO | GEO_SAME)) === GEO_SAME || (g & (ELEV | ELEV_SAME)) === ELEV_SAME) {
        throw new ChunkFormatError(`bad geo/elevation flags ${g} at byte ${r.pos - 1}`);
      }
      if (g & GEO) pGeo = g & GEO_SAME ? geo.prev : geo.read(r);
      if (g & ELEV) pElev = g & ELEV_SAME ? elev.prev : elev.read(r);
    }
    const t = ts.read(r, (flag & TS_REPEAT) !== 0);
    const sub = flag & 7;
    let value: Value;
    switch ((flag >> TYPE_SHIFT) & 7) {
      case TYPE_FALSE:
      case TYPE_TRUE:
        if (sub !== 0) throw badFlag(flag, r);
        value = flag & (TYPE_TRUE << TYPE_SHIFT) ? TRUE : FALSE;
        break;
      case TYPE_LONG:
        if (sub === SAME) value = prevLong ??= { type: 'LONG', value: long.prev };
        else if (sub === 0) value = prevLong = { type: 'LONG', value: long.read(r) };
        else throw badFlag(flag, r);
        break;
      case TYPE_DOUBLE:
        if (sub === SAME && prevDouble) value = prevDouble;
        else if (sub === 0) value = prevDouble = { type: 'DOUBLE', value: r.float64() };
        else if (sub === DOUBLE_INT) value = prevDouble = { type: 'DOUBLE', value: readInteger(r) };
        else throw badFlag(flag, r);
        break;
      case TYPE_DECIMAL:
        if (sub > 3) throw badFlag(flag, r);
        if (sub & DECIMAL_SCALE) scale = readInteger(r);
        if (sub & DECIMAL_SAME && prevDecimal && sub === DECIMAL_SAME) value = prevDecimal;
        else value = prevDecimal = { type: 'DECIMAL', unscaled: sub & DECIMAL_SAME ? unscaled.prev : unscaled.read(r), scale };
        break;
      case TYPE_STRING:
        if (sub === SAME && prevString) value = prevString;
        else if (sub === 0) value = prevString = { type: 'STRING', value: r.string() };
        else throw badFlag(flag, r);
        break;
      case TYPE_BINARY:
        if (sub !== 0) throw badFlag(flag, r);
        value = { type: 'BINARY', value: r.bytes() };
        break;
      default:
        throw badFlag(flag, r);
    }
    out.push(g === 0 ? { ts: t, value } : pointOf(t, pGeo, pElev, value));
  }
  return out;
}
