import { type Datapoint } from '../datapoints/datapoint.js';
import { percentEncode } from '../text/percent.js';
import { hasElevation, hasLocation, renderLocation, renderValueText } from '../text/value-render.js';
import { metaPairsText, sameName } from './meta-text.js';
import { type FetchFormatOptions, type FetchFormatter, type OutputSeries, TSV_CONTENT_TYPE } from './output-series.js';
import { forEachKeptPoint } from './point-dedup.js';

/**
 * `/api/v0/fetch?format=tsv` and `format=fulltsv` (EgressFetchHandler.tsvDump, reference §7.1).
 * Lines end with `\n`:
 * - tsv: a header `# CLASS{LABELS}{ATTRIBUTES}` when the class or labels change, then one
 *   `TS\tLAT\tLON\tELEV\tVALUE` line per point;
 * - fulltsv: `CLASS\tLABELS\tATTRIBUTES\tTS\tLAT\tLON\tELEV\tVALUE` on every line, labels and
 *   attributes as `k=v,…` without braces;
 * - absent location/elevation give empty fields; attributes are always shown (no showattr switch
 *   in Warp 10's tsv); `.owner`/`.producer` hidden unless `expose`; `sortMeta` sorts names.
 */
export function tsvFetchFormatter(options: FetchFormatOptions, full: boolean): FetchFormatter {
  let last: OutputSeries | undefined;
  let prefix = '';
  return {
    contentType: TSV_CONTENT_TYPE,
    begin: () => '',
    end: () => '',
    series(s: OutputSeries): string {
      if (s.points.length === 0) return '';
      let out = '';
      if (!sameName(last, s)) {
        last = s;
        const className = percentEncode(s.className);
        const labels = metaPairsText(s.labels, options.sortMeta, options.expose !== true);
        const attributes = metaPairsText(s.attributes, options.sortMeta, false);
        prefix = full ? `${className}\t${labels}\t${attributes}\t` : '';
        if (!full) out += `# ${className}{${labels}}{${attributes}}\n`;
      }
      forEachKeptPoint(s.points, options.dedup, (p) => {
        out += `${prefix}${tsvPoint(p)}\n`;
      });
      return out;
    },
  };
}

/** `TS\tLAT\tLON\tELEV\tVALUE`, empty fields when absent. */
export function tsvPoint(p: Datapoint): string {
  const loc = hasLocation(p) ? renderLocation(p.geo, '\t') : '\t';
  const elev = hasElevation(p) ? p.elev.toString() : '';
  return `${p.ts}\t${loc}\t${elev}\t${renderValueText(p.value)}`;
}
