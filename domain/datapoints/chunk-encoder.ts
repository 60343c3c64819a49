import { ByteWriter } from './byte-writer.js';
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
  INT_DOUBLE_LIMIT,
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
import type { Datapoint } from './datapoint.js';
import { DeltaEncoder, TimestampEncoder } from './delta-track.js';
import { KIND_DECIMAL, KIND_DOUBLE, KIND_FALSE, KIND_LONG, KIND_OBJECT, type PointColumns } from './point-columns.js';

/**
 * Writes one chunk (layout: chunk-codec.ts), point after point, into a ByteWriter. A point comes either as a
 * Datapoint or as the numeric fields of PointColumns (no object at all): both write the same bytes for the
 * same point, so a producer holding its points in columns never builds Datapoints to encode them.
 * One encoder serves chunk after chunk (`start`): its state is a dozen objects, which a chunk of one point
 * (a record of W2) would otherwise allocate per point.
 */
export class ChunkEncoder {
  private readonly ts = new TimestampEncoder();
  private readonly geo = new DeltaEncoder();
  private readonly elev = new DeltaEncoder();
  private readonly long = new DeltaEncoder();
  private readonly unscaled = new DeltaEncoder();
  private scale = 0;
  private prevDouble = NaN;
  private hasDouble = false;
  private prevString: string | undefined;
  // Until the first `start`: a writer of its own.
  private w = new ByteWriter(16);

  /** Starts a chunk at the position of `w`: its version byte, and the state of a chunk's first point. */
  start(w: ByteWriter): this {
    this.w = w;
    this.ts.reset();
    this.geo.reset();
    this.elev.reset();
    this.long.reset();
    this.unscaled.reset();
    this.scale = 0;
    this.prevDouble = NaN;
    this.hasDouble = false;
    this.prevString = undefined;
    w.byte(CHUNK_VERSION);
    return this;
  }

  /** Appends a point given as a Datapoint. */
  point(p: Datapoint): void {
    const w = this.w;
    const flagPos = w.pos;
    w.byte(0);
    let flag = 0;
    if (p.geo !== undefined || p.elev !== undefined) {
      flag |= GEO_FOLLOWS;
      const geoPos = w.pos;
      w.byte(0);
      let g = 0;
      if (p.geo !== undefined) {
        g |= GEO;
        if (this.geo.writeUnlessSame(w, p.geo, 'geo')) g |= GEO_SAME;
      }
      if (p.elev !== undefined) {
        g |= ELEV;
        if (this.elev.writeUnlessSame(w, p.elev, 'elevation')) g |= ELEV_SAME;
      }
      w.buf[geoPos] = g;
    }
    if (this.ts.write(w, p.ts)) flag |= TS_REPEAT;
    const v = p.value;
    switch (v.type) {
      case 'BOOLEAN':
        flag |= (v.value ? TYPE_TRUE : TYPE_FALSE) << TYPE_SHIFT;
        break;
      case 'LONG':
        flag |= TYPE_LONG << TYPE_SHIFT;
        if (this.long.writeUnlessSame(w, v.value, 'LONG value')) flag |= SAME;
        break;
      case 'DOUBLE':
        flag |= this.double(v.value);
        break;
      case 'DECIMAL':
        if (!Number.isSafeInteger(v.scale)) throw new RangeError(`cannot encode chunk: DECIMAL scale ${v.scale} is not an integer`);
        flag |= this.decimalScale(v.scale);
        if (this.unscaled.writeUnlessSame(w, v.unscaled, 'DECIMAL unscaled value')) flag |= DECIMAL_SAME;
        break;
      case 'STRING':
        flag |= TYPE_STRING << TYPE_SHIFT;
        if (v.value === this.prevString) flag |= SAME;
        else w.string(v.value);
        this.prevString = v.value;
        break;
      case 'BINARY':
        flag |= TYPE_BINARY << TYPE_SHIFT;
        w.bytes(v.value);
        break;
      default:
        throw new TypeError(`cannot encode chunk: unknown value type '${(v as { type: unknown }).type}'`);
    }
    w.buf[flagPos] = flag;
  }

  /**
   * Appends point `i` of `columns`, a numeric one (not KIND_OBJECT): `ts` a safe integer, no location or
   * elevation, `num` the LONG / DOUBLE / DECIMAL unscaled value (a safe integer but for DOUBLE), `scale` the
   * DECIMAL scale. Read here rather than passed: a timestamp passed to a call is boxed (a heap number per point).
   */
  numeric(columns: PointColumns, i: number): void {
    const w = this.w;
    const flagPos = w.pos;
    w.byte(0);
    let flag = this.ts.writeSafeAt(w, columns.ts, i) ? TS_REPEAT : 0;
    const num = columns.num[i];
    switch (columns.kind[i]) {
      case KIND_LONG:
        flag |= TYPE_LONG << TYPE_SHIFT;
        if (this.long.sameSafe(num)) flag |= SAME;
        else this.long.writeSafe(w, num, 'LONG value');
        break;
      case KIND_DOUBLE:
        flag |= this.double(num);
        break;
      case KIND_DECIMAL:
        flag |= this.decimalScale(columns.scale[i]);
        if (this.unscaled.sameSafe(num)) flag |= DECIMAL_SAME;
        else this.unscaled.writeSafe(w, num, 'DECIMAL unscaled value');
        break;
      case KIND_FALSE:
        flag |= TYPE_FALSE << TYPE_SHIFT;
        break;
      default:
        flag |= TYPE_TRUE << TYPE_SHIFT;
    }
    w.buf[flagPos] = flag;
  }

  /** Writes a DOUBLE's bytes; returns its flag bits. */
  private double(d: number): number {
    let flag = TYPE_DOUBLE << TYPE_SHIFT;
    if (this.hasDouble && Object.is(d, this.prevDouble)) flag |= SAME;
    else if (Number.isInteger(d) && d < INT_DOUBLE_LIMIT && d > -INT_DOUBLE_LIMIT && !Object.is(d, -0)) {
      flag |= DOUBLE_INT;
      this.w.zigzag(d);
    } else this.w.float64(d);
    this.prevDouble = d;
    this.hasDouble = true;
    return flag;
  }

  /** Writes a DECIMAL's scale when it changes; returns its flag bits (the type and DECIMAL_SCALE). */
  private decimalScale(scale: number): number {
    if (scale === this.scale) return TYPE_DECIMAL << TYPE_SHIFT;
    this.w.zigzag(scale);
    this.scale = scale;
    return (TYPE_DECIMAL << TYPE_SHIFT) | DECIMAL_SCALE;
  }
}

// Encoding is synchronous: one encoder serves every call.
const shared = new ChunkEncoder();

/**
 * Appends the chunk of `points` (the bytes encodeChunk returns) to `w` at its position: a caller that frames
 * the chunk (a log record, a store block) writes it in place, without a buffer and a copy of its own.
 */
export function encodeChunkInto(points: readonly Datapoint[], w: ByteWriter): void {
  const encoder = shared.start(w);
  for (let i = 0; i < points.length; i++) encoder.point(points[i]);
}

/** Appends the chunk of columns[from, to) to `w`: the bytes encodeChunkInto writes for the same points. */
export function encodeColumnsInto(columns: PointColumns, from: number, to: number, w: ByteWriter): void {
  const encoder = shared.start(w);
  const { kind } = columns;
  for (let i = from; i < to; i++) {
    if (kind[i] === KIND_OBJECT) encoder.point(columns.objectAt(i));
    else encoder.numeric(columns, i);
  }
}
