import { crc32 } from 'node:zlib';
import { AvroWriter } from '../serialization/avro-writer.js';

/**
 * The on-disk frame of the embedded log: what ONE append call writes to ONE partition, so that the
 * records of a call in a partition become durable (or are cut) together.
 *
 *   header (10 bytes): magic u8 = 0xC5 | version u8 = 2 | body length u32 BE | CRC-32 of the body u32 BE
 *   body v2:           base offset u64 BE | record count u32 BE | group u64 BE | group partitions u32 BE |
 *                      flags u8 (bit 0: last frame of its group in this partition) | records
 *   body v1:           base offset u64 BE | record count u32 BE | records          (read, never written)
 *   record:            key length u32 BE | key | value length u32 BE | value | appendedAt f64 BE (ms)
 *
 * Offsets are record numbers (Kafka style): the records of a frame have offsets base .. base+count-1.
 * CRC-32 (zlib's, native) rather than CRC-32C: Node has no native CRC-32C and both catch torn writes.
 *
 * The group fields (v2) make a group commit atomic across partitions: the writer numbers each group
 * (one per fsync round, several calls), and every frame of it names the group and how many partitions it
 * touched; the last frame of the group in a partition is flagged. After a crash, the newest group is whole
 * only if that many partitions end with its flagged frame; otherwise recovery cuts it everywhere (see
 * `EmbeddedLog.open`). A v1 frame (logs written before) counts as group 0, always whole. The upgrade is
 * one-way: a Continuum that knows only v1 would cut a log at its first v2 frame.
 */
export const FRAME_MAGIC = 0xc5;
export const FRAME_VERSION = 2;
export const FRAME_HEADER_BYTES = 10;
const BODY_FIXED_BYTES_V1 = 12;
const BODY_FIXED_BYTES = 25;
const FLAG_LAST_OF_GROUP = 1;
const RECORD_FIXED_BYTES = 16;
/** Largest body accepted, on write and on read (a larger length on disk means corruption). */
export const MAX_FRAME_BODY_BYTES = 1 << 30;
const TWO_32 = 2 ** 32;

/**
 * The records of one append call for one partition, written into the frame as they come (one growing
 * buffer, no object per record): `add` copies an encoded value, `beginRecord` / `endRecord` let a codec
 * encode straight into the frame. The frame size is kept as they come; `build` fills in the header and the appendedAt times.
 */
export class FrameBatch {
  private readonly out = new AvroWriter();
  /** Where each record's appendedAt goes (written by `build`). */
  private readonly appendedAtAt: number[] = [];
  private records = 0;
  // Where the value length of the record begun last goes.
  private lengthAt = 0;
  /** Size in bytes of the frame `build` will make. */
  size = FRAME_HEADER_BYTES + BODY_FIXED_BYTES;

  constructor() {
    this.out.skip(FRAME_HEADER_BYTES + BODY_FIXED_BYTES);
  }

  add(key: Uint8Array, value: Uint8Array): void {
    this.size += RECORD_FIXED_BYTES + key.length + value.length;
    this.records++;
    // Over the limit the frame is refused by `build` anyway: do not copy (nor allocate for) the bytes.
    if (this.size - FRAME_HEADER_BYTES > MAX_FRAME_BODY_BYTES) return;
    const out = this.out;
    out.u32(key.length);
    out.raw(key);
    out.u32(value.length);
    out.raw(value);
    this.appendedAtAt.push(out.pos);
    out.skip(8);
  }

  /**
   * Starts a record whose value the caller appends to the returned writer (see RecordCodec.encodeInto),
   * then ends with `endRecord`.
   */
  beginRecord(key: Uint8Array): AvroWriter {
    const out = this.out;
    out.u32(key.length);
    out.raw(key);
    this.lengthAt = out.pos;
    out.skip(4);
    this.size += RECORD_FIXED_BYTES + key.length;
    return out;
  }

  endRecord(): void {
    const out = this.out;
    const length = out.pos - this.lengthAt - 4;
    out.bytes.writeUInt32BE(length, this.lengthAt);
    this.appendedAtAt.push(out.pos);
    out.skip(8);
    this.size += length;
    this.records++;
  }

