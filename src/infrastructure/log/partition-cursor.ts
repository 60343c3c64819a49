import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { LogRecord } from '../../../domain/ports/log-source.js';
import type { TopicName } from '../../../domain/ports/topics.js';
import type { RecordCodec } from '../serialization/record-codec.js';
import type { EmbeddedLogPartition } from './embedded-log-partition.js';
import { checkFrame, frameBaseOffset, frameRecordCount, readRecordSpan, recordPosition, type RecordSpan } from './frame.js';
import { LogDecodeError, LogError } from './log-error.js';
import { FrameReader } from './segment-files.js';
import type { CachedFrame } from './tail-cache.js';
import type { PartitionCursor } from './tail-reader.js';

interface CurrentFrame {
  readonly buf: Buffer;
  /** Offset of the frame's first record. */
  readonly base: number;
  /** Offset after the frame's last record. */
  readonly end: number;
  /** Bytes of the frame in its segment file; undefined for a frame taken from the tail cache. */
  readonly total: number | undefined;
  /** The records' echoes (see CachedFrame), for a cached frame whose codec gave some. */
  readonly echoes: CachedFrame['echoes'];
}

/** Keys are series ids (16 bytes): copied byte by byte below this length, without a view of the frame. */
const SHORT_KEY_BYTES = 64;

/**
 * A reader's position in one partition of the embedded log. It keeps its segment file open and its place
 * inside the current frame, so that consecutive `next` calls continue where they stopped (a frame of 10,000
 * records read 100 at a time is parsed once). It finds a start offset through the segment's sparse index
 * and feeds the index with the frames it passes. It reads only durable bytes, and checks each frame's CRC
 * before decoding it.
 *
 * Frames still in the partition's tail cache (the newest ones this process appended) are taken from there
 * instead: the bytes written, already checked, with the events the codec echoed when it encoded them. The
 * records given are the same (offsets, keys, events, appendedAt), whichever way they were read.
 */
export class EmbeddedPartitionCursor<T extends TopicName> implements PartitionCursor<T> {
  private segment = -1;
  private handle: FileHandle | undefined;
  private reader: FrameReader | undefined;
  private pos = 0;
  private frame: CurrentFrame | undefined;
  private recordAt = 0;
  private failure: LogError | undefined;
  private readonly span: RecordSpan = { keyAt: 0, keyLength: 0, valueAt: 0, valueEnd: 0, appendedAt: 0, next: 0 };
  /** True once a frame came from the tail cache: `segment` and `pos` no longer say where `offset` is in the files. */
  private filePositionStale = false;

  constructor(
    private readonly topic: T,
    private readonly partition: number,
    private readonly log: EmbeddedLogPartition,
    private readonly codec: RecordCodec,
    private offset: number,
  ) {}

  async next(max: number): Promise<readonly LogRecord<T>[]> {
    if (this.failure) throw this.failure;
    const out: LogRecord<T>[] = [];
    while (out.length < max && this.offset < this.log.durableEnd) {
      const frame = this.frame ?? this.fromCache() ?? (await this.locate());
      const { buf, echoes } = frame;
      while (out.length < max && this.offset < frame.end) {
        const r = readRecordSpan(buf, this.recordAt, this.span);
        const echo = echoes?.[this.offset - frame.base];
        let event: LogRecord<T>['event'];
        if (echo !== undefined) {
          event = echo() as LogRecord<T>['event'];
        } else {
          try {
            event = this.codec.decode(this.topic, buf.subarray(r.valueAt, r.valueEnd));
          } catch (err) {
            this.failure = new LogDecodeError(this.topic, this.partition, this.offset, err);
            if (out.length > 0) return out;
            throw this.failure;
          }
        }
        out.push({ topic: this.topic, partition: this.partition, offset: this.offset, key: copyKey(buf, r.keyAt, r.keyLength), event, appendedAt: r.appendedAt });
        this.recordAt = r.next;
        this.offset++;
      }
      if (this.offset >= frame.end) {
        if (frame.total !== undefined) this.pos += frame.total;
        this.frame = undefined;
      }
    }
    return out;
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.reader = undefined;
    if (handle) await handle.close();
  }

  /** The frame holding `this.offset` from the partition's tail cache, positioned at that record; undefined if not cached. */
  private fromCache(): CurrentFrame | undefined {
    const cached = this.log.tailCache.find(this.offset);
    if (cached === undefined) return undefined;
    const { frame: buf, base, count, echoes } = cached;
    this.recordAt = recordPosition(buf, 0, this.offset - base);
    this.filePositionStale = true;
    this.frame = { buf, base, end: base + count, total: undefined, echoes };
    return this.frame;
  }

  /** Finds the durable frame holding `this.offset`, from the current position or the sparse index. */
  private async locate(): Promise<CurrentFrame> {
    const segments = this.log.segments;
    if (this.filePositionStale) {
      // Back from the tail cache (the reader fell behind it): `pos` is where the last frame read from the file
      // ended, maybe far behind. Scanning on from there would be exact, but the sparse index is closer.
      this.filePositionStale = false;
      const segment = findSegment(segments, this.offset);
      if (segment !== this.segment) {
        await this.close();
        this.segment = segment;
        this.pos = 0;
      }
      this.pos = Math.max(this.pos, segments[segment].index.floor(this.offset).position);
    }
    if (this.segment < 0) {
      this.segment = findSegment(segments, this.offset);
      this.pos = segments[this.segment].index.floor(this.offset).position;
    }
    for (;;) {
      const segment = segments[this.segment];
      if (this.pos >= segment.durableSize) {
        if (this.segment === segments.length - 1) throw this.corrupt(segment.path, this.pos, `offset ${this.offset} is missing`);
        await this.close();
        this.segment++;
        this.pos = 0;
        continue;
      }
      if (!this.reader) {
        this.handle = await open(segment.path, 'r');
        this.reader = new FrameReader(this.handle, segment.path);
      }
      const found = await this.reader.at(this.pos, segment.durableSize);
      if (found.kind !== 'frame') throw this.corrupt(segment.path, this.pos, found.kind === 'short' ? 'truncated frame' : found.reason);
      const base = frameBaseOffset(found.buf, found.at);
      const count = frameRecordCount(found.buf, found.at);
      segment.index.add(base, this.pos);
      if (this.offset < base) throw this.corrupt(segment.path, this.pos, `frame starts at offset ${base}, after ${this.offset}`);
      if (this.offset < base + count) {
        const problem = checkFrame(found.buf, found.at, found.total);
        if (problem) throw this.corrupt(segment.path, this.pos, problem);
        this.recordAt = recordPosition(found.buf, found.at, this.offset - base);
        this.frame = { buf: found.buf, base, end: base + count, total: found.total, echoes: undefined };
        return this.frame;
      }
      this.pos += found.total;
    }
  }

  private corrupt(path: string, pos: number, reason: string): LogError {
    this.failure = new LogError(`cannot read ${this.topic}/${this.partition} at ${path}:${pos}: ${reason}`, { retriable: false });
    return this.failure;
  }
}

/** A copy of the key at `buf[at, at + length)` (records keep their keys; the frame buffer is shared). */
function copyKey(buf: Buffer, at: number, length: number): Uint8Array {
  if (length > SHORT_KEY_BYTES) return new Uint8Array(buf.subarray(at, at + length));
  const key = new Uint8Array(length);
  for (let i = 0; i < length; i++) key[i] = buf[at + i];
  return key;
}

/** Index of the last segment whose base offset is <= `offset`. */
function findSegment(segments: readonly { readonly base: number }[], offset: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (segments[mid].base <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
