import type { Echo } from '../serialization/record-codec.js';

/**
 * A durable frame of this process's appends, kept in memory for readers at the tail of its partition.
 * `echoes[i]`, when set, gives the event the codec's `decode` gives for record `base + i` (made by the codec
 * when it encoded the record, see RecordCodec.encodeIntoEchoed); an unset one is decoded from `frame`.
 */
export interface CachedFrame {
  /** Offset of the frame's first record. */
  readonly base: number;
  readonly count: number;
  /** The frame exactly as written to the segment file (sealed: header, base offset, group, CRC). */
  readonly frame: Buffer;
  readonly echoes: readonly (Echo<unknown> | undefined)[] | undefined;
}

/**
 * What an echo holds besides its chunk's bytes (about the record's value bytes, counted as such): the closure and
 * the chunk's Buffer and ArrayBuffer (~300 bytes of heap per echo in Node 20, measured), and the backing store's header.
 */
const ECHO_OVERHEAD_BYTES = 320;

/**
 * The newest durable frames of one partition, bounded by an estimate of the memory they hold, so that a reader
 * following the tail (the store projection, a few ms to a few hundred ms behind the appends) takes records from
 * memory instead of reading back the file the writer has just written, checking its CRC again and decoding the
 * records the codec has just encoded. A reader behind the oldest cached frame reads the file, as before.
 *
 * Only `EmbeddedLogPartition.commit` adds frames (so the cache holds durable records only, never those of a
 * group that failed or was rolled back), in offset order and without gaps between consecutive frames.
 */
export class TailCache {
  // Oldest first; a few dozen frames at most with the default budget, so shift() is cheap.
  private readonly frames: CachedFrame[] = [];
  private readonly costs: number[] = [];
  private held = 0;

  /** @param maxBytes the estimated memory the cache may hold; 0 keeps nothing. */
  constructor(private readonly maxBytes: number) {}

  /** Estimated bytes held (frames and echoes). */
  get bytes(): number {
    return this.held;
  }

  /** Frames held. */
  get size(): number {
    return this.frames.length;
  }

  /**
   * Adds the frame that follows the newest one, evicting the oldest frames beyond the budget. A frame alone over
   * the budget is not kept (and empties the cache: a cached frame must follow the previous one without a gap).
   */
  add(frame: CachedFrame): void {
    const cost = frame.frame.length + (frame.echoes === undefined ? 0 : frame.frame.length + ECHO_OVERHEAD_BYTES * frame.count);
    if (cost > this.maxBytes) {
      this.clear();
      return;
    }
    this.frames.push(frame);
    this.costs.push(cost);
    this.held += cost;
    while (this.held > this.maxBytes) {
      this.frames.shift();
      this.held -= this.costs.shift() as number;
    }
  }

  /** The cached frame holding `offset`, or undefined (older than the cache, or past the durable end). */
  find(offset: number): CachedFrame | undefined {
    const frames = this.frames;
    let lo = 0;
    let hi = frames.length - 1;
    if (lo > hi || offset < frames[lo].base) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (frames[mid].base <= offset) lo = mid;
      else hi = mid - 1;
    }
    const found = frames[lo];
    return offset < found.base + found.count ? found : undefined;
  }

  /** Drops every frame (close, recovery). */
  clear(): void {
    this.frames.length = 0;
    this.costs.length = 0;
    this.held = 0;
  }
}
