import type { Datapoint } from '../../../../../domain/datapoints/datapoint.js';
import { KIND_OBJECT, PointColumns } from '../../../../../domain/datapoints/point-columns.js';

/**
 * PointColumns as they cross from the store's thread: the four columns cut to their length (views of a buffer
 * that is transferred), and the points kept as objects (strings, binaries, geo…) by index.
 */
export interface WireColumns {
  readonly length: number;
  readonly ts: Float64Array;
  readonly kind: Uint8Array;
  readonly num: Float64Array;
  readonly scale: Int32Array;
  readonly objects: readonly (readonly [number, Datapoint])[];
}

/** `columns` as WireColumns, and the buffer to transfer (see packManyColumns). */
export function packColumns(columns: PointColumns): { readonly wire: WireColumns; readonly transfer: ArrayBuffer[] } {
  const { wires, transfer } = packManyColumns([columns]);
  return { wire: wires[0], transfer };
}

/** Several PointColumns as WireColumns whose arrays are views of ONE new buffer (see ColumnsPacker). */
export function packManyColumns(all: readonly PointColumns[]): { readonly wires: WireColumns[]; readonly transfer: ArrayBuffer[] } {
  const packer = new ColumnsPacker(all.length);
  for (const columns of all) packer.add(columns);
  return packer.finish();
}

/** ts and num (8 bytes a point each), scale (4), kind (1). */
const BYTES_PER_POINT = 21;

/**
 * Packs the columns of many series, one after the other, into one buffer, so that a reply transfers one buffer
 * whatever the number of series (each transfer has a cost of its own). Each series' columns are copied as they
 * are added — the caller may then reuse them (the store's thread reads every series of a reply in the same
 * ScanSpace) — into a region of their own: ts, num, scale, kind, the next region starting 8-aligned, so every
 * view is aligned. The buffer is sized from the first series times the series expected, and doubled if needed.
 */
export class ColumnsPacker {
  private buffer = new ArrayBuffer(0);
  private used = 0;
  private readonly regions: { readonly at: number; readonly length: number; readonly objects: [number, Datapoint][] }[] = [];

  /** @param expected how many series will be added (sizes the buffer from the first one). */
  constructor(private readonly expected = 1) {}

  add(columns: PointColumns): void {
    const n = columns.length;
    const need = align8(n * BYTES_PER_POINT);
    if (this.used + need > this.buffer.byteLength) this.grow(need);
    const at = this.used;
    new Float64Array(this.buffer, at, n).set(columns.ts.subarray(0, n));
    new Float64Array(this.buffer, at + 8 * n, n).set(columns.num.subarray(0, n));
    new Int32Array(this.buffer, at + 16 * n, n).set(columns.scale.subarray(0, n));
    new Uint8Array(this.buffer, at + 20 * n, n).set(columns.kind.subarray(0, n));
    this.regions.push({ at, length: n, objects: objectsOf(columns) });
    this.used += need;
  }

  /** The WireColumns of every series added, in order, and the one buffer to transfer. */
  finish(): { readonly wires: WireColumns[]; readonly transfer: ArrayBuffer[] } {
    const buffer = this.buffer;
    const wires = this.regions.map(({ at, length: n, objects }) => ({
      length: n,
      ts: new Float64Array(buffer, at, n),
      num: new Float64Array(buffer, at + 8 * n, n),
      scale: new Int32Array(buffer, at + 16 * n, n),
      kind: new Uint8Array(buffer, at + 20 * n, n),
      objects,
    }));
    return { wires, transfer: [buffer] };
  }

  private grow(need: number): void {
    const left = Math.max(1, this.expected - this.regions.length);
    const size = Math.max(this.used + need * left, 2 * this.buffer.byteLength, this.used + need);
    const buffer = new ArrayBuffer(size);
    new Uint8Array(buffer).set(new Uint8Array(this.buffer, 0, this.used));
    this.buffer = buffer;
  }
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

function objectsOf(columns: PointColumns): [number, Datapoint][] {
  const objects: [number, Datapoint][] = [];
  for (let i = 0; i < columns.length; i++) if (columns.kind[i] === KIND_OBJECT) objects.push([i, columns.objectAt(i)]);
  return objects;
}

/** The PointColumns of `wire`; numeric-only columns take the received arrays as they are. */
export function unpackColumns(wire: WireColumns): PointColumns {
  const out = new PointColumns(wire.objects.length === 0 ? 1 : wire.length);
  if (wire.objects.length === 0) {
    out.ts = wire.ts;
    out.kind = wire.kind;
    out.num = wire.num;
    out.scale = wire.scale;
    out.length = wire.length;
    return out;
  }
  const objects = new Map(wire.objects);
  for (let i = 0; i < wire.length; i++) {
    const kind = wire.kind[i];
    if (kind === KIND_OBJECT) out.pushObject(objects.get(i) as Datapoint);
    else out.pushNumeric(wire.ts[i], kind, wire.num[i], wire.scale[i]);
  }
  return out;
}
