import { ByteReader } from '../../../../domain/datapoints/byte-reader.js';
import { ByteWriter } from '../../../../domain/datapoints/byte-writer.js';
import { decodeNewestInto } from '../../../../domain/datapoints/chunk-columns-decoder.js';
import { encodeColumnsInto } from '../../../../domain/datapoints/chunk-encoder.js';
import { PointColumns } from '../../../../domain/datapoints/point-columns.js';

/**
 * A block: the unit of datapoint storage in the embedded store (one key per block, see store-keys.ts).
 * Points are NEWEST FIRST with unique timestamps, so a fetch can emit them in scan order; they are kept in
 * columns (all of `columns`, from 0 to its length), so that building, merging and encoding blocks costs no
 * object per point. `versions` is the log offset each point came from (one number when all points share it,
 * the usual case: one put of one record); `seq` is the store's write sequence of the apply that wrote the
 * block, which breaks ties between equal versions in favour of the later apply.
 */
export interface Block {
  readonly columns: PointColumns;
  readonly versions: number | readonly number[];
  readonly seq: number;
}

/** What a scan needs to decide whether to decode a block: read from the key and a few header bytes. */
export interface BlockHeader {
  readonly minTs: bigint;
  readonly count: number;
  readonly seq: number;
}

/**
 * Value layout (the key holds the newest point's ts and version, so they are not repeated here):
 *   format byte (UNIFORM: every point has the key's version | MIXED: a version column follows)
 *   uvarint seq, uvarint count, zig-zag varint (maxTs - minTs),
 *   [MIXED: the version column as runs, newest first: uvarint number of runs, then per run
 *    uvarint length and zig-zag varint (version - key version): a merge of k blocks costs ~3k bytes],
 *   encodeChunk(points) (domain/datapoints/chunk-codec.ts; written from columns by encodeColumnsInto, same bytes).
 * A block of one put costs its chunk plus ~5 bytes.
 */
const UNIFORM = 1;
const MIXED = 2;
const FAST_LIMIT = 2 ** 52;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Thrown when a stored value is not a block this code wrote: the store is corrupt or from a newer version. */
export class BlockFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(`cannot decode block: ${message}`, options);
    this.name = 'BlockFormatError';
  }
}

// The block being encoded (header then chunk); dropped after a block bigger than MAX_RETAINED.
const blockWriter = new ByteWriter(4096);
const MAX_RETAINED = 1 << 20;

/** The version of point `i` of a block. */
export function versionAt(block: Pick<Block, 'versions'>, i: number): number {
  const v = block.versions;
  return typeof v === 'number' ? v : v[i];
}

/**
 * The version a block's key carries: that of its newest point. Newest ts and its version name a block
 * deterministically (a re-applied put lands on its own key), and a merge of blocks always lands on
 * the key of the source that holds the newest point.
 */
export function keyVersion(block: Pick<Block, 'versions'>): number {
  return versionAt(block, 0);
}

/** The highest version of any point of a block (above keyVersion when an older point came from a later write). */
export function maxVersionOf(block: Pick<Block, 'versions'>): number {
  const v = block.versions;
  if (typeof v === 'number') return v;
  let max = -1;
  for (let i = 0; i < v.length; i++) if (v[i] > max) max = v[i];
  return max;
}

/** Encodes a non-empty block (points newest first, unique ts). */
export function encodeBlock(block: Block): Uint8Array {
  const { columns } = block;
  const n = columns.length;
  if (n === 0) throw new RangeError('cannot encode block: no points');
  const top = keyVersion(block);
  const mixed = typeof block.versions !== 'number' && block.versions.some((v) => v !== top);
  const w = blockWriter;
  w.reset();
  w.byte(mixed ? MIXED : UNIFORM);
  w.uvarint(block.seq);
  w.uvarint(n);
  writeSpan(w, columns);
  if (mixed) writeVersionRuns(w, block.versions as readonly number[], top);
  encodeColumnsInto(columns, 0, n, w);
  // From Node's shared pool, like block keys (store-keys.ts): the engine reads it without a copy of its own.
  const out = Buffer.allocUnsafe(w.pos);
  out.set(w.buf.subarray(0, w.pos), 0);
  w.shrink(MAX_RETAINED);
  return out;
}

/** Reads the header of a block without decoding its points. `maxTs` comes from the key. */
export function decodeBlockHeader(value: Uint8Array, maxTs: bigint): BlockHeader {
  const r = new ByteReader(value);
  readFormat(r);
  const seq = r.uvarint();
  const count = r.uvarint();
  return { minTs: maxTs - readSpan(r), count, seq };
}

