import { open, readdir } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { LogError } from './log-error.js';
import { readFrameHeader, FRAME_HEADER_BYTES } from './frame.js';

/**
 * Segment files are named by the offset of their first record, zero-padded to 20 digits (Kafka's
 * `00000000000000000000.log`), so that a directory listing sorted by name is sorted by offset.
 */
const SEGMENT_NAME = /^(\d{20})\.log$/;

export function segmentFileName(baseOffset: number): string {
  return `${String(baseOffset).padStart(20, '0')}.log`;
}

/** Base offsets of the segments in `dir`, ascending; other files are ignored. */
export async function listSegments(dir: string): Promise<number[]> {
  const bases: number[] = [];
  for (const name of await readdir(dir)) {
    const m = SEGMENT_NAME.exec(name);
    if (m) bases.push(Number(m[1]));
  }
  return bases.sort((a, b) => a - b);
}

/** fsync of a directory, so that a file created or renamed in it survives a power loss. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Where a frame sits in a buffer read from a file: `buf[at .. at + total)`. */
export type FrameAt = { readonly kind: 'frame'; readonly buf: Buffer; readonly at: number; readonly total: number } | { readonly kind: 'short' } | { readonly kind: 'bad'; readonly reason: string };

/**
 * Reads frames of one segment file through a chunk buffer (default 1 MiB), so that scanning costs one
 * read per chunk rather than two per frame. Every refill allocates a NEW buffer: views handed out earlier
 * (record values given to the codec) stay valid.
 */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  private bufPos = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly path: string,
    private readonly chunkBytes = 1 << 20,
  ) {}

  /** The frame starting at file position `pos`, knowing that the file's readable bytes end at `limit`. */
  async at(pos: number, limit: number): Promise<FrameAt> {
    const available = limit - pos;
    if (available < FRAME_HEADER_BYTES) return { kind: 'short' };
    await this.cover(pos, FRAME_HEADER_BYTES, limit);
    const header = readFrameHeader(this.buf, pos - this.bufPos, available);
    if (header.kind !== 'frame') return header;
    await this.cover(pos, header.total, limit);
    return { kind: 'frame', buf: this.buf, at: pos - this.bufPos, total: header.total };
  }

  private async cover(pos: number, length: number, limit: number): Promise<void> {
    if (pos >= this.bufPos && pos + length <= this.bufPos + this.buf.length) return;
    const size = Math.min(Math.max(this.chunkBytes, length), limit - pos);
    const buf = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await this.handle.read(buf, filled, size - filled, pos + filled);
      if (bytesRead === 0) {
        throw new LogError(`cannot read ${this.path}: the file ends at ${pos + filled}, expected ${limit} bytes`, { retriable: false });
      }
      filled += bytesRead;
    }
    this.buf = buf;
    this.bufPos = pos;
  }
}