  get count(): number {
    return this.records;
  }

  /**
   * The frame (its buffer is handed over: the batch is done), with base offset 0, no group and no CRC:
   * the writer calls `sealFrame` once it knows the offset and the group, so that encoding happens before
   * the call is queued and the writer only patches 25 bytes and checksums.
   */
  build(appendedAt: number): Buffer {
    const { size } = this;
    if (size - FRAME_HEADER_BYTES > MAX_FRAME_BODY_BYTES) {
      throw new RangeError(`cannot frame ${this.records} records: ${size} bytes is over the ${MAX_FRAME_BODY_BYTES}-byte frame limit`);
    }
    const buf = this.out.bytes;
    buf[0] = FRAME_MAGIC;
    buf[1] = FRAME_VERSION;
    buf.writeUInt32BE(size - FRAME_HEADER_BYTES, 2);
    buf.writeUInt32BE(0, 6);
    buf.writeUInt32BE(0, 10);
    buf.writeUInt32BE(0, 14);
    buf.writeUInt32BE(this.records, 18);
    buf.fill(0, 22, FRAME_HEADER_BYTES + BODY_FIXED_BYTES);
    for (const at of this.appendedAtAt) buf.writeDoubleBE(appendedAt, at);
    return this.out.take();
  }
}

/** Where a frame belongs in the group commit (see the format above). */
export interface FrameGroup {
  /** The group's number, increasing over the log's life; 0 for v1 frames. */
  readonly id: number;
  /** How many partitions (of all topics) the group wrote to; 1 for v1 frames. */
  readonly partitions: number;
  /** True on the group's last frame in this partition (always for v1 frames). */
  readonly last: boolean;
}

/** Sets the base offset and the group of a built frame, then its CRC. */
export function sealFrame(frame: Buffer, baseOffset: number, group: FrameGroup): void {
  const at = FRAME_HEADER_BYTES;
  frame.writeUInt32BE(Math.floor(baseOffset / TWO_32), at);
  frame.writeUInt32BE(baseOffset % TWO_32, at + 4);
  frame.writeUInt32BE(Math.floor(group.id / TWO_32), at + 12);
  frame.writeUInt32BE(group.id % TWO_32, at + 16);
  frame.writeUInt32BE(group.partitions, at + 20);
  frame[at + 24] = group.last ? FLAG_LAST_OF_GROUP : 0;
  frame.writeUInt32BE(crc32(frame.subarray(at)), 6);
}

/** The group of the whole frame at `buf[at]` (v1 frames: group 0 of one partition, whole). */
export function frameGroup(buf: Buffer, at: number): FrameGroup {
  if (buf[at + 1] === 1) return { id: 0, partitions: 1, last: true };
  const p = at + FRAME_HEADER_BYTES;
  return { id: buf.readUInt32BE(p + 12) * TWO_32 + buf.readUInt32BE(p + 16), partitions: buf.readUInt32BE(p + 20), last: (buf[p + 24] & FLAG_LAST_OF_GROUP) !== 0 };
}

/** What lies at a position of a segment: a whole frame of `total` bytes, too few bytes, or garbage. */
export type FrameHeader = { readonly kind: 'frame'; readonly total: number } | { readonly kind: 'short' } | { readonly kind: 'bad'; readonly reason: string };

/**
 * Reads the header at `buf[at]`, given that `available` bytes of the segment follow `at` (possibly more
 * than are in `buf`). `short` means the frame runs past the end: a torn write.
 */
