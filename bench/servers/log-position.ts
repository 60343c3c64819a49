/**
 * Continuum's `X-Continuum-Log-Position` values (`data:0=12,3=40;metadata:0=5`: per topic, per partition, the
 * offset after the last record written), merged on the harness side: the maximum offset per partition of
 * every acknowledged write is the position a read must wait for to see all of them.
 */
export class LogPositionMerger {
  private readonly offsets = new Map<string, Map<number, number>>();

  /** Folds one header value in; an absent or empty header is ignored. */
  add(header: string | string[] | undefined): void {
    if (typeof header !== 'string' || header.trim() === '') return;
    for (const part of header.split(';')) {
      const colon = part.indexOf(':');
      if (colon < 0) throw new Error(`not a log position: '${header}'`);
      const topic = part.slice(0, colon).trim();
      let partitions = this.offsets.get(topic);
      if (partitions === undefined) this.offsets.set(topic, (partitions = new Map()));
      for (const entry of part.slice(colon + 1).split(',')) {
        const eq = entry.indexOf('=');
        const partition = Number(entry.slice(0, eq));
        const offset = Number(entry.slice(eq + 1));
        if (eq < 0 || !Number.isInteger(partition) || !Number.isInteger(offset)) throw new Error(`not a log position: '${header}'`);
        if (offset > (partitions.get(partition) ?? -1)) partitions.set(partition, offset);
      }
    }
  }

  /** The merged position, in the header's form ('' when nothing was added). */
  toString(): string {
    return [...this.offsets]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([topic, partitions]) => `${topic}:${[...partitions].sort((a, b) => a[0] - b[0]).map(([p, o]) => `${p}=${o}`).join(',')}`)
      .join(';');
  }
}
