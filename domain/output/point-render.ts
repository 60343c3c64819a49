import { type Datapoint } from '../datapoints/datapoint.js';
import { KIND_DECIMAL, KIND_DOUBLE, KIND_FALSE, KIND_LONG, KIND_OBJECT, KIND_TRUE, type PointColumns } from '../datapoints/point-columns.js';
import type { ByteSink } from '../text/byte-sink.js';
import { writeDecimalJson, writeDecimalText } from '../text/decimal-bytes.js';
import { javaDoubleToString } from '../text/java-double.js';
import { hasElevation, hasLocation, renderLocation, renderValueJson, renderValueText } from '../text/value-render.js';

/*
 * The parts of a point the fetch formats print, written from columns into bytes. Numeric points (see
 * PointColumns) are printed from the columns; the others (STRING, BINARY, geo/elevation, numbers beyond 2^53)
 * through the Datapoint text functions, which are the reference for both.
 */

const SLASH = 47;
const TAB = 9;
const COMMA = 44;

/** The value of point `i` as the text formats print it (renderValueText). */
export function writeValueText(out: ByteSink, c: PointColumns, i: number): void {
  switch (c.kind[i]) {
    case KIND_LONG: return out.int(c.num[i]);
    case KIND_DOUBLE: return out.text(javaDoubleToString(c.num[i]));
    case KIND_DECIMAL: return writeDecimalText(out, c.num[i], c.scale[i]);
    case KIND_TRUE: return out.byte(84); // 'T'
    case KIND_FALSE: return out.byte(70); // 'F'
    default: return out.text(renderValueText(c.objectAt(i).value));
  }
}

/** The value of point `i` as JSON output prints it (renderValueJson). */
export function writeValueJson(out: ByteSink, c: PointColumns, i: number): void {
  switch (c.kind[i]) {
    case KIND_LONG: return out.int(c.num[i]);
    case KIND_DOUBLE: return out.text(javaDoubleToString(c.num[i]));
    case KIND_DECIMAL: return writeDecimalJson(out, c.num[i], c.scale[i]);
    case KIND_TRUE: return out.text('true');
    case KIND_FALSE: return out.text('false');
    default: return out.text(renderValueJson(c.objectAt(i).value));
  }
}

/** `TS/LAT:LON/ELEV` of point `i`, empty parts when absent (GTSHelper.tickToString). */
export function writeTextTick(out: ByteSink, c: PointColumns, i: number): void {
  if (c.kind[i] === KIND_OBJECT) return out.text(tick(c.objectAt(i)));
  out.int(c.ts[i]);
  out.byte(SLASH);
  out.byte(SLASH);
}

/** `TS\tLAT\tLON\tELEV` of point `i`, empty fields when absent. */
export function writeTsvTick(out: ByteSink, c: PointColumns, i: number): void {
  if (c.kind[i] === KIND_OBJECT) return out.text(tsvTick(c.objectAt(i)));
  out.int(c.ts[i]);
  out.byte(TAB);
  out.byte(TAB);
  out.byte(TAB);
}

/** `[TS,(LAT,LON,)(ELEV,)VALUE]` of point `i`. */
export function writeJsonPoint(out: ByteSink, c: PointColumns, i: number): void {
  out.byte(91); // '['
  if (c.kind[i] === KIND_OBJECT) {
    const p = c.objectAt(i);
    out.text(p.ts.toString());
    if (hasLocation(p)) out.text(`,${renderLocation(p.geo, ',')}`);
    if (hasElevation(p)) out.text(`,${p.elev}`);
  } else {
    out.int(c.ts[i]);
  }
  out.byte(COMMA);
  writeValueJson(out, c, i);
  out.byte(93); // ']'
}

/** `TS/LAT:LON/ELEV` of a Datapoint. */
export function tick(p: Datapoint): string {
  const loc = hasLocation(p) ? renderLocation(p.geo, ':') : '';
  const elev = hasElevation(p) ? p.elev.toString() : '';
  return `${p.ts}/${loc}/${elev}`;
}

/** `TS\tLAT\tLON\tELEV` of a Datapoint. */
export function tsvTick(p: Datapoint): string {
  const loc = hasLocation(p) ? renderLocation(p.geo, '\t') : '\t';
  const elev = hasElevation(p) ? p.elev.toString() : '';
  return `${p.ts}\t${loc}\t${elev}`;
}
