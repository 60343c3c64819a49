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

/**
 * Several PointColumns as WireColumns whose arrays are views of ONE new buffer (21 bytes per point), so that a
 * reply transfers one buffer whatever the number of series (each transfer has a cost of its own).
 */
export function packManyColumns(all: readonly PointColumns[]): { readonly wires: WireColumns[]; readonly transfer: ArrayBuffer[] } {
  let total = 0;
  for (const c of all) total += c.length;
  const buffer = new ArrayBuffer(total * 21);
  // Per-type regions keep every view aligned: all ts, then all num, then all scale, then all kind.
  let ts = 0;
  let num = total * 8;
  let scale = total * 16;
  let kind = total * 20;
  const wires = all.map((columns) => {
    const n = columns.length;
    const wire = {
      length: n,
      ts: new Float64Array(buffer, ts, n),
      num: new Float64Array(buffer, num, n),
      scale: new Int32Array(buffer, scale, n),
      kind: new Uint8Array(buffer, kind, n),
      objects: objectsOf(columns),
    };
    wire.ts.set(columns.ts.subarray(0, n));
    wire.num.set(columns.num.subarray(0, n));
    wire.scale.set(columns.scale.subarray(0, n));
    wire.kind.set(columns.kind.subarray(0, n));
    ts += 8 * n;
    num += 8 * n;
    scale += 4 * n;
    kind += n;
    return wire;
  });
  return { wires, transfer: [buffer] };
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