/** Decodes a whole block. `maxTs` and `version` come from its key (blockKeyMaxTs / blockKeyVersion). */
export function decodeBlock(value: Uint8Array, maxTs: bigint, version: number): Block {
  return decoding(() => {
    const { r, count, seq, versions } = readHead(value, version);
    // Sized from the header (each point takes a byte or more: a corrupt count cannot ask for more).
    const columns = new PointColumns(Math.min(count, value.length));
    decodeNewestInto(value.subarray(r.pos), columns, -Infinity);
    checkPoints(columns.length, count, columns.length > 0 ? columns.tsAt(0) : maxTs, maxTs);
    return { columns, versions, seq };
  });
}

/**
 * Decodes a block like decodeBlock, its points appended to `out` (the read path: no object per point): all of
 * them, or with `oldest` only those not older than it (a read of a range that begins inside the block stops
 * there: see decodeChunkInto). Returns the block's versions and seq, and `count`, the number of points appended
 * (`out`'s last `count`).
 */
export function decodeBlockInto(value: Uint8Array, maxTs: bigint, version: number, out: PointColumns, oldest = -Infinity): Omit<Block, 'columns'> & { count: number } {
  return decoding(() => {
    const { r, count, seq, versions } = readHead(value, version);
    const first = out.length;
    const whole = decodeNewestInto(value.subarray(r.pos), out, oldest);
    const n = out.length - first;
    // Stopped at `oldest`: fewer points than the header says, the newest still the key's.
    checkPoints(n, whole ? count : Math.min(n, count), n > 0 ? out.tsAt(first) : maxTs, maxTs);
    return { versions, seq, count: n };
  });
}

function readHead(value: Uint8Array, version: number): { r: ByteReader; count: number; seq: number; versions: number | number[] } {
  const r = new ByteReader(value);
  const mixed = readFormat(r) === MIXED;
  const seq = r.uvarint();
  const count = r.uvarint();
  readSpan(r);
  const versions = mixed ? readVersionRuns(r, count, version) : version;
  return { r, count, seq, versions };
}

function checkPoints(decoded: number, count: number, newest: bigint, maxTs: bigint): void {
  if (decoded !== count) throw new BlockFormatError(`header says ${count} points, chunk holds ${decoded}`);
  if (newest !== maxTs) throw new BlockFormatError(`key says newest ts ${maxTs}, block starts at ${newest}`);
}

function decoding<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof BlockFormatError) throw err;
    throw new BlockFormatError((err as Error).message, { cause: err });
  }
}

/**
 * Writes maxTs - minTs, as zig-zag varint below FAST_LIMIT. With both timestamps safe integers the difference of
 * their doubles is exact whenever it is below 2^53 (and at or above FAST_LIMIT when the exact one is): no BigInt.
 */
function writeSpan(w: ByteWriter, columns: PointColumns): void {
  const newest = columns.ts[0];
  const oldest = columns.ts[columns.length - 1];
  const safe = newest <= MAX_SAFE && newest >= -MAX_SAFE && oldest <= MAX_SAFE && oldest >= -MAX_SAFE;
  if (safe && newest - oldest < FAST_LIMIT) return w.zigzag(newest - oldest);
  const span = columns.tsAt(0) - columns.tsAt(columns.length - 1);
  if (span < BigInt(FAST_LIMIT)) w.zigzag(Number(span));
  else w.zigzagBig(span);
}

function writeVersionRuns(w: ByteWriter, versions: readonly number[], top: number): void {
  let runs = 1;
  for (let i = 1; i < versions.length; i++) if (versions[i] !== versions[i - 1]) runs++;
  w.uvarint(runs);
  let start = 0;
  for (let i = 1; i <= versions.length; i++) {
    if (i < versions.length && versions[i] === versions[start]) continue;
    w.uvarint(i - start);
    const d = versions[start] - top;
    if (d < FAST_LIMIT && d > -FAST_LIMIT) w.zigzag(d);
    else w.zigzagBig(BigInt(d));
    start = i;
  }
}

function readVersionRuns(r: ByteReader, count: number, top: number): number[] {
  const versions = new Array<number>(count);
  const runs = r.uvarint();
  let i = 0;
  for (let run = 0; run < runs; run++) {
    const length = r.uvarint();
    const d = r.zigzag();
    const v = top + (d === d ? d : Number(r.bigValue));
    if (i + length > count) throw new BlockFormatError(`version runs cover more than ${count} points`);
    versions.fill(v, i, i + length);
    i += length;
  }
  if (i !== count) throw new BlockFormatError(`version runs cover ${i} of ${count} points`);
  return versions;
}

function readFormat(r: ByteReader): number {
  const format = r.byte();
  if (format !== UNIFORM && format !== MIXED) throw new BlockFormatError(`unknown format ${format}`);
  return format;
}

function readSpan(r: ByteReader): bigint {
  const n = r.zigzag();
  return n === n ? BigInt(n) : r.bigValue;
}
