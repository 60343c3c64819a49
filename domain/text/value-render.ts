import { type Datapoint } from '../datapoints/datapoint.js';
import { type Value } from '../datapoints/value.js';
import { base64UrlEncode } from './base64url.js';
import { decimalToJavaString, decimalToPlainText } from './java-big-decimal.js';
import { javaDoubleToString } from './java-double.js';
import { jsonLatin1String, jsonString } from './json-string.js';
import { percentEncode } from './percent.js';

/** Warp 10's "no location" GeoXPPoint sentinel (GeoTimeSerie.NO_LOCATION, reference §3.4). */
export const NO_LOCATION = 0x0145014501450145n;
/** Warp 10's "no elevation" sentinel (Long.MIN_VALUE, reference §3.4). */
export const NO_ELEVATION = -(2n ** 63n);

/**
 * A value as the text formats print it (`GTSHelper.encodeValue`, reference §7.1 "Value rendering";
 * shared by text, fulltext, tsv, fulltsv and Plasma text): LONG decimal; DOUBLE Java
 * `Double.toString`; DECIMAL plain with trailing zeros stripped and `.0` when integral; BOOLEAN `T`/`F`;
 * STRING `'` + PE-encoded + `'`; BINARY `b64:` + URL-safe base64 without padding.
 */
export function renderValueText(value: Value): string {
  switch (value.type) {
    case 'LONG': return value.value.toString();
    case 'DOUBLE': return javaDoubleToString(value.value);
    case 'DECIMAL': return decimalToPlainText(value.unscaled, value.scale);
    case 'BOOLEAN': return value.value ? 'T' : 'F';
    case 'STRING': return `'${percentEncode(value.value)}'`;
    case 'BINARY': return `b64:${base64UrlEncode(value.value)}`;
  }
}

/**
 * A value as the JSON fetch output prints it (`EgressFetchHandler.jsonDump`, reference §7.1 json):
 * numbers with Java `toString` (DOUBLE `Double.toString`, so `NaN`/`Infinity` bare and not valid
 * JSON, as in Warp 10; DECIMAL `BigDecimal.toString`, so `10` prints `1E+1`), booleans `true`/`false`,
 * strings JSON-escaped with non-ASCII as `\uXXXX`, binary as the ISO-8859-1 string of its bytes.
 */
export function renderValueJson(value: Value): string {
  switch (value.type) {
    case 'LONG': return value.value.toString();
    case 'DOUBLE': return javaDoubleToString(value.value);
    case 'DECIMAL': return decimalToJavaString(value.unscaled, value.scale);
    case 'BOOLEAN': return value.value ? 'true' : 'false';
    case 'STRING': return jsonString(value.value);
    case 'BINARY': return jsonLatin1String(value.value);
  }
}

/** Whether the point has a location Warp 10 would print (absent and the NO_LOCATION sentinel are not). */
export function hasLocation(p: Datapoint): p is Datapoint & { geo: bigint } {
  return p.geo !== undefined && p.geo !== NO_LOCATION;
}

/** Whether the point has an elevation Warp 10 would print (absent and Long.MIN_VALUE are not). */
export function hasElevation(p: Datapoint): p is Datapoint & { elev: bigint } {
  return p.elev !== undefined && p.elev !== NO_ELEVATION;
}

/**
 * Latitude and longitude of a GeoXPPoint, each with Java `Double.toString`, joined by `separator`
 * (`:` in text, `\t` in tsv, `,` in JSON; reference §7.1). Decodes like `fromGeoPoint` (geo.ts) with
 * the same arithmetic, hence the same doubles, but without per-bit BigInt work: it runs per point.
 */
export function renderLocation(geo: bigint, separator: string): string {
  const hi = Number(geo >> 32n) >>> 0;
  const lo = Number(BigInt.asUintN(32, geo));
  const latU = compactEvenBits(hi >>> 1) * 65536 + compactEvenBits(lo >>> 1);
  const lonU = compactEvenBits(hi) * 65536 + compactEvenBits(lo);
  const lat = (latU * 180) / TWO32 - 90;
  const lon = (lonU * 360) / TWO32 - 180;
  return javaDoubleToString(lat) + separator + javaDoubleToString(lon);
}

/** An elevation as Warp 10 prints it: the long in decimal. */
export function renderElevation(elev: bigint): string {
  return elev.toString();
}

const TWO32 = 4294967296;

// Gathers bits 0, 2, 4, … 30 of a 32-bit word into a 16-bit number.
function compactEvenBits(x: number): number {
  x &= 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}
