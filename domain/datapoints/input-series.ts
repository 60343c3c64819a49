import { toGeoPoint } from '../series/geo.js';
import type { SeriesName } from '../series/series.js';
import { percentEncode } from '../text/percent.js';
import { parseJavaDouble, parseJavaLongAt } from './java-number.js';

/** Warp 10's "no location" and "no elevation" markers (§3.4): written explicitly, they mean absent. */
export const NO_LOCATION = 0x0145014501450145n;
export const NO_ELEVATION = -(2n ** 63n);

/**
 * The location of an input line, text[from, to): `lat:lon` (degrees) or a raw GeoXPPoint long. Returns
 * undefined for Warp 10's "no location" marker and null when the text is not a location.
 */
export function parseLocation(text: string, from: number, to: number): bigint | undefined | null {
  const colon = text.indexOf(':', from);
  let geo: bigint | undefined;
  if (colon >= 0 && colon < to) {
    const lat = parseJavaDouble(text.slice(from, colon));
    const lon = lat === undefined ? undefined : parseJavaDouble(text.slice(colon + 1, to));
    if (lat !== undefined && lon !== undefined) geo = toGeoPoint(lat, lon);
  } else {
    geo = parseJavaLongAt(text, from, to);
  }
  if (geo === undefined) return null;
  return geo === NO_LOCATION ? undefined : geo;
}

/** Warp 10 `GTSHelper.buildSelector(metadata, false)`: how a series is named in error messages. */
export function selectorText(name: SeriesName | undefined): string {
  if (name === undefined) return '';
  const c = name.className.charCodeAt(0);
  const prefix = c === 0x3d || c === 0x7e ? '=' : '';
  const labels = [...name.labels.keys()].sort().map((k) => `${percentEncode(k)}=${percentEncode(name.labels.get(k) ?? '')}`);
  return `${prefix}${percentEncode(name.className)}{${labels.join(',')}}`;
}

/** Same class name and same labels (in any order). */
export function sameName(a: SeriesName, b: SeriesName): boolean {
  if (a.className !== b.className || a.labels.size !== b.labels.size) return false;
  for (const [k, v] of a.labels) if (b.labels.get(k) !== v) return false;
  return true;
}
