/**
 * A small in-memory index of one segment: some (frame base offset, file position) pairs, at most one per
 * `interval` bytes, in increasing order. Readers start scanning from the nearest entry at or before the
 * offset they want instead of from the segment start, so that reading from N checkpoints costs
 * O(N · interval) bytes instead of O(N · segment). Entries are only ever appended (the writer and readers
 * add frames they pass, in order); a truncated tail is forgotten with `truncateFrom`.
 */
export class SparseIndex {
  private offsets: number[] = [0];
  private positions: number[] = [0];

  constructor(
    baseOffset: number,
    private readonly interval: number,
  ) {
    this.offsets[0] = baseOffset;
  }

  /** Notes that a frame with base offset `offset` starts at `position`; ignored unless past the last entry by `interval` bytes. */
  add(offset: number, position: number): void {
    const last = this.positions.length - 1;
    if (offset > this.offsets[last] && position - this.positions[last] >= this.interval) {
      this.offsets.push(offset);
      this.positions.push(position);
    }
  }

  /** The entry with the largest offset <= `offset`: where to start scanning for it. */
  floor(offset: number): { offset: number; position: number } {
    let lo = 0;
    let hi = this.offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.offsets[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset: this.offsets[lo], position: this.positions[lo] };
  }

  /** Forgets the entries at or after `position` (the file was cut there). */
  truncateFrom(position: number): void {
    let n = this.positions.length;
    while (n > 1 && this.positions[n - 1] >= position) n--;
    this.offsets.length = n;
    this.positions.length = n;
  }

  get size(): number {
    return this.offsets.length;
  }
}
