import type { Series } from './series.js';

/**
 * The order of directory answers (Warp 10 Directory `find`, reference §6.3): by class name, then by labels
 * compared name by name in name order (name, then value), fewer labels first, then by id. Strings compare by
 * UTF-16 code units, as Java's `String.compareTo`, so the order is the same on every node and locale.
 */
export function compareSeries(a: Series, b: Series): number {
  return compareKeyed(keyOf(a), keyOf(b));
}

/**
 * Merges lists each already in `compareSeries` order (e.g. the answers of the directory shards of a cell,
 * which hold disjoint series) into one list in that order. Series are not copied.
 */
export function mergeOrderedSeries(lists: readonly (readonly Series[])[]): Series[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return nonEmpty[0].slice();
  const heads = nonEmpty.map((list) => ({ list, at: 0, key: keyOf(list[0]) }));
  let total = 0;
  for (const l of nonEmpty) total += l.length;
  const out: Series[] = new Array<Series>(total);
  for (let n = 0; n < total; n++) {
    let best = 0;
    for (let i = 1; i < heads.length; i++) if (compareKeyed(heads[i].key, heads[best].key) < 0) best = i;
    const head = heads[best];
    out[n] = head.list[head.at++];
    if (head.at < head.list.length) head.key = keyOf(head.list[head.at]);
    else heads.splice(best, 1);
  }
  return out;
}

interface SeriesKey {
  readonly series: Series;
  /** Label names and values, alternating, sorted by name. */
  readonly labels: readonly string[];
}

function keyOf(series: Series): SeriesKey {
  const names = [...series.labels.keys()].sort(compareStrings);
  const labels: string[] = [];
  for (const name of names) labels.push(name, series.labels.get(name) as string);
  return { series, labels };
}

function compareKeyed(a: SeriesKey, b: SeriesKey): number {
  const byClass = compareStrings(a.series.className, b.series.className);
  if (byClass !== 0) return byClass;
  const n = Math.min(a.labels.length, b.labels.length);
  for (let i = 0; i < n; i++) {
    const c = compareStrings(a.labels[i], b.labels[i]);
    if (c !== 0) return c;
  }
  return a.labels.length - b.labels.length || compareStrings(a.series.id, b.series.id);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
