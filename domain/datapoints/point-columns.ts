import type { Datapoint } from './datapoint.js';
import type { Value } from './value.js';

/**
 * What `PointColumns.kind[i]` says of point `i`. The numeric kinds keep the whole point in the columns
 * (`ts`, `num`, `scale`); KIND_OBJECT keeps it as a Datapoint (see PointColumns).
 */
export const KIND_LONG = 0;
export const KIND_DOUBLE = 1;
export const KIND_DECIMAL = 2;
export const KIND_FALSE = 3;
export const KIND_TRUE = 4;
export const KIND_OBJECT = 5;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MIN_CAPACITY = 16;
/** ts and num (8 bytes each), scale (4), kind (1). */
const BYTES_PER_POINT = 21;
/** Up to this many points, each column is a typed array of 64 bytes or less: V8 keeps those on its heap. */
const SMALL = 8;

/**
 * Points of one series in columns (typed arrays), for the read path: decoding a block, merging blocks and
 * printing an answer then cost no object per point, where a Datapoint costs four (the point, its BigInt
 * timestamp, its Value and the Value's BigInt) and the garbage collection behind them.
 *
 * A point is NUMERIC when its timestamp is a safe integer, it has neither location nor elevation, and its
 * value is a DOUBLE, a BOOLEAN, or a LONG / DECIMAL whose (unscaled) value is a safe integer: then `ts[i]`,
 * `kind[i]`, `num[i]` (LONG, DOUBLE, DECIMAL unscaled) and `scale[i]` (DECIMAL) hold it exactly. Any other point
 * (STRING, BINARY, geo, huge numbers) is KIND_OBJECT: kept as its Datapoint, with `ts[i]` = Number(ts), which
 * is exact only when safe — hence `tsAbove` and `compareTs` for exact comparisons.
 *
 * The arrays may be longer than `length`; they are replaced when the columns grow, so do not keep them across
 * pushes. Columns are mutable and owned by whoever made them.
 */
export class PointColumns {
  length = 0;
  ts: Float64Array;
  kind: Uint8Array;
  num: Float64Array;
  scale: Int32Array;
  private objects: (Datapoint | undefined)[] | undefined;

  constructor(capacity = MIN_CAPACITY) {
    const n = Math.max(capacity, 1);
    if (n <= SMALL) {
      // Typed arrays this small live in the JavaScript heap: cheaper than a buffer of their own.
      this.ts = new Float64Array(n);
      this.num = new Float64Array(n);
      this.scale = new Int32Array(n);
      this.kind = new Uint8Array(n);
      return;
    }
    // One buffer for the four columns: allocating is the costly part of growing (21 bytes per point).
    const buffer = new ArrayBuffer(n * BYTES_PER_POINT);
    this.ts = new Float64Array(buffer, 0, n);
    this.num = new Float64Array(buffer, 8 * n, n);
    this.scale = new Int32Array(buffer, 16 * n, n);
    this.kind = new Uint8Array(buffer, 20 * n, n);
  }

  /** Columns holding `points`, in their order. */
  static of(points: readonly Datapoint[]): PointColumns {
    const out = new PointColumns(points.length);
    for (const p of points) out.push(p);
    return out;
  }

  /** Forgets every point, keeping the arrays for reuse. */
  clear(): void {
    this.length = 0;
    this.objects = undefined;
  }

  /** Makes room for `more` points past `length`. */
  reserve(more: number): void {
    const need = this.length + more;
    if (need <= this.ts.length) return;
    const { ts, num, scale, kind } = new PointColumns(Math.max(need, this.ts.length * 2));
    const length = this.length;
    ts.set(this.ts.subarray(0, length));
    num.set(this.num.subarray(0, length));
    scale.set(this.scale.subarray(0, length));
    kind.set(this.kind.subarray(0, length));
    this.ts = ts;
    this.num = num;
    this.scale = scale;
    this.kind = kind;
  }

  /** Appends a numeric point (the caller checked it is one, see the class doc). */
  pushNumeric(ts: number, kind: number, num: number, scale: number): void {
    if (this.length === this.ts.length) this.reserve(1);
    const i = this.length++;
    this.ts[i] = ts;
    this.kind[i] = kind;
    this.num[i] = num;
    this.scale[i] = scale;
  }

  /** Appends a point kept as an object (any point; numeric ones are better pushed with `push`). */
  pushObject(p: Datapoint): void {
    if (this.length === this.ts.length) this.reserve(1);
    const i = this.length++;
    this.ts[i] = Number(p.ts);
    this.kind[i] = KIND_OBJECT;
    (this.objects ??= [])[i] = p;
  }

  /** Appends a point, in columns when it is numeric. */
  push(p: Datapoint): void {
    const ts = Number(p.ts);
    if (ts > MAX_SAFE || ts < -MAX_SAFE || p.geo !== undefined || p.elev !== undefined) return this.pushObject(p);
    const v = p.value;
    switch (v.type) {
      case 'DOUBLE': return this.pushNumeric(ts, KIND_DOUBLE, v.value, 0);
      case 'BOOLEAN': return this.pushNumeric(ts, v.value ? KIND_TRUE : KIND_FALSE, 0, 0);
      case 'LONG': {
        const n = Number(v.value);
        return n > MAX_SAFE || n < -MAX_SAFE ? this.pushObject(p) : this.pushNumeric(ts, KIND_LONG, n, 0);
      }
      case 'DECIMAL': {
        const n = Number(v.unscaled);
        return n > MAX_SAFE || n < -MAX_SAFE || (v.scale | 0) !== v.scale ? this.pushObject(p) : this.pushNumeric(ts, KIND_DECIMAL, n, v.scale);
      }
      default: return this.pushObject(p);
    }
  }

