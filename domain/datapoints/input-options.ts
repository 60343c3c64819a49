import type { Attributes, Labels, SeriesId, SeriesName } from '../series/series.js';
import type { Datapoint } from './datapoint.js';
import type { SeriesCache } from './series-cache.js';

/** Options of one /update request (reference §1). All times are in platform units. */
export interface InputParseOptions {
  /** "now" (§1.6); called only for lines whose timestamp is absent or `T`-relative. */
  now: () => bigint;
  /** `X-Warp10-Timeshift`, added to every timestamp after the `T` handling. */
  timeshift?: bigint;
  /** Labels forced by the write token (§2.3): they override same-named labels of the line. */
  forcedLabels?: Labels;
  /** `ingress.parse.attributes`: honour a `{attributes}` block, else skip it silently. */
  parseAttributes: boolean;
  /** `warp.labels.maxsize`, `warp.attributes.maxsize` (§1.4). */
  labelsMaxSize: number;
  attributesMaxSize: number;
  /** `ingress.value.maxsize` or the token's `.maxsize`: max chars of a STRING, bytes of a BINARY. */
  valueMaxSize: number;
  /** Accepted timestamps (maxpast/maxfuture, §1.5); out-of-range lines fail or, if ignored, are skipped. */
  timeWindow?: { min?: bigint; max?: bigint; ignoreOutOfRange: boolean };
  /**
   * Series named recently, by their raw text, with their ids (kept across requests). MUST only ever be used
   * with the same `forcedLabels`. Without it, lines carry no `id` and every new name is decoded.
   */
  seriesCache?: SeriesCache;
}

export interface ParsedLine {
  /** The same object as the previous line's when the series is the same, so callers can group by identity. */
  readonly name: SeriesName;
  /** The series id, when the options gave a `seriesCache`. */
  readonly id?: SeriesId;
  /** Only when this line carried an attributes block and `parseAttributes` is on. */
  readonly attributes?: Attributes;
  readonly point: Datapoint;
}
