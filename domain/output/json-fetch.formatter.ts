import { type Datapoint } from '../datapoints/datapoint.js';
import { OWNER_LABEL, PRODUCER_LABEL, labelsIdOf } from '../series/series.js';
import { jsonString } from '../text/json-string.js';
import { hasElevation, hasLocation, renderLocation, renderValueJson } from '../text/value-render.js';
import { sameName } from './meta-text.js';
import { type FetchFormatOptions, type FetchFormatter, JSON_CONTENT_TYPE, type OutputSeries } from './output-series.js';
import { forEachKeptPoint } from './point-dedup.js';

/**
 * `/api/v0/fetch?format=json` (EgressFetchHandler.jsonDump, reference §7.1): one array, one object
 * per series, no whitespace:
 * `[{"c":CLASS,"l":{LABELS},"a":{ATTRIBUTES},"i":"ID","la":LASTACTIVITY,"v":[[TS,(LAT,LON,)(ELEV,)VALUE],…]},…]`
 * - labels without `.owner`/`.producer` unless `expose`; attributes always; map order (no sortmeta);
 * - `i` is `labelsId & mask` in decimal, quoted, where the mask is a random non-negative long drawn
 *   once per formatter (so it changes on every request, as in Warp 10), or `jsonIdMask`; `"0"` when
 *   the series has no id; `la` is lastActivity in ms, 0 when unknown;
 * - values per `renderValueJson` (Java number texts, so `NaN`/`Infinity` appear bare as in Warp 10);
 * - the class/labels header is printed again only when they change, as in text output;
 * - an empty result is `[]`.
 */
export function jsonFetchFormatter(options: FetchFormatOptions): FetchFormatter {
  const mask = options.jsonIdMask ?? randomMask();
  let last: OutputSeries | undefined;
  let printedAny = false;
  return {
    contentType: JSON_CONTENT_TYPE,
    begin: () => '[',
    end: () => (printedAny ? ']}]' : ']'),
    series(s: OutputSeries): string {
      if (s.points.length === 0) return '';
      let out = '';
      let continuation = sameName(last, s);
      if (!continuation) {
        last = s;
        out += (printedAny ? ']},' : '') + jsonHeader(s, mask, options.expose === true);
        printedAny = true;
      }
      forEachKeptPoint(s.points, options.dedup, (p) => {
        out += (continuation ? ',' : '') + jsonPoint(p);
        continuation = true;
      });
      return out;
    },
  };
}

/** `{"c":…,"l":{…},"a":{…},"i":"…","la":…,"v":[` */
function jsonHeader(s: OutputSeries, mask: bigint, expose: boolean): string {
  const id = s.id === undefined ? 0n : labelsIdOf(s.id) & mask;
  const la = s.lastActivity === undefined ? 0 : Math.trunc(s.lastActivity);
  return `{"c":${jsonString(s.className)},"l":${jsonObject(s.labels, !expose)},"a":${jsonObject(s.attributes, false)},"i":"${id}","la":${la},"v":[`;
}

/** A JSON object of string pairs in map order, optionally without `.owner`/`.producer`. */
export function jsonObject(map: ReadonlyMap<string, string>, hideOwnerProducer: boolean): string {
  let out = '{';
  for (const [name, value] of map) {
    if (hideOwnerProducer && (name === OWNER_LABEL || name === PRODUCER_LABEL)) continue;
    if (out.length > 1) out += ',';
    out += `${jsonString(name)}:${jsonString(value)}`;
  }
  return `${out}}`;
}

function jsonPoint(p: Datapoint): string {
  let out = `[${p.ts}`;
  if (hasLocation(p)) out += `,${renderLocation(p.geo, ',')}`;
  if (hasElevation(p)) out += `,${p.elev}`;
  return `${out},${renderValueJson(p.value)}]`;
}

// Java: (long) (Math.random() * Long.MAX_VALUE), a non-negative long.
function randomMask(): bigint {
  const hi = BigInt(Math.floor(Math.random() * 0x80000000));
  const lo = BigInt(Math.floor(Math.random() * 0x100000000));
  return (hi << 32n) | lo;
}
