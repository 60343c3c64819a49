import { mkdir, open, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkFrame, frameBaseOffset, frameGroup, frameRecordCount, sealFrame } from './frame.js';
import { LogError } from './log-error.js';
import { FrameReader, listSegments, segmentFileName, syncDir } from './segment-files.js';
import { SparseIndex } from './sparse-index.js';
import { TailCache, type CachedFrame } from './tail-cache.js';

/** Where the embedded log reports what it repaired. Nest's `Logger` and `console` both fit. */
export interface LogLogger {
  warn(message: string): void;
}

export interface PartitionSettings {
  /** A segment is closed and a new one started, between two groups, once it holds this many bytes. */
  readonly segmentBytes: number;
  /** Bytes between two entries of a segment's sparse index. */
  readonly indexIntervalBytes: number;
  /** fdatasync after each group (and sync directories after creating files). */
  readonly fsync: boolean;
  readonly logger: LogLogger;
  /** Estimated memory of the partition's tail cache (see TailCache); 0 turns it off. */
  readonly tailCacheBytes: number;
}

/**
 * The frames of the newest group found at the end of a partition on open: which group, how many
 * partitions it wrote to, whether its last frame here is present, and where it starts (to cut it).
 */
export interface TailGroup {
  readonly id: number;
  readonly partitions: number;
  readonly whole: boolean;
  readonly position: number;
  readonly offset: number;
}

/** One segment file. Only the last one of a partition is ever written. */
export interface Segment {
  readonly base: number;
  readonly path: string;
  /** Bytes of the segment that are durable, hence visible to readers; the writer may be past it. */
  durableSize: number;
  readonly index: SparseIndex;
}

/**
 * One (topic, partition) of the embedded log on disk: an append-only sequence of frames in segment files.
 *
 * Writing follows the group protocol of `EmbeddedLog`, one group at a time: `begin` (which may roll to a
 * new segment, so that a group never spans two files), `assign` for each frame, `write`, `sync`, then
 * `commit`, which makes the group visible to readers; or `rollback`, which cuts the file back to where the
 * group started. Readers (see `EmbeddedPartitionCursor`) never look past `durableEnd` / `durableSize`.
 * Committed frames also go to `tailCache`, where readers following the appends find them without reading the file.
 */
export class EmbeddedLogPartition {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private pendingIndex: number[] = [];
  private pendingEchoes: CachedFrame['echoes'][] = [];
  private next: number;
  private durable: number;
  /** The newest committed frames, in memory (see TailCache). */
  readonly tailCache: TailCache;

  private constructor(
    readonly label: string,
    private readonly dir: string,
    private readonly settings: PartitionSettings,
    readonly segments: Segment[],
    private handle: FileHandle,
    next: number,
    /** The newest group at the end of the partition when opened (undefined: none in its last segment). */
    readonly tailGroup: TailGroup | undefined,
  ) {
    this.next = next;
    this.durable = next;
    this.tailCache = new TailCache(settings.tailCacheBytes);
  }

  /** Offset after the last durable record: the high-water mark readers may reach. */
  get durableEnd(): number {
    return this.durable;
  }

  /**
   * Opens (creating if needed) the partition in `dir`, recovering from a crash: the last segment is
   * scanned, and from the first frame that is short, malformed, fails its CRC or has an unexpected base
   * offset, the file is cut (reported through the logger). A last segment left empty (a roll interrupted by
   * a crash) is removed and the one before it recovered instead (see `dropEmptySegment`). Earlier segments
   * were synced before the next one was created, so they are trusted and only read lazily.
   */
  static async open(dir: string, label: string, settings: PartitionSettings): Promise<EmbeddedLogPartition> {
    await mkdir(dir, { recursive: true });
    let bases = await listSegments(dir);
    if (bases.length === 0) {
      const h = await open(join(dir, segmentFileName(0)), 'wx');
      await h.close();
      if (settings.fsync) {
        await syncDir(dir);
        await syncDir(dirname(dir));
      }
      bases = [0];
    }
    const segments: Segment[] = [];
    for (const base of bases) {
      const path = join(dir, segmentFileName(base));
      segments.push({ base, path, durableSize: (await stat(path)).size, index: new SparseIndex(base, settings.indexIntervalBytes) });
    }
    for (;;) {
      const last = segments[segments.length - 1];
      const handle = await open(last.path, 'r+');
      try {
        const { next, tail } = await recoverSegment(handle, last, label, settings);
        if (last.durableSize > 0 || segments.length === 1) return new EmbeddedLogPartition(label, dir, settings, segments, handle, next, tail);
      } catch (err) {
        await handle.close();
        throw err;
      }
      await handle.close();
      await dropEmptySegment(dir, segments, settings);
    }
  }

  /** Starts a group: rolls to a new segment if the active one is full. */
  async begin(): Promise<void> {
    const active = this.segments[this.segments.length - 1];
    if (active.durableSize < this.settings.segmentBytes) return;
    const path = join(this.dir, segmentFileName(this.next));
    const handle = await open(path, 'wx+');
    try {
      if (this.settings.fsync) await syncDir(this.dir);
    } catch (err) {
      await handle.close();
      throw err;
    }
    const old = this.handle;
    this.handle = handle;
    this.segments.push({ base: this.next, path, durableSize: 0, index: new SparseIndex(this.next, this.settings.indexIntervalBytes) });
    await old.close();
  }

