import { jsonFetchFormatter } from './json-fetch.formatter.js';
import { type FetchFormatOptions, type FetchFormatter, TEXT_CONTENT_TYPE } from './output-series.js';
import { textFetchFormatter } from './text-fetch.formatter.js';
import { tsvFetchFormatter } from './tsv-fetch.formatter.js';

/** The textual fetch formats this module renders. */
export const FETCH_FORMATS = ['text', 'fulltext', 'json', 'tsv', 'fulltsv', 'null'] as const;

/**
 * The formatter for a `/api/v0/fetch` `format` parameter (reference §7.1): `text`, `fulltext`,
 * `json`, `tsv`, `fulltsv`, and `null` (reads everything, prints nothing). Anything else — including
 * a missing format — is `text`, as in Warp 10. The binary formats `raw`, `pack` and `wrapper` print
 * encoder bytes and are not handled here: a caller supporting them must pick them before calling this.
 */
export function fetchFormatter(format: string | undefined, options: FetchFormatOptions): FetchFormatter {
  switch (format) {
    case 'fulltext': return textFetchFormatter(options, true);
    case 'json': return jsonFetchFormatter(options);
    case 'tsv': return tsvFetchFormatter(options, false);
    case 'fulltsv': return tsvFetchFormatter(options, true);
    case 'null': return { contentType: TEXT_CONTENT_TYPE, begin: () => undefined, series: () => undefined, end: () => undefined };
    default: return textFetchFormatter(options, false);
  }
}
