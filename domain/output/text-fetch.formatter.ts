import { type PointColumns } from '../datapoints/point-columns.js';
import { type ByteSink } from '../text/byte-sink.js';
import { percentEncode } from '../text/percent.js';
import { metaPairsText, sameName } from './meta-text.js';
import { type FetchFormatOptions, type FetchFormatter, type OutputMetadata, TEXT_CONTENT_TYPE } from './output-series.js';
import { keepsPoint } from './point-dedup.js';
import { writeTextTick, writeValueText } from './point-render.js';
import { TextLineWriter } from './text-lines.js';

const utf8 = new TextEncoder();

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
  let last: OutputMetadata | undefined;
  let header = new Uint8Array(0);
  const lines = new TextLineWriter();
  return {
    contentType: TEXT_CONTENT_TYPE,
    begin: () => undefined,
    end: () => undefined,
    series(s: OutputMetadata, points: PointColumns, out: ByteSink): void {
      const n = points.length;
      if (n === 0) return;
      let needHeader = !sameName(last, s);
      if (needHeader) {
        last = s;
        header = utf8.encode(textHeader(s, options));
      }
      const dedup = options.dedup;
      // Continuation lines of the usual points in one step (text-lines.ts); the others point by point below.
      const fused = !full && !dedup;
      for (let i = 0; i < n; i++) {
        if (fused && !needHeader) {
          i = lines.continuations(out, points, i, n);
          if (i === n) break;
        }
        if (dedup && !keepsPoint(points, i, true)) continue;
        if (full || needHeader) {
          writeTextTick(out, points, i);
          out.byte(32);
          out.bytes(header);
          needHeader = false;
        } else {
          out.byte(61); // '='
          writeTextTick(out, points, i);
        }
        out.byte(32);
        writeValueText(out, points, i);
        out.byte(10);
      }
    },
  };
}

/** `CLASS{LABELS}` plus `{ATTRIBUTES}` with showAttributes, as text formats print it. */
export function textHeader(s: OutputMetadata, options: FetchFormatOptions): string {
  const hide = options.expose !== true;
  let out = `${percentEncode(s.className)}{${metaPairsText(s.labels, options.sortMeta, hide)}}`;
  if (options.showAttributes) out += `{${metaPairsText(s.attributes, options.sortMeta, false)}}`;
  return out;
}
