import { InvariantViolation } from '../errors.js';
import { seriesUuid } from '../series/series-id.js';
import { type Attributes } from '../series/series.js';
import { jsonString } from '../text/json-string.js';
import { percentEncode } from '../text/percent.js';
import { jsonObject } from './json-fetch.formatter.js';
import { metaPairsText } from './meta-text.js';
import { type FindFormatOptions, type FindFormatter, JSON_CONTENT_TYPE, type OutputMetadata, TEXT_CONTENT_TYPE } from './output-series.js';

/** The attribute `/find?showuuid=true` adds (Warp 10 `Constants.UUID_ATTRIBUTE`). */
export const UUID_ATTRIBUTE = '.uuid';

/**
 * The formatter for `/api/v0/find` (EgressFindHandler, reference §6.4); `format=json` gives JSON,
 * anything else text.
 * - text: one line per series, `PE(class){PE(k)=PE(v),…}{ATTRIBUTES}\n`. The labels block is printed
 *   only if the series has at least one label — counted before `.owner`/`.producer` are hidden, as in
 *   Warp 10, so pass labels unfiltered to get `class{}` for a series with only hidden labels; the
 *   attributes block only with `showAttributes` (`{}` when none); `sortMeta` sorts both.
 * - json: `[\n`, objects `{"c":…,"l":{…},"a":{…},"la":…}` separated by `,\n`, then `\n]\n`
 *   (so no series gives `[\n\n]\n`); attributes always, map order.
 * - `showUuid` adds the attribute `.uuid` = series UUID (needs `id` on every series).
 */
export function findFormatter(format: string | undefined, options: FindFormatOptions): FindFormatter {
  return format === 'json' ? jsonFind(options) : textFind(options);
}

function textFind(options: FindFormatOptions): FindFormatter {
  const hide = options.expose !== true;
  return {
    contentType: TEXT_CONTENT_TYPE,
    begin: () => '',
    end: () => '',
    series(s: OutputMetadata): string {
      let out = percentEncode(s.className);
      if (s.labels.size > 0) out += `{${metaPairsText(s.labels, options.sortMeta, hide)}}`;
      if (options.showAttributes) out += `{${metaPairsText(attributesOf(s, options), options.sortMeta, false)}}`;
      return `${out}\n`;
    },
  };
}

function jsonFind(options: FindFormatOptions): FindFormatter {
  const hide = options.expose !== true;
  let first = true;
  return {
    contentType: JSON_CONTENT_TYPE,
    begin: () => '[\n',
    end: () => '\n]\n',
    series(s: OutputMetadata): string {
      const sep = first ? '' : ',\n';
      first = false;
      const la = s.lastActivity === undefined ? 0 : Math.trunc(s.lastActivity);
      return `${sep}{"c":${jsonString(s.className)},"l":${jsonObject(s.labels, hide)},"a":${jsonObject(attributesOf(s, options), false)},"la":${la}}`;
    },
  };
}

function attributesOf(s: OutputMetadata, options: FindFormatOptions): Attributes {
  if (!options.showUuid) return s.attributes;
  if (s.id === undefined) throw new InvariantViolation('find output with showuuid needs series ids');
  return new Map([...s.attributes, [UUID_ATTRIBUTE, seriesUuid(s.id)]]);
}
