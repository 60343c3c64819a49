/**
 * Merges values of the `X-Continuum-Log-Position` header (`data:0=12,3=40;metadata:0=5`): per topic and
 * partition the larger offset wins, so a read given the result waits for every write it covers.
 * Undefined or empty inputs are ignored; the output lists topics and partitions in sorted order.
 */
export function mergePositions(...positions: (string | undefined)[]): string {
  const merged = new Map<string, Map<number, number>>();
  for (const text of positions) {
    if (text === undefined || text.trim() === '') continue;
    for (const part of text.split(';')) {
      const colon = part.indexOf(':');
      if (colon < 0) throw new Error(`not a log position: '${text}'`);
      const topic = part.slice(0, colon).trim();
      const offsets = merged.get(topic) ?? new Map<number, number>();
      merged.set(topic, offsets);
      for (const entry of part.slice(colon + 1).split(',')) {
        const [p, o] = entry.split('=').map((s) => Number(s.trim()));
        if (!Number.isInteger(p) || !Number.isInteger(o)) throw new Error(`not a log position: '${text}'`);
        offsets.set(p, Math.max(o, offsets.get(p) ?? 0));
      }
    }
  }
  return [...merged.keys()]
    .sort()
    .map((topic) => {
      const offsets = [...merged.get(topic)!].sort((a, b) => a[0] - b[0]);
      return `${topic}:${offsets.map(([p, o]) => `${p}=${o}`).join(',')}`;
    })
    .join(';');
}
