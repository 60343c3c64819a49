import { decodeChunk, encodeChunk } from '../../../../../domain/datapoints/chunk-codec.js';
import type { Datapoint } from '../../../../../domain/datapoints/datapoint.js';
import type { DatapointWrite } from '../../../../../domain/ports/datapoint-store.js';
import type { SeriesId } from '../../../../../domain/series/series.js';

/**
 * DatapointWrites as they cross to the store's thread: the points of every put as chunk-codec bytes in ONE
 * buffer (transferred, not copied), and a small list saying which bytes are whose. Puts read from the log
 * already hold their chunks (DatapointWrite `chunks`): they are copied as they are, never decoded here.
 */
export interface WireWrites {
  /** Owns its ArrayBuffer whole, so that the buffer can be transferred. */
  readonly bytes: Uint8Array;
  readonly writes: readonly WireWrite[];
}

/** A put: its chunks are bytes[at[2k], at[2k] + at[2k + 1]). */
export type WireWrite =
  | { readonly put: true; readonly series: SeriesId; readonly version: number; readonly at: readonly number[] }
  | { readonly put: false; readonly series: SeriesId; readonly start: bigint; readonly end: bigint };

/** Packs `writes` (see WireWrites); points without chunks are encoded here. */
export function packWrites(writes: readonly DatapointWrite[]): WireWrites {
  const parts: Uint8Array[] = [];
  const out: WireWrite[] = [];
  let size = 0;
  for (const w of writes) {
    if (w.type === 'delete') {
      out.push({ put: false, series: w.series, start: w.start, end: w.end });
      continue;
    }
    const chunks = w.chunks ?? [encodeChunk(w.points)];
    const at: number[] = [];
    for (const c of chunks) {
      at.push(size, c.length);
      parts.push(c);
      size += c.length;
    }
    out.push({ put: true, series: w.series, version: w.version, at });
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    bytes.set(p, offset);
    offset += p.length;
  }
  return { bytes, writes: out };
}

/** The DatapointWrites of `wire`: puts carry their chunks (views of `wire.bytes`) and decode `points` on first read. */
export function unpackWrites(wire: WireWrites): DatapointWrite[] {
  return wire.writes.map((w) => {
    if (!w.put) return { type: 'delete', series: w.series, start: w.start, end: w.end };
    const chunks: Uint8Array[] = [];
    for (let k = 0; k < w.at.length; k += 2) chunks.push(wire.bytes.subarray(w.at[k], w.at[k] + w.at[k + 1]));
    return new ChunkedPut(w.series, w.version, chunks);
  });
}

class ChunkedPut {
  readonly type = 'put' as const;
  #points: readonly Datapoint[] | undefined;

  constructor(
    readonly series: SeriesId,
    readonly version: number,
    readonly chunks: readonly Uint8Array[],
  ) {}

  get points(): readonly Datapoint[] {
    return (this.#points ??= this.chunks.length === 1 ? decodeChunk(this.chunks[0]) : this.chunks.flatMap((c) => decodeChunk(c)));
  }
}
