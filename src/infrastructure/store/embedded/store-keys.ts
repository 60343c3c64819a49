import { seriesIdBytes, seriesIdFromBytes, type SeriesId } from '../../../../domain/series/series.js';

/**
 * Key layout of the embedded store. One ordered key space holds every read model, so that one atomic
 * write (LMDB transaction) can carry datapoints, registry rows and the checkpoint that describes them:
 *
 *   'D' || seriesId (16) || ~maxTs (8, big-endian) || version (8, big-endian)   → a block of datapoints
 *   'M' || seriesId (16)                                                        → a series registry row
 *   'C' || utf8(projection name)                                                → a projection checkpoint
 *   'S'                                                                         → the store's write sequence
 *
 * `~maxTs` is the block's newest timestamp mapped so that NEWER blocks sort FIRST: a fetch of one series
 * is one forward scan from the series' prefix. `version` is the log offset of the block's newest point,
 * so re-applying the same put lands on the same key (idempotent, no growth).
 */
export const BLOCK_PREFIX = 0x44; // 'D'
export const REGISTRY_PREFIX = 0x4d; // 'M'
export const CHECKPOINT_PREFIX = 0x43; // 'C'
export const SEQUENCE_PREFIX = 0x53; // 'S'

export const BLOCK_KEY_LENGTH = 33;
const TS_OFFSET = 17;
const VERSION_OFFSET = 25;
/** Maps signed ts to an unsigned value whose big-endian bytes sort DESCENDING in ts: 2^63 - 1 - ts. */
const INVERT_BASE = 2n ** 63n - 1n;

/**
 * The key of one block: newest-first ordering inside the series. A Buffer from Node's shared pool, not a
 * Uint8Array of its own: the engine's native code reads the bytes of a small Uint8Array only after V8
 * moves them to a backing store of their own (an allocation per key, swept by the GC), a pooled slice
 * already has one.
 */
export function blockKey(series: Uint8Array, maxTs: bigint, version: number): Uint8Array {
  const key = Buffer.allocUnsafe(BLOCK_KEY_LENGTH);
  key.set(series, 1);
  return fillBlockKey(key, maxTs, version);
}

/** blockKey from the series id itself: its hex digits go straight into the key (no 16-byte array first). */
export function seriesBlockKey(series: SeriesId, maxTs: bigint, version: number): Uint8Array {
  const key = Buffer.allocUnsafe(BLOCK_KEY_LENGTH);
  writeSeriesBytes(series, key, 1);
  return fillBlockKey(key, maxTs, version);
}

function fillBlockKey(key: Buffer, maxTs: bigint, version: number): Buffer {
  key[0] = BLOCK_PREFIX;
  key.writeBigUInt64BE(INVERT_BASE - maxTs, TS_OFFSET);
  key.writeUInt32BE(Math.floor(version / 2 ** 32), VERSION_OFFSET);
  key.writeUInt32BE(version >>> 0, VERSION_OFFSET + 4);
  return key;
}

/** The newest timestamp of the block a key names. */
export function blockKeyMaxTs(key: Uint8Array): bigint {
  return INVERT_BASE - new DataView(key.buffer, key.byteOffset, key.byteLength).getBigUint64(TS_OFFSET);
}

/** The version (log offset) of the newest point of the block a key names. */
export function blockKeyVersion(key: Uint8Array): number {
  return Number(new DataView(key.buffer, key.byteOffset, key.byteLength).getBigUint64(VERSION_OFFSET));
}

/** The series a block key belongs to. */
export function blockKeySeries(key: Uint8Array): SeriesId {
  return seriesIdFromBytes(key.subarray(1, 17));
}

/** Inclusive lower and exclusive upper key of every block of one series (newest block first). */
export function seriesBlockRange(series: Uint8Array): { start: Uint8Array; end: Uint8Array } {
  const start = new Uint8Array(17);
  start[0] = BLOCK_PREFIX;
  start.set(series, 1);
  const end = new Uint8Array(BLOCK_KEY_LENGTH + 1).fill(0xff);
  end.set(start, 0);
  return { start, end };
}

/** Inclusive lower and exclusive upper key of every key with the given one-byte prefix. */
export function prefixRange(prefix: number): { start: Uint8Array; end: Uint8Array } {
  return { start: Uint8Array.of(prefix), end: Uint8Array.of(prefix + 1) };
}

/**
 * The 16 bytes of a series id (same as seriesIdBytes), computed once per series per write or fetch;
 * a table lookup per hex digit, as it runs for every series of every apply.
 */
export function seriesKeyBytes(id: SeriesId): Uint8Array {
  const out = new Uint8Array(16);
  writeSeriesBytes(id, out, 0);
  return out;
}

function writeSeriesBytes(id: SeriesId, out: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++) out[at + i] = (HEX_VALUE[id.charCodeAt(2 * i)] << 4) | HEX_VALUE[id.charCodeAt(2 * i + 1)];
}

const HEX_VALUE = new Uint8Array(128);
for (let d = 0; d < 16; d++) HEX_VALUE['0123456789abcdef'.charCodeAt(d)] = d;

export function registryKey(id: SeriesId): Uint8Array {
  const key = new Uint8Array(17);
  key[0] = REGISTRY_PREFIX;
  key.set(seriesIdBytes(id), 1);
  return key;
}

const utf8 = new TextEncoder();

export function checkpointKey(projection: string): Uint8Array {
  const name = utf8.encode(projection);
  const key = new Uint8Array(name.length + 1);
  key[0] = CHECKPOINT_PREFIX;
  key.set(name, 1);
  return key;
}

export const SEQUENCE_KEY: Uint8Array = Uint8Array.of(SEQUENCE_PREFIX);
