import { type PointColumns } from '../datapoints/point-columns.js';
import { type ByteSink } from '../text/byte-sink.js';
import { percentEncode } from '../text/percent.js';
import { metaPairsText, sameName } from './meta-text.js';
import { type FetchFormatOptions, type FetchFormatter, type OutputMetadata, TSV_CONTENT_TYPE } from './output-series.js';
import { keepsPoint } from './point-dedup.js';
import { writeTsvTick, writeValueText } from './point-render.js';

const utf8 = new TextEncoder();

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
  let last: OutputMetadata | undefined;
  let prefix = new Uint8Array(0);
  return {
    contentType: TSV_CONTENT_TYPE,
    begin: () => undefined,
    end: () => undefined,
    series(s: OutputMetadata, points: PointColumns, out: ByteSink): void {
      const n = points.length;
      if (n === 0) return;
      if (!sameName(last, s)) {
        last = s;
        const className = percentEncode(s.className);
        const labels = metaPairsText(s.labels, options.sortMeta, options.expose !== true);
        const attributes = metaPairsText(s.attributes, options.sortMeta, false);
        prefix = utf8.encode(full ? `${className}\t${labels}\t${attributes}\t` : '');
        if (!full) out.text(`# ${className}{${labels}}{${attributes}}\n`);
      }
      const dedup = options.dedup;
      for (let i = 0; i < n; i++) {
        if (dedup && !keepsPoint(points, i, true)) continue;
        out.bytes(prefix);
        writeTsvTick(out, points, i);
        out.byte(9);
        writeValueText(out, points, i);
        out.byte(10);
      }
    },
  };
}
