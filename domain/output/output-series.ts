import { type Datapoint } from '../datapoints/datapoint.js';
import { type PointColumns } from '../datapoints/point-columns.js';
import { type Attributes, type Labels, type SeriesId } from '../series/series.js';
import { type ByteSink } from '../text/byte-sink.js';

/**
 * What the output formats need to know about a series. `Series` (series.ts) fits as is.
 * Labels may be given with `.owner`/`.producer`: formatters hide them unless `expose` is set, exactly
 * where Warp 10 does (giving them unfiltered reproduces Warp 10 to the byte; see FindFormatOptions).
 */
export interface OutputMetadata {
  readonly className: string;
  readonly labels: Labels;
  readonly attributes: Attributes;
  /** ms since the epoch; printed as `la` in JSON (0 when unknown, as Warp 10). */
  readonly lastActivity?: number;
  /** Needed for `showuuid` on /find and for the `i` field of JSON fetch output. */
  readonly id?: SeriesId;
}

/** A series with its points as Datapoints, newest first (FetchFormatter takes them as PointColumns.of(points)). */
export interface OutputSeries extends OutputMetadata {
  readonly points: readonly Datapoint[];
}

/** Options of `/api/v0/fetch` output (reference §7.1). */
export interface FetchFormatOptions {
  /** `showattr=true`: text/fulltext append `{attributes}` after the labels. tsv/fulltsv/json always show them. */
  readonly showAttributes: boolean;
  /** `sortmeta=true`: labels and attributes sorted by name (text, fulltext, tsv, fulltsv; not json). */
  readonly sortMeta: boolean;
  /** `dedup=true`: drop consecutive duplicates (first of a run kept, and the last of the final run). */
  readonly dedup: boolean;
  /** Show `.owner`/`.producer` (signed fetch or `.expose` token); default false: hidden. */
  readonly expose?: boolean;
  /** Mask for the JSON `i` field (labelsId & mask); default: a random non-negative long per formatter. */
  readonly jsonIdMask?: bigint;
}

/**
 * Renders one fetch response, piece by piece, into bytes, so the caller can stream: `begin(out)`, then
 * `series(s, points, out)` for each series in output order, then `end(out)`. A formatter is stateful (it
 * prints a class/labels header only when they change, like Warp 10) and serves exactly one response.
 * A long series MAY be passed as consecutive chunks of the same series: no new header is printed for
 * the continuation. With `dedup`, each call is deduplicated on its own, as Warp 10 does per decoder.
 * Series without points print nothing. Points are newest first, as fetched.
 */
export interface FetchFormatter {
  /** The Content-Type to send (Warp 10 sets none; these are the conventional types with UTF-8). */
  readonly contentType: string;
  begin(out: ByteSink): void;
  series(s: OutputMetadata, points: PointColumns, out: ByteSink): void;
  end(out: ByteSink): void;
}

/** Options of `/api/v0/find` output (reference §6.4). */
export interface FindFormatOptions {
  /** `showattr` (default true on /find): text lines end with `{attributes}` (`{}` when none). */
  readonly showAttributes: boolean;
  /** `sortmeta=true`: labels and attributes sorted by name (text only, as Warp 10). */
  readonly sortMeta: boolean;
  /** `showuuid=true`: add the attribute `.uuid` (series UUID, reference §3.2); needs `id` on each series. */
  readonly showUuid: boolean;
  /** Show `.owner`/`.producer` (`.expose` token); default false. */
  readonly expose?: boolean;
}

/** Renders one /find response piece by piece, like FetchFormatter. */
export interface FindFormatter {
  readonly contentType: string;
  begin(): string;
  series(s: OutputMetadata): string;
  end(): string;
}

export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const TSV_CONTENT_TYPE = 'text/tab-separated-values; charset=utf-8';
