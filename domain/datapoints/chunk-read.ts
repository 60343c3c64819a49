import { type ByteReader, ChunkFormatError } from './byte-reader.js';
import type { Datapoint } from './datapoint.js';
import type { Value } from './value.js';

/** Helpers shared by the chunk decoders (into Datapoint objects, chunk-codec.ts, and into columns). */

/** A zig-zag varint that must fit a JavaScript number (deltas, lengths, scales). */
export function readInteger(r: ByteReader): number {
  const n = r.zigzag();
  if (n !== n) throw new ChunkFormatError(`integer too large at byte ${r.pos}`);
  return n;
}

export function badFlag(flag: number, r: ByteReader): ChunkFormatError {
  return new ChunkFormatError(`bad flag byte ${flag} before byte ${r.pos}`);
}

/** A datapoint carrying only the location and elevation it has (no keys set to undefined). */
export function pointOf(ts: bigint, geo: bigint | undefined, elev: bigint | undefined, value: Value): Datapoint {
  if (geo === undefined && elev === undefined) return { ts, value };
  if (geo === undefined) return { ts, elev, value };
  if (elev === undefined) return { ts, geo, value };
  return { ts, geo, elev, value };
}
