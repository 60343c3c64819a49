import { type Datapoint } from '../datapoints/datapoint.js';
import { percentEncode } from '../text/percent.js';
import { hasElevation, hasLocation, renderLocation, renderValueText } from '../text/value-render.js';
import { metaPairsText, sameName } from './meta-text.js';
import { type FetchFormatOptions, type FetchFormatter, type OutputSeries, TEXT_CONTENT_TYPE } from './output-series.js';
import { forEachKeptPoint } from './point-dedup.js';

/**
 * `/api/v0/fetch?format=text` and `format=fulltext` (EgressFetchHandler.textDump, reference §7.1).
 * Lines end with `\n`:
 * - text: `TS/LAT:LON/ELEV CLASS{LABELS} VALUE` for the first point after the class or labels
 *   change, then `=TS/LAT:LON/ELEV VALUE`; fulltext: the full line for every point;
 * - empty location/elevation leave the slashes (`1000// temp{} 42`);
 * - `CLASS{LABELS}` is PE-encoded, `.owner`/`.producer` hidden unless `expose`; with `showAttributes`
 *   it is followed by `{ATTRIBUTES}` (`{}` when none); `sortMeta` sorts labels and attributes.
 */
export function textFetchFormatter(options: FetchFormatOptions, full: boolean): FetchFormatter {
  let last: OutputSeries | undefined;
  let header = '';
  return {
    contentType: TEXT_CONTENT_TYPE,
    begin: () => '',
    end: () => '',
    series(s: OutputSeries): string {
      if (s.points.length === 0) return '';
      let needHeader = !sameName(last, s);
      if (needHeader) {
        last = s;
        header = textHeader(s, options);
      }
      let out = '';
      forEachKeptPoint(s.points, options.dedup, (p) => {
        if (full || needHeader) {
          out += `${tick(p)} ${header} ${renderValueText(p.value)}\n`;
          needHeader = false;
        } else {
          out += `=${tick(p)} ${renderValueText(p.value)}\n`;
        }
      });
      return out;
    },
  };
}

/** `CLASS{LABELS}` plus `{ATTRIBUTES}` with showAttributes, as text formats print it. */
export function textHeader(s: OutputSeries, options: FetchFormatOptions): string {
  const hide = options.expose !== true;
  let out = `${percentEncode(s.className)}{${metaPairsText(s.labels, options.sortMeta, hide)}}`;
  if (options.showAttributes) out += `{${metaPairsText(s.attributes, options.sortMeta, false)}}`;
  return out;
}

/** `TS/LAT:LON/ELEV` with empty parts when absent (GTSHelper.tickToString). */
export function tick(p: Datapoint): string {
  const loc = hasLocation(p) ? renderLocation(p.geo, ':') : '';
  const elev = hasElevation(p) ? p.elev.toString() : '';
  return `${p.ts}/${loc}/${elev}`;
}
