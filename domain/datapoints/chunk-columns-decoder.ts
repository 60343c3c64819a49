import { ByteReader, ChunkFormatError } from './byte-reader.js';
import { badFlag, pointOf, readInteger } from './chunk-read.js';
import { KIND_DECIMAL, KIND_DOUBLE, KIND_FALSE, KIND_LONG, KIND_TRUE, PointColumns } from './point-columns.js';
import type { Value } from './value.js';

// The chunk layout is documented in chunk-codec.ts; these constants mirror its own.
const CHUNK_VERSION = 1;
const GEO_FOLLOWS = 0x80;
const TS_REPEAT = 0x40;
const TYPE_SHIFT = 3;
const TYPE_FALSE = 0;
const TYPE_TRUE = 1;
const TYPE_LONG = 2;
const TYPE_DOUBLE = 3;
const TYPE_DECIMAL = 4;
const TYPE_STRING = 5;
const TYPE_BINARY = 6;
const SAME = 1;
const DOUBLE_INT = 2;
const DECIMAL_SCALE = 1;
const DECIMAL_SAME = 2;
const GEO = 0x01;
const GEO_SAME = 0x02;
const ELEV = 0x04;
const ELEV_SAME = 0x08;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MIN_LONG = -(2n ** 63n);
const MAX_LONG = 2n ** 63n - 1n;

/**
 * A 64-bit integer stream of zig-zag deltas (chunk-codec.ts), tracked as a number while it is a safe integer
 * (no allocation) and as a BigInt beyond. `n` is the value when `big` is undefined.
 */
class Track {
  n = 0;
  big: bigint | undefined = undefined;

  /** Adds the delta `d` (a number from ByteReader.zigzag, or NaN: then the delta is `big`). */
  add(d: number, big: bigint): void {
    if (d === d && this.big === undefined) {
      const s = this.n + d;
      if (s <= MAX_SAFE && s >= -MAX_SAFE) {
        this.n = s;
        return;
      }
    }
    this.set((this.big ?? BigInt(this.n)) + (d === d ? BigInt(d) : big));
  }

  get exact(): bigint {
    return this.big ?? BigInt(this.n);
  }

  private set(v: bigint): void {
    if (v < MIN_LONG || v > MAX_LONG) throw new ChunkFormatError(`value ${v} is not a 64-bit long`);
    const n = Number(v);
    if (n <= MAX_SAFE && n >= -MAX_SAFE) {
      this.n = n;
      this.big = undefined;
    } else {
      this.big = v;
    }
  }
}

/**
 * Decodes a chunk made by encodeChunk and appends its points, in their encoded order, to `out` (see
 * PointColumns: numeric points cost no allocation; STRING, BINARY, geo/elevation and numbers beyond 2^53
 * are kept as Datapoints). Returns the number of points appended. Throws ChunkFormatError on anything
 * malformed, exactly where decodeChunk does (`out` then holds the points before the bad one).
 */
export function decodeChunkInto(bytes: Uint8Array, out: PointColumns): number {
  const before = out.length;
  decodeNewestInto(bytes, out, -Infinity);
  return out.length - before;
}

/**
 * decodeChunkInto for a chunk whose points are newest first (a store block), stopping before the first point
 * older than `oldest`: a read whose range begins inside the block does not decode the rest (whose bytes are
 * then not checked). Returns true when it decoded the whole chunk, false when it stopped there.
 */