export function readFrameHeader(buf: Buffer, at: number, available: number): FrameHeader {
  if (available < FRAME_HEADER_BYTES) return { kind: 'short' };
  if (buf[at] !== FRAME_MAGIC) return { kind: 'bad', reason: `bad magic 0x${buf[at].toString(16)}` };
  const version = buf[at + 1];
  if (version !== FRAME_VERSION && version !== 1) return { kind: 'bad', reason: `unknown frame version ${version}` };
  const body = buf.readUInt32BE(at + 2);
  if (body < (version === 1 ? BODY_FIXED_BYTES_V1 : BODY_FIXED_BYTES) || body > MAX_FRAME_BODY_BYTES) return { kind: 'bad', reason: `bad body length ${body}` };
  const total = FRAME_HEADER_BYTES + body;
  return total > available ? { kind: 'short' } : { kind: 'frame', total };
}

/** Base offset of the whole frame at `buf[at]`. */
export function frameBaseOffset(buf: Buffer, at: number): number {
  return buf.readUInt32BE(at + FRAME_HEADER_BYTES) * TWO_32 + buf.readUInt32BE(at + FRAME_HEADER_BYTES + 4);
}

/** Record count of the whole frame at `buf[at]`. */
export function frameRecordCount(buf: Buffer, at: number): number {
  return buf.readUInt32BE(at + FRAME_HEADER_BYTES + 8);
}

/** Position (in `buf`) of the first record of the frame at `buf[at]` (whose header was read). */
export function firstRecordAt(buf: Buffer, at: number): number {
  return at + FRAME_HEADER_BYTES + (buf[at + 1] === 1 ? BODY_FIXED_BYTES_V1 : BODY_FIXED_BYTES);
}

/**
 * Checks a whole frame (`total` bytes at `buf[at]`): CRC, a non-empty record count, and records that fill
 * the body exactly. Returns the problem, or undefined when the frame is sound.
 */
export function checkFrame(buf: Buffer, at: number, total: number): string | undefined {
  const end = at + total;
  if (crc32(buf.subarray(at + FRAME_HEADER_BYTES, end)) !== buf.readUInt32BE(at + 6)) return 'CRC mismatch';
  const count = frameRecordCount(buf, at);
  if (count === 0) return 'empty frame';
  if (!Number.isSafeInteger(frameBaseOffset(buf, at) + count)) return 'base offset out of range';
  let p = firstRecordAt(buf, at);
  for (let i = 0; i < count; i++) {
    if (p + RECORD_FIXED_BYTES > end) return `record ${i} runs past the frame`;
    p += 4 + buf.readUInt32BE(p);
    if (p + 12 > end) return `record ${i} runs past the frame`;
    p += 4 + buf.readUInt32BE(p) + 8;
  }
  return p === end ? undefined : `${end - p} stray bytes after the records`;
}

/**
 * Where the parts of a record lie in its frame buffer: positions, not views, so that reading a record allocates
 * nothing; a reader copies (the key) or decodes (the value) only what it needs.
 */
export interface RecordSpan {
  keyAt: number;
  keyLength: number;
  valueAt: number;
  valueEnd: number;
  appendedAt: number;
  /** Where the next record starts. */
  next: number;
}

/** Reads where the parts of the record at `buf[p]` of a checked frame lie into `out` (reused by callers). */
export function readRecordSpan(buf: Buffer, p: number, out: RecordSpan): RecordSpan {
  const keyLength = buf.readUInt32BE(p);
  const valueAt = p + 8 + keyLength;
  const valueEnd = valueAt + buf.readUInt32BE(valueAt - 4);
  out.keyAt = p + 4;
  out.keyLength = keyLength;
  out.valueAt = valueAt;
  out.valueEnd = valueEnd;
  out.appendedAt = buf.readDoubleBE(valueEnd);
  out.next = valueEnd + 8;
  return out;
}

/** Position of record `index` (0: the first) of the checked frame at `buf[frameAt]`, the records before it skipped. */
export function recordPosition(buf: Buffer, frameAt: number, index: number): number {
  let p = firstRecordAt(buf, frameAt);
  for (let i = 0; i < index; i++) p = skipRecord(buf, p);
  return p;
}

/** Position of the record after the one at `buf[p]`, without reading it. */
export function skipRecord(buf: Buffer, p: number): number {
  p += 4 + buf.readUInt32BE(p);
  return p + 4 + buf.readUInt32BE(p) + 8;
}
