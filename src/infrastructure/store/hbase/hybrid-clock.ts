/**
 * Cell timestamps for HBase mutations: wall-clock milliseconds, but strictly increasing within the
 * process. HBase keeps delete markers until a major compaction and hides every cell whose timestamp is
 * not above them, so a row deleted then written again in the same millisecond would stay invisible if
 * the server stamped both; the adapters stamp every put and delete themselves with `next()`.
 * Across processes, ordering relies on synchronised clocks (NTP), as HBase itself does.
 */
export class HybridClock {
  private last = 0;

  constructor(private readonly now: () => number = Date.now) {}

  next(): number {
    const t = this.now();
    this.last = t > this.last ? t : this.last + 1;
    return this.last;
  }
}