  /** Appends points [from, to) of `src`. */
  pushRange(src: PointColumns, from: number, to: number): void {
    const n = to - from;
    if (n <= 0) return;
    this.reserve(n);
    const at = this.length;
    this.ts.set(src.ts.subarray(from, to), at);
    this.kind.set(src.kind.subarray(from, to), at);
    this.num.set(src.num.subarray(from, to), at);
    this.scale.set(src.scale.subarray(from, to), at);
    if (src.objects !== undefined) {
      for (let i = from; i < to; i++) if (src.kind[i] === KIND_OBJECT) (this.objects ??= [])[at + i - from] = src.objects[i];
    }
    this.length += n;
  }

  /** Appends point `i` of `src` (a merge, point by point). */
  pushPoint(src: PointColumns, i: number): void {
    if (this.length === this.ts.length) this.reserve(1);
    const at = this.length++;
    this.ts[at] = src.ts[i];
    this.kind[at] = src.kind[i];
    this.num[at] = src.num[i];
    this.scale[at] = src.scale[i];
    if (src.kind[i] === KIND_OBJECT) (this.objects ??= [])[at] = src.objectAt(i);
  }

  /** Reverses the order of the points, in place (a put's lines, oldest first, become a block, newest first). */
  reverse(): void {
    // Swapped by hand: subarray(…).reverse() builds four views per call, and blocks are mostly a few points.
    const { ts, kind, num, scale, objects } = this;
    for (let i = 0, j = this.length - 1; i < j; i++, j--) {
      const t = ts[i];
      ts[i] = ts[j];
      ts[j] = t;
      const k = kind[i];
      kind[i] = kind[j];
      kind[j] = k;
      const x = num[i];
      num[i] = num[j];
      num[j] = x;
      const c = scale[i];
      scale[i] = scale[j];
      scale[j] = c;
      if (objects !== undefined) {
        const o = objects[i];
        objects[i] = objects[j];
        objects[j] = o;
      }
    }
  }

  /** Removes the points from `from` on. */
  truncate(from: number): void {
    if (from < this.length) this.length = Math.max(0, from);
  }

  /** The Datapoint of a KIND_OBJECT point. */
  objectAt(i: number): Datapoint {
    return (this.objects as Datapoint[])[i];
  }

  /** The exact timestamp of point `i`. */
  tsAt(i: number): bigint {
    return this.kind[i] === KIND_OBJECT ? this.objectAt(i).ts : BigInt(this.ts[i]);
  }

  /**
   * Whether point `i` is newer than `x`, exactly; `xn` is `Number(x)`. A safe timestamp compared with the
   * nearest double of x gives the exact answer (beyond ±2^53 that double is beyond every safe integer).
   */
  tsAbove(i: number, x: bigint, xn: number): boolean {
    const t = this.ts[i];
    if (t <= MAX_SAFE && t >= -MAX_SAFE) return t > xn;
    return this.objectAt(i).ts > x;
  }

  /** Point `i` as a Datapoint (a new object unless it is kept as one). */
  pointAt(i: number): Datapoint {
    const kind = this.kind[i];
    if (kind === KIND_OBJECT) return this.objectAt(i);
    return { ts: BigInt(this.ts[i]), value: this.valueAt(i) };
  }

  /** The value of numeric point `i`. */
  valueAt(i: number): Value {
    switch (this.kind[i]) {
      case KIND_LONG: return { type: 'LONG', value: BigInt(this.num[i]) };
      case KIND_DOUBLE: return { type: 'DOUBLE', value: this.num[i] };
      case KIND_DECIMAL: return { type: 'DECIMAL', unscaled: BigInt(this.num[i]), scale: this.scale[i] };
      case KIND_FALSE: return { type: 'BOOLEAN', value: false };
      case KIND_TRUE: return { type: 'BOOLEAN', value: true };
      default: return this.objectAt(i).value;
    }
  }

  /** Points [from, to) as Datapoints. */
  toDatapoints(from = 0, to = this.length): Datapoint[] {
    const out: Datapoint[] = [];
    for (let i = from; i < to; i++) out.push(this.pointAt(i));
    return out;
  }
}

/** Compares the timestamps of a[i] and b[j] exactly: negative, 0 or positive as a[i] is older, equal, newer. */
export function compareTs(a: PointColumns, i: number, b: PointColumns, j: number): number {
  const x = a.ts[i];
  const y = b.ts[j];
  if (x <= MAX_SAFE && x >= -MAX_SAFE && y <= MAX_SAFE && y >= -MAX_SAFE) return x - y;
  const bx = a.tsAt(i);
  const by = b.tsAt(j);
  return bx < by ? -1 : bx > by ? 1 : 0;
}
