import type { Series, SeriesId } from '../../../../domain/series/series.js';

/**
 * Value of a registry row ('M' || seriesId): UTF-8 JSON `{"c": className, "l": [[name, value]…],
 * "a": [[name, value]…], "t"?: lastActivity}`. Labels and attributes are arrays of pairs, never object
 * keys, so names such as `__proto__` round-trip and Map order is kept. The id is the key's, not repeated.
 */
interface Row {
  c: string;
  l: [string, string][];
  a: [string, string][];
  t?: number;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

export function encodeSeriesRow(series: Series): Uint8Array {
  const row: Row = { c: series.className, l: [...series.labels], a: [...series.attributes] };
  if (series.lastActivity !== undefined) row.t = series.lastActivity;
  return utf8.encode(JSON.stringify(row));
}

/** Decodes a row written by encodeSeriesRow; throws a TypeError naming the series if it is not one. */
export function decodeSeriesRow(id: SeriesId, bytes: Uint8Array): Series {
  const row = JSON.parse(fromUtf8.decode(bytes)) as Partial<Row>;
  if (typeof row.c !== 'string' || !isPairs(row.l) || !isPairs(row.a) || (row.t !== undefined && typeof row.t !== 'number')) {
    throw new TypeError(`cannot decode registry row of ${id}: unexpected shape`);
  }
  const series: Series = { id, className: row.c, labels: new Map(row.l), attributes: new Map(row.a) };
  return row.t === undefined ? series : { ...series, lastActivity: row.t };
}

function isPairs(x: unknown): x is [string, string][] {
  return Array.isArray(x) && x.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string');
}
