import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { LogRecord } from '../../../domain/ports/log-source.js';
import type { TopicName } from '../../../domain/ports/topics.js';
import type { RecordCodec } from '../serialization/record-codec.js';
import type { EmbeddedLogPartition } from './embedded-log-partition.js';
import { checkFrame, firstRecordAt, frameBaseOffset, frameRecordCount, readRecord, skipRecord, type FramedRecord } from './frame.js';
import { LogDecodeError, LogError } from './log-error.js';
import { FrameReader } from './segment-files.js';
import type { PartitionCursor } from './tail-reader.js';

interface CurrentFrame {
  readonly buf: Buffer;
  readonly end: number;
  readonly total: number;
}

/**
 * A reader's position in one partition of the embedded log. It keeps its segment file open and its place
 * inside the current frame, so that consecutive `next` calls continue where they stopped (a frame of 10,000
 * records read 100 at a time is parsed once). It finds a start offset through the segment's sparse index
 * and feeds the index with the frames it passes. It reads only durable bytes, and checks each frame's CRC
 * before decoding it.
 */
export class EmbeddedPartitionCursor<T extends TopicName> implements PartitionCursor<T> {
  private segment = -1;
  private handle: FileHandle | undefined;
  private reader: FrameReader | undefined;
  private pos = 0;
  private frame: CurrentFrame | undefined;
  private recordAt = 0;
  private failure: LogError | undefined;
  private readonly scratch: FramedRecord = { key: Buffer.alloc(0), value: Buffer.alloc(0), appendedAt: 0, next: 0 };

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
      const frame = this.frame ?? (await this.locate());
      const r = this.scratch;
      while (out.length < max && this.offset < frame.end) {
        readRecord(frame.buf, this.recordAt, r);
        let event: LogRecord<T>['event'];
        try {
          event = this.codec.decode(this.topic, r.value);
        } catch (err) {
          this.failure = new LogDecodeError(this.topic, this.partition, this.offset, err);
          if (out.length > 0) return out;
          throw this.failure;
        }
        out.push({ topic: this.topic, partition: this.partition, offset: this.offset, key: new Uint8Array(r.key), event, appendedAt: r.appendedAt });
        this.recordAt = r.next;
        this.offset++;
      }
      if (this.offset >= frame.end) {
        this.pos += frame.total;
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

  /** Finds the durable frame holding `this.offset`, from the current position or the sparse index. */
  private async locate(): Promise<CurrentFrame> {
    const segments = this.log.segments;
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
        let at = firstRecordAt(found.buf, found.at);
        for (let skip = this.offset - base; skip > 0; skip--) at = skipRecord(found.buf, at);
        this.recordAt = at;
        this.frame = { buf: found.buf, end: base + count, total: found.total };
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
