import type { Datapoint } from '../../../../../domain/datapoints/datapoint.js';
import { KIND_OBJECT, PointColumns } from '../../../../../domain/datapoints/point-columns.js';

/**
 * PointColumns as they cross from the store's thread: the four columns cut to their length (each in a buffer of
 * its own, transferred), and the points kept as objects (strings, binaries, geo…) by index.
 */
export interface WireColumns {
  readonly length: number;
  readonly ts: Float64Array;
  readonly kind: Uint8Array;
  readonly num: Float64Array;
  readonly scale: Int32Array;
  readonly objects: readonly (readonly [number, Datapoint])[];
}

/** `columns` as WireColumns, and the buffers to transfer. */
export function packColumns(columns: PointColumns): { readonly wire: WireColumns; readonly transfer: ArrayBuffer[] } {
  const n = columns.length;
  const ts = columns.ts.slice(0, n);
  const kind = columns.kind.slice(0, n);
  const num = columns.num.slice(0, n);
  const scale = columns.scale.slice(0, n);
  const objects: [number, Datapoint][] = [];
  for (let i = 0; i < n; i++) if (kind[i] === KIND_OBJECT) objects.push([i, columns.objectAt(i)]);
  return { wire: { length: n, ts, kind, num, scale, objects }, transfer: [ts.buffer, kind.buffer, num.buffer, scale.buffer] };
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
