import { type PointColumns } from '../datapoints/point-columns.js';
import { OWNER_LABEL, PRODUCER_LABEL, labelsIdOf } from '../series/series.js';
import { type ByteSink } from '../text/byte-sink.js';
import { jsonString } from '../text/json-string.js';
import { sameName } from './meta-text.js';
import { type FetchFormatOptions, type FetchFormatter, JSON_CONTENT_TYPE, type OutputMetadata } from './output-series.js';
import { keepsPoint } from './point-dedup.js';
import { writeJsonPoint } from './point-render.js';

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
  let last: OutputMetadata | undefined;
  let printedAny = false;
  return {
    contentType: JSON_CONTENT_TYPE,
    begin: (out) => out.byte(91), // '['
    end: (out) => out.text(printedAny ? ']}]' : ']'),
    series(s: OutputMetadata, points: PointColumns, out: ByteSink): void {
      const n = points.length;
      if (n === 0) return;
      let continuation = sameName(last, s);
      if (!continuation) {
        last = s;
        out.text((printedAny ? ']},' : '') + jsonHeader(s, mask, options.expose === true));
        printedAny = true;
      }
      const dedup = options.dedup;
      for (let i = 0; i < n; i++) {
        if (dedup && !keepsPoint(points, i, true)) continue;
        if (continuation) out.byte(44); // ','
        writeJsonPoint(out, points, i);
        continuation = true;
      }
    },
  };
}

/** `{"c":…,"l":{…},"a":{…},"i":"…","la":…,"v":[` */
function jsonHeader(s: OutputMetadata, mask: bigint, expose: boolean): string {
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

// Java: (long) (Math.random() * Long.MAX_VALUE), a non-negative long.
function randomMask(): bigint {
  const hi = BigInt(Math.floor(Math.random() * 0x80000000));
  const lo = BigInt(Math.floor(Math.random() * 0x100000000));
  return (hi << 32n) | lo;
}