export function decodeNewestInto(bytes: Uint8Array, out: PointColumns, oldest: number): boolean {
  const r = new ByteReader(bytes);
  const version = r.byte();
  if (version !== CHUNK_VERSION) throw new ChunkFormatError(`unknown version ${version}`);
  const ts = new Track();
  let tsDelta = 0;
  let tsDeltaBig = 0n;
  const long = new Track();
  const unscaled = new Track();
  const geo = new Track();
  const elev = new Track();
  let scale = 0;
  let prevDouble = 0;
  let hasDouble = false;
  let prevString: Value | undefined;
  const buf = bytes;
  const end = bytes.length;
  while (r.pos < end) {
    const flag = buf[r.pos++];
    let g = 0;
    if (flag & GEO_FOLLOWS) {
      g = r.byte();
      if (g & 0xf0 || (g & (GEO | ELEV)) === 0 || (g & (GEO | GEO_SAME)) === GEO_SAME || (g & (ELEV | ELEV_SAME)) === ELEV_SAME) {
        throw new ChunkFormatError(`bad geo/elevation flags ${g} at byte ${r.pos - 1}`);
      }
      if (g & GEO && !(g & GEO_SAME)) geo.add(r.zigzag(), r.bigValue);
      if (g & ELEV && !(g & ELEV_SAME)) elev.add(r.zigzag(), r.bigValue);
    }
    if (!(flag & TS_REPEAT)) {
      tsDelta = r.zigzag();
      tsDeltaBig = r.bigValue;
    }
    ts.add(tsDelta, tsDeltaBig);
    if (ts.n < oldest && ts.big === undefined) return false;
    const sub = flag & 7;
    let kind: number;
    let num = 0;
    let object: Value | undefined;
    switch ((flag >> TYPE_SHIFT) & 7) {
      case TYPE_FALSE:
      case TYPE_TRUE:
        if (sub !== 0) throw badFlag(flag, r);
        kind = flag & (TYPE_TRUE << TYPE_SHIFT) ? KIND_TRUE : KIND_FALSE;
        break;
      case TYPE_LONG:
        if (sub === 0) long.add(r.zigzag(), r.bigValue);
        else if (sub !== SAME) throw badFlag(flag, r);
        kind = KIND_LONG;
        if (long.big === undefined) num = long.n;
        else object = { type: 'LONG', value: long.big };
        break;
      case TYPE_DOUBLE:
        if (sub === SAME && hasDouble) num = prevDouble;
        else if (sub === 0) num = r.float64();
        else if (sub === DOUBLE_INT) num = readInteger(r);
        else throw badFlag(flag, r);
        prevDouble = num;
        hasDouble = true;
        kind = KIND_DOUBLE;
        break;
      case TYPE_DECIMAL:
        if (sub > 3) throw badFlag(flag, r);
        if (sub & DECIMAL_SCALE) scale = readInteger(r);
        if (!(sub & DECIMAL_SAME)) unscaled.add(r.zigzag(), r.bigValue);
        kind = KIND_DECIMAL;
        if (unscaled.big === undefined && (scale | 0) === scale) num = unscaled.n;
        else object = { type: 'DECIMAL', unscaled: unscaled.exact, scale };
        break;
      case TYPE_STRING:
        if (sub === SAME && prevString) object = prevString;
        else if (sub === 0) object = prevString = { type: 'STRING', value: r.string() };
        else throw badFlag(flag, r);
        kind = -1;
        break;
      case TYPE_BINARY:
        if (sub !== 0) throw badFlag(flag, r);
        object = { type: 'BINARY', value: r.bytes() };
        kind = -1;
        break;
      default:
        throw badFlag(flag, r);
    }
    if (object === undefined && g === 0 && ts.big === undefined) {
      out.pushNumeric(ts.n, kind, num, kind === KIND_DECIMAL ? scale : 0);
    } else {
      const value = object ?? numericValue(kind, num, scale);
      out.pushObject(pointOf(ts.exact, g & GEO ? geo.exact : undefined, g & ELEV ? elev.exact : undefined, value));
    }
  }
  return true;
}

/** Decodes a whole chunk into new columns. */
export function decodeChunkColumns(bytes: Uint8Array): PointColumns {
  const out = new PointColumns(bytes.length);
  decodeChunkInto(bytes, out);
  return out;
}

function numericValue(kind: number, num: number, scale: number): Value {
  switch (kind) {
    case KIND_LONG: return { type: 'LONG', value: BigInt(num) };
    case KIND_DOUBLE: return { type: 'DOUBLE', value: num };
    case KIND_DECIMAL: return { type: 'DECIMAL', unscaled: BigInt(num), scale };
    default: return { type: 'BOOLEAN', value: kind === KIND_TRUE };
  }
}
