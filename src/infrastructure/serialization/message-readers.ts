import { decodeChunkInto } from '../../../domain/datapoints/chunk-columns-decoder.js';
import { PointColumns } from '../../../domain/datapoints/point-columns.js';
import { storedFromChunk, type DataEvent } from '../../../domain/events/data.events.js';
import type { MetadataEvent } from '../../../domain/events/metadata.events.js';
import type { SeriesId } from '../../../domain/series/series.js';

/**
 * Hand-written readers of the v1 records that projections read by the million (the writers' mirror,
 * message-writers.ts): the same events as avsc and the mappings give, without a record object and bigint
 * longs per record. They read only what is plainly well formed and give up (undefined) on anything else
 * (a DELETE, a long or a count out of the usual range, a short or over-long body), leaving that to avsc,
 * which then gives the event or the error. message-readers.spec.ts checks them against avsc.
 */

const STORE = 0;
const METADATA_KINDS = ['SERIES_REGISTERED', 'ATTRIBUTES_REPLACED', 'ATTRIBUTES_MERGED', 'SERIES_DELETED'] as const;
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/** A cursor over an Avro body; `ok` turns false at the first thing it will not read. */
class BodyReader {
  pos = 0;
  ok = true;
  private readonly hex = Buffer.allocUnsafe(32);

  constructor(private readonly buf: Buffer) {}

  get atEnd(): boolean {
    return this.pos === this.buf.length;
  }

  /** A long (or int) that is a small non-negative or negative number: at most 4 varint bytes, else not ok. */
  small(): number {
    const buf = this.buf;
    let z = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (this.pos >= buf.length) break;
      const b = buf[this.pos++];
      z |= (b & 0x7f) << shift;
      if (b < 0x80) return z & 1 ? -((z + 1) / 2) : z / 2;
    }
    this.ok = false;
    return 0;
  }

  /** A long of at most 7 varint bytes (|n| < 2^48: milliseconds since the epoch), else not ok. */
  safe(): number {
    const buf = this.buf;
    let z = 0;
    let scale = 1;
    for (let i = 0; i < 7 && this.pos < buf.length; i++) {
      const b = buf[this.pos++];
      z += (b & 0x7f) * scale;
      scale *= 128;
      if (b < 0x80) return z % 2 === 1 ? -((z + 1) / 2) : z / 2;
    }
    this.ok = false;
    return 0;
  }

  /** Two longs (classId, labelsId) as a SeriesId: 32 hex chars of their two's complement. */
  seriesId(): SeriesId {
    this.long64Hex(0);
    this.long64Hex(16);
    return this.hex.toString('latin1', 0, 32) as SeriesId;
  }

  /** `bytes` as a view into the body. */
  bytes(): Uint8Array {
    const n = this.small();
    if (!this.ok || n < 0 || this.pos + n > this.buf.length) return this.fail(new Uint8Array(0));
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  string(): string {
    const n = this.small();
    if (!this.ok || n < 0 || this.pos + n > this.buf.length) return this.fail('');
    const out = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A `map<string>` in single-count blocks (how avsc and our writer write them). */
  stringMap(): Map<string, string> {
    const out = new Map<string, string>();
    for (;;) {
      const n = this.small();
      if (!this.ok || n < 0 || n > this.buf.length - this.pos) return this.fail(out);
      if (n === 0) return out;
      for (let i = 0; i < n && this.ok; i++) {
        const key = this.string();
        out.set(key, this.string());
      }
    }
  }

  private fail<T>(value: T): T {
    this.ok = false;
    return value;
  }

  // Reads a zig-zag varint long into 16 hex chars at hex[at] (big-endian two's complement).
  private long64Hex(at: number): void {
    const buf = this.buf;
    let lo = 0;
    let hi = 0;
    let done = false;
    for (let i = 0; i < 10 && this.pos < buf.length; i++) {
      const b = buf[this.pos++] & 0xff;
      const bits = b & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= bits << 28;
        hi = bits >>> 4;
      } else if (i < 9) hi |= bits << (7 * i - 32);
      else if (bits > 1) break;
      else hi |= bits << 31;
      if (b < 0x80) {
        done = true;
        break;
      }
    }
    if (!done) {
      this.ok = false;
      return;
    }
    // un-zig-zag: (z >>> 1) ^ -(z & 1)
    const mask = lo & 1 ? 0xffffffff : 0;
    const vlo = ((lo >>> 1) | (hi << 31)) ^ mask;
    const vhi = (hi >>> 1) ^ mask;
    const hex = this.hex;
    for (let k = 0; k < 8; k++) {
      hex[at + k] = HEX[(vhi >>> (28 - 4 * k)) & 0xf];
      hex[at + 8 + k] = HEX[(vlo >>> (28 - 4 * k)) & 0xf];
    }
  }
}

/**
 * The event of a data-message v1 body, or undefined when it is not a plain STORE record (avsc reads it).
 * Errors of the chunk itself are thrown (the caller wraps them as it wraps avsc's). The event carries the chunk
 * (DatapointsStored.chunk) and decodes its points only when they are read.
 */
export function readStoreMessageV1(body: Buffer): DataEvent | undefined {
  const r = new BodyReader(body);
  const series = r.seriesId();
  const type = r.small();
  if (!r.ok || type !== STORE) return undefined;
  const data = r.bytes();
  const deletionStart = r.small();
  const deletionEnd = r.small();
  const attributes = r.small();
  if (!r.ok || deletionStart !== 0 || deletionEnd !== 0 || attributes !== 0 || !r.atEnd) return undefined;
  // Decoded into reused columns only to check it (a bad chunk is this record's error, here, not the batch's
  // later): the event keeps a copy of the bytes, and its points are built only if someone asks for them.
  checkScratch.clear();
  const count = decodeChunkInto(data, checkScratch);
  checkScratch.clear();
  // A copy: `body` is a view of the log's read buffer (Buffer#slice would be a view too).
  return storedFromChunk(series, Uint8Array.prototype.slice.call(data), count);
}

/** Columns chunks are decoded into to check them (cleared after each; they keep their largest size). */
const checkScratch = new PointColumns();

/** The event of a metadata-message v1 body, or undefined when avsc should read it. */
export function readMetadataMessageV1(body: Buffer): MetadataEvent | undefined {
  const r = new BodyReader(body);
  const kind = METADATA_KINDS[r.small()];
  const className = r.string();
  const labels = r.stringMap();
  const attributes = r.stringMap();
  const id = r.seriesId();
  const branch = r.small();
  const lastActivity = branch === 1 ? r.safe() : undefined;
  if (!r.ok || kind === undefined || (branch !== 0 && branch !== 1) || !r.atEnd) return undefined;
  const name = { id, className, labels };
  switch (kind) {
    case 'SERIES_REGISTERED': {
      const series = { ...name, attributes };
      return { type: 'SeriesRegistered', series: lastActivity === undefined ? series : { ...series, lastActivity } };
    }
    case 'ATTRIBUTES_REPLACED':
    case 'ATTRIBUTES_MERGED':
      return { type: 'AttributesUpdated', series: name, attributes, mode: kind === 'ATTRIBUTES_MERGED' ? 'merge' : 'replace' };
    case 'SERIES_DELETED':
      return { type: 'SeriesDeleted', series: name };
  }
}