  /**
   * Gives the next offsets to a frame of `count` records and queues it; returns the offset after it. `echoes`
   * (see CachedFrame) go to the tail cache with the frame once it is committed.
   */
  assign(frame: Buffer, count: number, echoes?: CachedFrame['echoes']): number {
    this.pendingIndex.push(this.next, this.pendingBytes);
    this.pending.push(frame);
    this.pendingEchoes.push(echoes);
    this.pendingBytes += frame.length;
    this.next += count;
    return this.next;
  }

  /**
   * Seals the queued frames as members of group `group`, which writes to `partitions` partitions in all
   * (the last frame flagged as such), and writes them with one writev at the end of the durable bytes.
   */
  async write(group: number, partitions: number): Promise<void> {
    const n = this.pending.length;
    if (n === 0) return;
    for (let i = 0; i < n; i++) sealFrame(this.pending[i], this.pendingIndex[2 * i], { id: group, partitions, last: i === n - 1 });
    const position = this.segments[this.segments.length - 1].durableSize;
    const { bytesWritten } = await this.handle.writev(this.pending, position);
    if (bytesWritten !== this.pendingBytes) {
      throw new LogError(`cannot append to ${this.label}: wrote ${bytesWritten} of ${this.pendingBytes} bytes`, { retriable: true });
    }
  }

  /** Makes the written frames durable (fdatasync), unless fsync is off. */
  async sync(): Promise<void> {
    if (this.settings.fsync && this.pending.length > 0) await this.handle.datasync();
  }

  /** Publishes the group to readers. */
  commit(): void {
    const active = this.segments[this.segments.length - 1];
    for (let i = 0; i < this.pendingIndex.length; i += 2) {
      active.index.add(this.pendingIndex[i], active.durableSize + this.pendingIndex[i + 1]);
      const frame = this.pending[i / 2];
      this.tailCache.add({ base: this.pendingIndex[i], count: frameRecordCount(frame, 0), frame, echoes: this.pendingEchoes[i / 2] });
    }
    active.durableSize += this.pendingBytes;
    this.durable = this.next;
    this.clear();
  }

  /** Forgets the group and cuts whatever of it reached the file. Throws if even that fails. */
  async rollback(): Promise<void> {
    this.clear();
    this.next = this.durable;
    const active = this.segments[this.segments.length - 1];
    await this.handle.truncate(active.durableSize);
    if (this.settings.fsync) await this.handle.datasync();
  }

  /**
   * Recovery only, before any append: cuts the partition back to `tail.position` of its last segment,
   * where the group `tail` (found incomplete across partitions) starts, so that it ends at `tail.offset`.
   */
  async cutTail(tail: TailGroup): Promise<void> {
    const active = this.segments[this.segments.length - 1];
    await this.handle.truncate(tail.position);
    if (this.settings.fsync) await this.handle.datasync();
    active.durableSize = tail.position;
    active.index.truncateFrom(tail.position);
    this.tailCache.clear();
    this.next = this.durable = tail.offset;
  }

  async close(): Promise<void> {
    this.tailCache.clear();
    await this.handle.close();
  }

  private clear(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingIndex = [];
    this.pendingEchoes = [];
  }
}

/**
 * Removes the last of `segments`, left empty by a roll that a crash interrupted before the segment's first
 * frame was written (or whose torn first frame recovery cut), so that the segment before it, holding the
 * partition's newest frames, is the last one again. Group recovery (see `cutIncompleteGroup`) looks for the
 * newest group at the end of the LAST segment only: behind an empty one, the partition seemed to lack the
 * newest group's frames, and a whole, acknowledged group was cut from the other partitions it wrote to.
 * The next `begin` rolls again. Not reported: the file held no record (a torn frame cut from it already was).
 */
async function dropEmptySegment(dir: string, segments: Segment[], settings: PartitionSettings): Promise<void> {
  const empty = segments.pop() as Segment;
  await unlink(empty.path);
  if (settings.fsync) await syncDir(dir);
}

/**
 * Scans `segment` (open as `handle`), cuts a torn or corrupt tail, fills its index; returns the next
 * offset and the newest group of the segment.
 */
async function recoverSegment(handle: FileHandle, segment: Segment, label: string, settings: PartitionSettings): Promise<{ next: number; tail: TailGroup | undefined }> {
  const size = (await handle.stat()).size;
  const reader = new FrameReader(handle, segment.path, 4 << 20);
  let pos = 0;
  let next = segment.base;
  let problem: string | undefined;
  let tail: TailGroup | undefined;
  while (pos < size) {
    const frame = await reader.at(pos, size);
    if (frame.kind !== 'frame') {
      problem = frame.kind === 'short' ? 'a frame runs past the end of the file' : frame.reason;
      break;
    }
    problem = checkFrame(frame.buf, frame.at, frame.total);
    const base = frameBaseOffset(frame.buf, frame.at);
    if (problem === undefined && base !== next) problem = `base offset ${base} where ${next} was expected`;
    if (problem !== undefined) break;
    segment.index.add(next, pos);
    const group = frameGroup(frame.buf, frame.at);
    if (tail === undefined || tail.id !== group.id) tail = { id: group.id, partitions: group.partitions, whole: group.last, position: pos, offset: next };
    else tail = { ...tail, whole: group.last };
    next += frameRecordCount(frame.buf, frame.at);
    pos += frame.total;
  }
  if (pos < size) {
    settings.logger.warn(`embedded log ${label}: cut ${size - pos} bytes at ${segment.path}:${pos} (${problem}); the partition now ends at offset ${next}`);
    await handle.truncate(pos);
    if (settings.fsync) await handle.datasync();
  }
  segment.durableSize = pos;
  return { next, tail };
}
