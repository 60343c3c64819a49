/**
 * Series identity and metadata. A series (Geo Time Series) is identified by its class name and labels;
 * its id is the pair (classId, labelsId) computed with SipHash (reference §3.2, see series-id.ts),
 * written as 32 lower-case hex characters: 16 for classId then 16 for labelsId, big-endian.
 * That string is also the 16-byte log key and partitioning key (see seriesIdBytes).
 */
export type SeriesId = string & { readonly __brand: 'SeriesId' };

export type Labels = ReadonlyMap<string, string>;
export type Attributes = ReadonlyMap<string, string>;

/** Class name and labels: what identifies a series. */
export interface SeriesName {
  readonly className: string;
  readonly labels: Labels;
}

/** A registered series as the directory knows it. `lastActivity` is in ms since the epoch, when tracked. */
export interface Series extends SeriesName {
  readonly id: SeriesId;
  readonly attributes: Attributes;
  readonly lastActivity?: number;
}

/** Reserved labels that tokens force (reference §2.3). */
export const PRODUCER_LABEL = '.producer';
export const OWNER_LABEL = '.owner';
export const APP_LABEL = '.app';
export const RESERVED_LABELS: readonly string[] = [PRODUCER_LABEL, OWNER_LABEL, APP_LABEL];

const HEX = /^[0-9a-f]{32}$/;

export function seriesIdFromHex(hex: string): SeriesId {
  if (!HEX.test(hex)) throw new TypeError(`cannot read series id '${hex}': expected 32 lower-case hex characters`);
  return hex as SeriesId;
}

/** Builds the id from the two signed 64-bit halves. */
export function seriesIdOf(classId: bigint, labelsId: bigint): SeriesId {
  const c = BigInt.asUintN(64, classId).toString(16).padStart(16, '0');
  const l = BigInt.asUintN(64, labelsId).toString(16).padStart(16, '0');
  return (c + l) as SeriesId;
}

/** classId as a signed 64-bit long. */
export function classIdOf(id: SeriesId): bigint {
  return BigInt.asIntN(64, BigInt(`0x${id.slice(0, 16)}`));
}

/** labelsId as a signed 64-bit long. */
export function labelsIdOf(id: SeriesId): bigint {
  return BigInt.asIntN(64, BigInt(`0x${id.slice(16)}`));
}

/** The 16-byte key (classId BE || labelsId BE) used as log key and store key prefix. */
export function seriesIdBytes(id: SeriesId): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(id.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function seriesIdFromBytes(bytes: Uint8Array): SeriesId {
  if (bytes.length !== 16) throw new TypeError(`cannot read series id: expected 16 bytes, got ${bytes.length}`);
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s as SeriesId;
}
