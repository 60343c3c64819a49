import { OWNER_LABEL, PRODUCER_LABEL } from '../series/series.js';
import { percentEncode } from '../text/percent.js';
import { type OutputMetadata } from './output-series.js';

/**
 * `PE(name)=PE(value)` pairs joined by `,` (Warp 10 `GTSHelper.labelsToString` without the braces):
 * sorted by name when `sort` (Java TreeMap: UTF-16 order), else in map order; `.owner`/`.producer`
 * skipped when `hideOwnerProducer`.
 */
export function metaPairsText(map: ReadonlyMap<string, string>, sort: boolean, hideOwnerProducer: boolean): string {
  let out = '';
  for (const [name, value] of sort ? sortedEntries(map) : map) {
    if (hideOwnerProducer && (name === OWNER_LABEL || name === PRODUCER_LABEL)) continue;
    if (out !== '') out += ',';
    out += `${percentEncode(name)}=${percentEncode(value)}`;
  }
  return out;
}

/** Entries sorted by name, as a Java TreeMap iterates them. */
export function sortedEntries(map: ReadonlyMap<string, string>): [string, string][] {
  return [...map].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/**
 * Whether two series have the same class and labels (Warp 10 prints a new header only when they
 * change: `!name.equals(...) || !labels.equals(...)` in EgressFetchHandler).
 */
export function sameName(a: OutputMetadata | undefined, b: OutputMetadata): boolean {
  if (a === undefined) return false;
  if (a === b) return true;
  if (a.className !== b.className || a.labels.size !== b.labels.size) return false;
  for (const [name, value] of a.labels) if (b.labels.get(name) !== value) return false;
  return true;
}
